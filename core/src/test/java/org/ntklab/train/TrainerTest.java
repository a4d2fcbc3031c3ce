package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.ntklab.TestData;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;
import org.ntklab.net.Network;


class TrainerTest {

    static double[] labels(Matrix x, long seed) {
        double[] noise = TestData.gaussian(x.rows(), 1, seed).data();
        double[] y = new double[x.rows()];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(2 * x.get(i, 0)) + x.get(i, 1) * x.get(i, 2 % x.cols()) + 0.1 * noise[i];
        }
        return y;
    }

    /** Discrete kernel gradient descent, written plainly: f ← f − (η/n) K (f − y) on train and test. */
    static double[][] kernelDescent(Matrix k, Matrix kTest, double[] f0, double[] f0Test, double[] y, double lr, long steps) {
        int n = y.length;
        double[] f = f0.clone();
        double[] ft = f0Test.clone();
        for (long s = 0; s < steps; s++) {
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = f[i] - y[i];
            }
            double[] df = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    df[i] += k.get(i, j) * r[j];
                }
            }
            for (int i = 0; i < ft.length; i++) {
                double d = 0;
                for (int j = 0; j < n; j++) {
                    d += kTest.get(i, j) * r[j];
                }
                ft[i] -= lr / n * d;
            }
            for (int i = 0; i < n; i++) {
                f[i] -= lr / n * df[i];
            }
        }
        return new double[][] {f, ft};
    }

    @Test
    void linearisedNetworkIsKernelDescentWithTheInitialEmpiricalNtk() {
        Matrix x = TestData.gaussian(15, 3, 1);
        Matrix xt = TestData.gaussian(6, 3, 2);
        double[] y = labels(x, 3);
        for (Initialisation init : new Initialisation[] {Initialisation.standard(), Initialisation.mirrored()}) {
            FiniteNetwork net = FiniteNetwork.initialise(Preset.JACOT.spec(3, 2, new int[] {40, 30}), init, 5);
            Matrix k0 = EmpiricalNtk.structured(net, x);
            Matrix k0t = EmpiricalNtk.structured(net, xt, x);
            double[] f0 = net.output(x);
            double[] f0t = net.output(xt);
            double lr = 0.3;
            TrainingResult r = Trainer.trainLinearised(net, new TrainingData(x, y, xt, null, null),
                    TrainingConfig.gradientFlow(60 * lr, lr), ProgressListener.NONE);
            assertEquals(60, r.steps());
            double[][] expected = kernelDescent(k0, k0t, f0, f0t, y, lr, 60);
            assertTrue(TestData.relDiff(r.trainOutput(), expected[0]) <= 1e-10, init + " train " + TestData.relDiff(r.trainOutput(), expected[0]));
            assertTrue(TestData.relDiff(r.testOutput(), expected[1]) <= 1e-10, init + " test " + TestData.relDiff(r.testOutput(), expected[1]));
        }
    }

    @Test
    void wideNetworkFollowsKernelDescentWithItsOwnNtkAndApproachesTheAnalyticOne() {
        Matrix x = TestData.sphere(12, 3, 6);
        Matrix xt = TestData.sphere(5, 3, 7);
        double[] y = labels(x, 8);
        ArchitectureSpec base = Preset.ARORA.spec(3, 1, null);
        Matrix ka = new AnalyticKernel(base).ntk(x);
        Matrix kat = new AnalyticKernel(base).ntk(xt, x);
        int[] widths = {256, 512, 1024, 2048, 4096};
        double[] lx = new double[widths.length];
        double[] ly = new double[widths.length];
        for (int w = 0; w < widths.length; w++) {
            double gap = 0;
            int seeds = 3;
            for (int s = 0; s < seeds; s++) {
                FiniteNetwork net = FiniteNetwork.initialise(base.withWidths(widths[w]), Initialisation.standard(), 100L * w + s);
                Matrix k0 = EmpiricalNtk.structured(net, x);
                Matrix k0t = EmpiricalNtk.structured(net, xt, x);
                double[] f0 = net.output(x);
                double[] f0t = net.output(xt);
                double lr = 0.5;
                TrainingResult r = Trainer.train(net, new TrainingData(x, y, xt, null, null),
                        TrainingConfig.gradientFlow(100 * lr, lr).withRecords(1, 0), ProgressListener.NONE);
                double[][] own = kernelDescent(k0, k0t, f0, f0t, y, lr, 100);
                double[][] analytic = kernelDescent(ka, kat, f0, f0t, y, lr, 100);
                if (widths[w] == 4096) {
                    assertTrue(TestData.relDiff(r.trainOutput(), own[0]) <= 1e-2, "width 4096 vs own-NTK kernel descent "
                            + TestData.relDiff(r.trainOutput(), own[0]));
                    assertTrue(TestData.relDiff(r.testOutput(), own[1]) <= 1e-2, "test " + TestData.relDiff(r.testOutput(), own[1]));
                    // and the continuous flow (closed form) with the same kernel and f₀, at the end of the run
                    FlowPredictions kgf = new KernelGradientFlow(k0).predict(new double[] {100 * lr}, y, f0, k0t, f0t);
                    assertTrue(TestData.relDiff(r.trainOutput(), kgf.trainAt(0)) <= 1e-2, "vs closed-form KGF "
                            + TestData.relDiff(r.trainOutput(), kgf.trainAt(0)));
                    assertTrue(TestData.relDiff(r.testOutput(), kgf.testAt(0)) <= 1e-2);
                    System.out.printf("width 4096: GD vs own-NTK kernel descent %.3g (train), closed-form KGF %.3g (train) %.3g (test)%n",
                            TestData.relDiff(r.trainOutput(), own[0]), TestData.relDiff(r.trainOutput(), kgf.trainAt(0)),
                            TestData.relDiff(r.testOutput(), kgf.testAt(0)));
                }
                gap += TestData.relDiff(r.testOutput(), analytic[1]) / seeds;
            }
            lx[w] = Math.log(widths[w]);
            ly[w] = Math.log(gap);
        }
        double slope = TestData.slope(lx, ly);
        System.out.printf("GD vs KGF with the analytic NTK: mean relative gap %.3g at width 256, %.3g at 4096; fitted slope %.3f%n",
                Math.exp(ly[0]), Math.exp(ly[ly.length - 1]), slope);
        assertTrue(slope >= -0.75 && slope <= -0.3, "gap to analytic-NTK KGF: fitted slope " + slope);
    }

    @Test
    void trajectoriesDoNotDependOnTheThreadCount() {
        Matrix x = TestData.gaussian(70, 4, 9);
        double[] y = labels(x, 10);
        ArchitectureSpec spec = Preset.CHEN_LI_LIN.spec(4, 2, new int[] {64, 48});
        int before = ThreadBudget.threads();
        try {
            TrainingResult ref = null;
            for (int t : new int[] {1, 2, 4}) {
                ThreadBudget.setThreads(t);
                FiniteNetwork net = FiniteNetwork.initialise(spec, Initialisation.standard(), 11);
                TrainingResult r = Trainer.train(net, TrainingData.of(x, y), TrainingConfig.gradientFlow(5, Double.NaN),
                        ProgressListener.NONE);
                if (ref == null) {
                    ref = r;
                } else {
                    assertTrue(TestData.relDiff(r.trainOutput(), ref.trainOutput()) <= 1e-9);
                    assertEquals(ref.lr(), r.lr(), 1e-12 * ref.lr());
                    for (int k = 0; k < r.records().size(); k++) {
                        assertEquals(ref.records().get(k).trainLoss(), r.records().get(k).trainLoss(),
                                1e-9 * ref.records().get(k).trainLoss());
                    }
                }
            }
        } finally {
            ThreadBudget.setThreads(before);
        }
    }

    @Test
    void divergenceIsDetectedAndNamesTheStep() {
        Matrix x = TestData.gaussian(20, 3, 12);
        FiniteNetwork net = FiniteNetwork.initialise(Preset.ARORA.spec(3, 1, new int[] {64}), Initialisation.standard(), 1);
        double lambda = StepSize.lambdaMax(net, x);
        double tooBig = 20 * 2 * 20 / lambda;
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.train(net,
                TrainingData.of(x, labels(x, 13)), TrainingConfig.gradientFlow(1000 * tooBig, tooBig), ProgressListener.NONE));
        assertTrue(e.step() > 0 && e.getMessage().contains("smaller learning rate"), e.getMessage());
    }

    @Test
    void recordsMeasureTheRunAndDefaultStepIsStable() {
        Matrix x = TestData.gaussian(40, 3, 14);
        Matrix xt = TestData.gaussian(10, 3, 15);
        double[] y = labels(x, 16);
        double[] target = labels(xt, 17);
        FiniteNetwork net = FiniteNetwork.initialise(Preset.ARORA.spec(3, 2, new int[] {128, 128}), Initialisation.standard(), 2);
        FiniteNetwork initial = net.copy();
        TrainingConfig cfg = TrainingConfig.gradientFlow(20, Double.NaN);
        TrainingResult r = Trainer.train(net, new TrainingData(x, y, xt, target, target), cfg, ProgressListener.NONE);
        assertTrue(r.lambdaMax() > 0);
        assertTrue(r.lr() <= 0.5 * 2 * 40 / r.lambdaMax() && r.lr() > 0.9 * 0.5 * 2 * 40 / r.lambdaMax());
        assertEquals(20.0, r.last().time(), 1e-12, "η · steps lands on T");
        TrainingRecord first = r.records().get(0);
        TrainingRecord last = r.last();
        assertEquals(0.0, first.time());
        assertEquals(0.0, first.kernelDrift(), 1e-15);
        assertEquals(0.0, first.patternChange());
        assertEquals(0.0, first.relParamMove());
        assertTrue(last.trainLoss() < 0.2 * first.trainLoss(), "loss falls: " + first.trainLoss() + " → " + last.trainLoss());
        assertTrue(last.kernelDrift() > 0 && last.kernelDrift() < 1);
        assertTrue(last.patternChange() > 0 && last.patternChange() < 0.5);
        assertTrue(last.maxNeuronMove() > 0 && last.relParamMove() > 0);
        assertEquals(last.testErrorLabels(), last.testErrorTarget());
        double gap = Trainer.discretisationGap(initial, TrainingData.of(x, y), cfg, r.lr());
        assertTrue(gap < 5e-2, "η vs η/2 gap " + gap);
    }

    @Test
    void otherOptimisersTrainAndRunsTrainConcurrently() {
        Matrix x = TestData.gaussian(32, 3, 18);
        double[] y = labels(x, 19);
        ArchitectureSpec spec = Preset.JACOT.spec(3, 1, new int[] {64});
        List<Supplier<TrainingResult>> runs = new ArrayList<>();
        for (OptimizerSpec.Kind kind : OptimizerSpec.Kind.values()) {
            double lr = kind == OptimizerSpec.Kind.ADAM ? 1e-2 : 0.2;
            runs.add(() -> Trainer.train(FiniteNetwork.initialise(spec, Initialisation.standard(), 3), TrainingData.of(x, y),
                    TrainingConfig.gradientFlow(200 * lr, lr).withOptimizer(OptimizerSpec.of(kind, lr)).withBatch(8, 4),
                    ProgressListener.NONE));
        }
        List<TrainingResult> parallel = Trainer.trainAll(runs);
        for (int k = 0; k < runs.size(); k++) {
            TrainingResult r = parallel.get(k);
            assertTrue(r.last().trainLoss() < r.records().get(0).trainLoss(), OptimizerSpec.Kind.values()[k] + " reduces the loss");
            assertArrayEquals(runs.get(k).get().trainOutput(), r.trainOutput(), 0.0, "concurrent = sequential");
        }
    }

    @Test
    void badTrainingRequestsAreNamed() {
        Matrix x = TestData.gaussian(5, 2, 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TrainingData.of(x, new double[4])).getMessage().contains("labels"));
        assertThrows(IllegalArgumentException.class, () -> TrainingConfig.gradientFlow(-1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.gd(-0.1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.Kind.parse("rmsprop")).getMessage().contains("rmsprop"));
    }
}
