package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ntklab.TestData;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;
import org.ntklab.net.Network;

/** Training a network with k outputs on N × k labels, against kernel descent and the scalar case. */
class MultiOutputTrainingTest {

    private static final int K = 3;

    /** N × k labels: output a is a different smooth function of the point. */
    private static Matrix labels(Matrix x, long seed) {
        Matrix y = new Matrix(x.rows(), K, new double[x.rows() * K]);
        double[] noise = TestData.gaussian(x.rows(), K, seed).data();
        for (int a = 0; a < K; a++) {
            for (int i = 0; i < x.rows(); i++) {
                y.set(i, a, Math.sin((a + 1) * x.get(i, 0)) + a * x.get(i, 1) + 0.1 * noise[i + a * x.rows()]);
            }
        }
        return y;
    }

    /** f ← f − (η/n) Θ (f − y) on train and test, with the Nk × Nk kernel and the Mk × Nk test kernel, written plainly. */
    private static double[][] kernelDescent(Matrix k, Matrix kTest, double[] f0, double[] f0Test, double[] y, int n, double lr,
                                            long steps) {
        double[] f = f0.clone();
        double[] ft = f0Test.clone();
        for (long s = 0; s < steps; s++) {
            double[] r = new double[f.length];
            for (int q = 0; q < f.length; q++) {
                r[q] = f[q] - y[q];
            }
            double[] df = new double[f.length];
            for (int p = 0; p < f.length; p++) {
                for (int q = 0; q < f.length; q++) {
                    df[p] += k.get(p, q) * r[q];
                }
            }
            for (int p = 0; p < ft.length; p++) {
                double d = 0;
                for (int q = 0; q < f.length; q++) {
                    d += kTest.get(p, q) * r[q];
                }
                ft[p] -= lr / n * d;
            }
            for (int p = 0; p < f.length; p++) {
                f[p] -= lr / n * df[p];
            }
        }
        return new double[][] {f, ft};
    }

    @Test
    void linearisedNetworkIsKernelDescentWithTheFullNkKernel() {
        Matrix x = TestData.gaussian(12, 3, 1);
        Matrix xt = TestData.gaussian(5, 3, 2);
        Matrix y = labels(x, 3);
        for (Initialisation init : new Initialisation[] {Initialisation.standard(), Initialisation.mirrored()}) {
            FiniteNetwork net = FiniteNetwork.initialise(Preset.JACOT.spec(3, 2, new int[] {40, 30}), init, 5, K);
            Matrix k0 = EmpiricalNtk.structured(net, x);
            Matrix k0t = EmpiricalNtk.structured(net, xt, x);
            double[] f0 = net.output(x);
            double[] f0t = net.output(xt);
            double lr = 0.3;
            TrainingResult r = Trainer.trainLinearised(net, TrainingData.of(x, y, xt, null, null),
                    TrainingConfig.gradientFlow(50 * lr, lr), ProgressListener.NONE);
            assertEquals(50, r.steps());
            assertEquals(12 * K, r.trainOutput().length);
            double[][] expected = kernelDescent(k0, k0t, f0, f0t, y.data(), 12, lr, 50);
            assertTrue(TestData.relDiff(r.trainOutput(), expected[0]) <= 1e-10, init.scheme() + " train "
                    + TestData.relDiff(r.trainOutput(), expected[0]));
            assertTrue(TestData.relDiff(r.testOutput(), expected[1]) <= 1e-10, init.scheme() + " test "
                    + TestData.relDiff(r.testOutput(), expected[1]));
        }
    }

    /**
     * With the hidden layers frozen, output a moves only through its own row of W^{L+1}, so output 0
     * of a k-output run is the scalar network of the same seed trained on label column 0.
     */
    @Test
    void withFrozenFeaturesOutputZeroIsTheScalarRunOnColumnZero() {
        Matrix x = TestData.gaussian(20, 3, 4);
        Matrix y = labels(x, 5);
        ArchitectureSpec spec = Preset.JACOT.spec(3, 2, new int[] {32, 24}).withTrainable(3);
        double lr = 0.5;
        TrainingConfig cfg = TrainingConfig.gradientFlow(80 * lr, lr);
        TrainingResult multi = Trainer.train(FiniteNetwork.initialise(spec, Initialisation.standard(), 6, K),
                TrainingData.of(x, y, null, null, null), cfg, ProgressListener.NONE);
        double[] y0 = new double[20];
        System.arraycopy(y.data(), 0, y0, 0, 20);
        TrainingResult scalar = Trainer.train(FiniteNetwork.initialise(spec, Initialisation.standard(), 6),
                TrainingData.of(x, y0), cfg, ProgressListener.NONE);
        double[] f0 = new double[20];
        System.arraycopy(multi.trainOutput(), 0, f0, 0, 20);
        assertTrue(TestData.relDiff(f0, scalar.trainOutput()) <= 1e-12, "output 0 " + TestData.relDiff(f0, scalar.trainOutput()));
    }

