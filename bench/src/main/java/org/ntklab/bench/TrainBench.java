package org.ntklab.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Matrix;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;
import org.ntklab.train.ProgressListener;
import org.ntklab.train.Trainer;
import org.ntklab.train.TrainingConfig;
import org.ntklab.train.TrainingData;
import org.ntklab.train.TrainingResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Training: gradient-descent steps of the large network (N = 4096, d = 100, widths
 * 1024×3; a step = forward, loss, backward, gradient, update; each call is a whole
 * {@link Trainer#train} run of {@link #STEPS} steps, so the run's own bookkeeping — a copy of θ₀,
 * the metrics at t = 0 and at the end, the final forward pass — is included and amortised over the
 * steps), and an ensemble of 8 small networks (N = 512, widths 256×2, 20 steps each) trained
 * concurrently under a thread budget of 1 or 2.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrainBench {

    /** Input dimension of both workloads. */
    public static final int D = 100;
    /** Widths of the large network. */
    public static final int[] WIDTHS = {1024, 1024, 1024};
    /** Points of the large workload. */
    public static final int N = 4096;
    /** GD steps per measured training run of the large network. */
    public static final int STEPS = 5;

    /** BLAS backend of the GEMMs. */
    @Param({"native", "java"})
    public String backend;

    /** Thread budget. */
    @Param({"1", "2"})
    public int threads;

    private TrainingData big;
    private TrainingData small;
    private FiniteNetwork network;

    /** Data sets (networks are drawn inside each benchmark call, outside nothing is shared). */
    @Setup
    public void setup() {
        System.setProperty(Backends.PROPERTY, backend);
        ThreadBudget.setThreads(threads);
        big = data(N, 1);
        small = data(512, 2);
        network = FiniteNetwork.initialise(Preset.ARORA.spec(D, WIDTHS.length, WIDTHS), Initialisation.standard(), 1);
    }

    private static TrainingData data(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        double[] y = r.doubles(n).toArray();
        return TrainingData.of(new Matrix(n, D, x), y);
    }

    /** {@link #STEPS} GD steps of the large network (the same network keeps training from call to call). */
    @Benchmark
    public double[] gdStep() {
        return Trainer.train(network, big, TrainingConfig.gradientFlow(STEPS * 1e-3, 1e-3).withRecords(1, 0),
                ProgressListener.NONE).trainOutput();
    }

    /** Eight independent small networks trained for 20 steps each, concurrently. */
    @Benchmark
    public List<TrainingResult> ensemble() {
        List<Supplier<TrainingResult>> runs = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            long seed = s;
            runs.add(() -> Trainer.train(FiniteNetwork.initialise(Preset.ARORA.spec(D, 2, new int[] {256, 256}),
                    Initialisation.standard(), seed), small, TrainingConfig.gradientFlow(0.2, 0.01).withRecords(1, 0),
                    ProgressListener.NONE));
        }
        return Trainer.trainAll(runs);
    }

    /**
     * Flops of one call of {@link #gdStep}: {@link #STEPS} + 1 forward passes (the last evaluates
     * the final loss) and per step one backward pass and the gradient GEMMs.
     */
    static double stepFlops() {
        int[] m = {D, WIDTHS[0], WIDTHS[1], WIDTHS[2], 1};
        double pass = 0;
        double back = 0;
        for (int l = 1; l < m.length; l++) {
            pass += 2.0 * N * m[l - 1] * m[l];
            if (l < m.length - 1) {
                back += 2.0 * N * m[l + 1] * m[l];
            }
        }
        return (STEPS + 1) * pass + STEPS * (back + pass); // gradient GEMMs cost as much as one forward pass
    }
}