    @Test
    void lossAndTestErrorsSumOverOutputsAndAverageOverPoints() {
        Matrix x = TestData.gaussian(10, 3, 7);
        Matrix xt = TestData.gaussian(6, 3, 8);
        Matrix y = labels(x, 9);
        Matrix yt = labels(xt, 10);
        Matrix target = labels(xt, 11);
        FiniteNetwork net = FiniteNetwork.initialise(Preset.JACOT.spec(3, 1, new int[] {50}), Initialisation.standard(), 2, K);
        double[] f = net.output(x);
        double[] ft = net.output(xt);
        double loss = 0;
        double sum = 0;
        double test = 0;
        double tgt = 0;
        for (int q = 0; q < f.length; q++) {
            loss += (f[q] - y.data()[q]) * (f[q] - y.data()[q]);
        }
        for (int q = 0; q < ft.length; q++) {
            test += (ft[q] - yt.data()[q]) * (ft[q] - yt.data()[q]);
            tgt += (ft[q] - target.data()[q]) * (ft[q] - target.data()[q]);
        }
        sum = loss / 2;
        TrainingData data = TrainingData.of(x, y, xt, yt, target);
        TrainingRecord mean = Trainer.train(net.copy(), data, TrainingConfig.gradientFlow(0.1, 0.1), ProgressListener.NONE).records().get(0);
        assertEquals(loss / (2 * 10), mean.trainLoss(), 1e-14 * loss);
        assertEquals(test / 6, mean.testErrorLabels(), 1e-14 * test);
        assertEquals(tgt / 6, mean.testErrorTarget(), 1e-14 * tgt);
        assertEquals(0.0, mean.kernelDrift(), 0.0);
        TrainingRecord total = Trainer.train(net.copy(), data, TrainingConfig.gradientFlow(0.1, 0.1).withMeanLoss(false),
                ProgressListener.NONE).records().get(0);
        assertEquals(sum, total.trainLoss(), 1e-14 * sum);
    }

    @Test
    void mirroredStartsAtZeroAndEveryOptimiserAndTheDefaultStepTrainAllOutputsAlike() {
        Matrix x = TestData.gaussian(24, 3, 12);
        Matrix y = labels(x, 13);
        ArchitectureSpec spec = Preset.JACOT.spec(3, 1, new int[] {64});
        FiniteNetwork mirrored = FiniteNetwork.initialise(spec, Initialisation.mirrored(), 3, K);
        for (double v : mirrored.output(x)) {
            assertEquals(0.0, v);
        }
        TrainingResult gd = Trainer.train(mirrored, TrainingData.of(x, y, null, null, null),
                TrainingConfig.gradientFlow(40, Double.NaN), ProgressListener.NONE);
        assertTrue(gd.lambdaMax() > 0 && gd.last().trainLoss() < 0.2 * gd.records().get(0).trainLoss(),
                "default step: loss " + gd.records().get(0).trainLoss() + " → " + gd.last().trainLoss());
        // the default step comes from λ_max of the full 72 × 72 kernel
        double lambda = StepSize.lambdaMax(FiniteNetwork.initialise(spec, Initialisation.mirrored(), 3, K), x);
        assertEquals(lambda, gd.lambdaMax(), 0.0);
        for (OptimizerSpec.Kind kind : OptimizerSpec.Kind.values()) {
            double lr = kind == OptimizerSpec.Kind.ADAM ? 1e-2 : 0.2;
            TrainingResult r = Trainer.train(FiniteNetwork.initialise(spec, Initialisation.standard(), 3, K),
                    TrainingData.of(x, y, null, null, null),
                    TrainingConfig.gradientFlow(150 * lr, lr).withOptimizer(OptimizerSpec.of(kind, lr)).withBatch(8, 4),
                    ProgressListener.NONE);
            double[] before = FiniteNetwork.initialise(spec, Initialisation.standard(), 3, K).output(x);
            for (int a = 0; a < K; a++) {
                double e0 = 0;
                double e1 = 0;
                for (int i = 0; i < 24; i++) {
                    int q = i + a * 24;
                    e0 += Math.pow(before[q] - y.data()[q], 2);
                    e1 += Math.pow(r.trainOutput()[q] - y.data()[q], 2);
                }
                assertTrue(e1 < e0, kind + ": output " + a + " error " + e0 + " → " + e1);
            }
        }
    }

    @Test
    void trajectoriesDoNotDependOnTheThreadCount() {
        Matrix x = TestData.gaussian(30, 3, 14);
        Matrix y = labels(x, 15);
        ArchitectureSpec spec = Preset.ARORA.spec(3, 2, new int[] {48, 40});
        double[][] out = new double[3][];
        int before = ThreadBudget.threads();
        try {
            for (int t = 0; t < 3; t++) {
                ThreadBudget.setThreads(t + 1);
                out[t] = Trainer.train(FiniteNetwork.initialise(spec, Initialisation.standard(), 8, K), TrainingData.of(x, y, null, null,
                        null), TrainingConfig.gradientFlow(5, Double.NaN), ProgressListener.NONE).trainOutput();
            }
        } finally {
            ThreadBudget.setThreads(before);
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(out[0], out[1], 0.0, "1 vs 2 threads");
        org.junit.jupiter.api.Assertions.assertArrayEquals(out[0], out[2], 0.0, "1 vs 3 threads");
    }

    @Test
    void mismatchedOutputsAndLabelShapesAreNamed() {
        Matrix x = TestData.gaussian(6, 3, 16);
        Matrix y = labels(x, 17);
        FiniteNetwork scalar = Network.initialise(Preset.JACOT.spec(3, 1, new int[] {8}), Initialisation.standard(), 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Trainer.train(scalar,
                TrainingData.of(x, y, null, null, null), TrainingConfig.gradientFlow(1, 0.1), ProgressListener.NONE));
        assertTrue(e.getMessage().contains("1 output") && e.getMessage().contains("3 columns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TrainingData(x, new double[17], null, null, null, K));
        assertTrue(e.getMessage().contains("6 points × 3 outputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingData.of(x, y, x, new Matrix(6, 2, new double[12]), null));
        assertTrue(e.getMessage().contains("2 columns") && e.getMessage().contains("3"), e.getMessage());
    }
}
