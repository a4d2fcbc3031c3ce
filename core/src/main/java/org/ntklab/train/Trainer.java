package org.ntklab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;
import org.ntklab.kernel.Activation;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Network;
import org.ntklab.net.ParameterStreams;
import org.ntklab.net.Pass;

/**
 * Trains a finite network (or its linearisation) on the squared loss by gradient descent —
 * the Euler discretisation of gradient flow, with time t = η · steps — or by momentum, Adam or
 * mini-batch SGD, recording the training loss, test errors, kernel movement, activation-pattern
 * changes and parameter movement on a log-spaced time grid.
 *
 * <p>A network with k outputs trains on N × k labels ({@link TrainingData#outputs}): the loss is
 * 1/(2n) Σ_i ‖f(x_i) − y_i‖² (or ½ Σ without the mean), squared errors summed over outputs and
 * averaged over points, so each output's kernel-regime flow is the scalar one with the same step; the
 * test errors are the same per-point sums, and the NTK behind the default step and the kernel drift
 * is the full Nk × Nk one.
 *
 * <p>Every step is batched BLAS work over all samples (parallel under the thread budget, sample
 * sums inside GEMM), so a trajectory does not depend on the thread count. Independent runs
 * train concurrently through {@link #trainAll}.
 */
public final class Trainer {

    private Trainer() {
    }

    /** Trains {@code net} in place. */
    public static TrainingResult train(FiniteNetwork net, TrainingData data, TrainingConfig cfg, ProgressListener progress) {
        return run(net, new NetworkModel(net, data.x()), data, cfg, progress);
    }

    /** Trains the linearisation of {@code net} around its current parameters (the copies' θ move; f stays linear in θ). */
    public static TrainingResult trainLinearised(FiniteNetwork net, TrainingData data, TrainingConfig cfg,
                                                 ProgressListener progress) {
        if (cfg.optimizer().kind() == OptimizerSpec.Kind.SGD) {
            throw new IllegalArgumentException("the linearised network is trained full-batch (gd, momentum or adam)");
        }
        return run(net, new LinearisedModel(net, data.x()), data, cfg, progress);
    }

    /**
     * Runs independent trainings concurrently under the thread budget (each in one pool task, so
     * its BLAS runs single-threaded); results in the order given.
     */
    public static List<TrainingResult> trainAll(List<java.util.function.Supplier<TrainingResult>> runs) {
        TrainingResult[] out = new TrainingResult[runs.size()];
        org.ntklab.runtime.ThreadBudget.parallelFor(0, runs.size(), 1, (a, b) -> {
            for (int k = a; k < b; k++) {
                out[k] = runs.get(k).get();
            }
        });
        return List.of(out);
    }

    /**
     * Most steps one run may take: T/η is the user's number, and T = 1e300 or η = 1e-300 would
     * otherwise loop for ever. A step costs at least a forward and a backward pass over the data, so
     * 10⁹ of them is already days of work.
     */
    public static final long MAX_STEPS = 1_000_000_000L;

    private static TrainingResult run(FiniteNetwork net, Model model, TrainingData data, TrainingConfig cfg,
                                      ProgressListener progress) {
        Matrix x = data.x();
        double[] y = data.y();
        int n = x.rows();
        int outputs = data.outputs();
        if (net.outputs() != outputs) {
            throw new IllegalArgumentException("the network has " + net.outputs() + " output" + (net.outputs() == 1 ? "" : "s")
                    + " but the labels have " + outputs + " column" + (outputs == 1 ? "" : "s"));
        }
        int entries = n * outputs;
        boolean mean = cfg.meanLoss();
        double lambdaMax = Double.NaN;
        double lr = cfg.optimizer().lr();
        long steps;
        if (Double.isNaN(lr)) {
            // the default step is shortened a little so that η · steps lands exactly on T
            lambdaMax = StepSize.lambdaMax(net, x);
            double limit = StepSize.defaultLr(lambdaMax, n, mean);
            steps = (long) Math.ceil(cfg.time() / limit);
            lr = steps == 0 ? limit : cfg.time() / steps;
        } else {
            steps = Math.round(cfg.time() / lr);
        }
        double wanted = cfg.time() / lr; // before rounding: T/η may overflow a long, or a double
        if (!(wanted <= MAX_STEPS)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "training time %g at step η = %g needs %.3g "
                    + "steps, more than the budget of %.0e: shorten the time or take a larger step", cfg.time(), lr, wanted,
                    (double) MAX_STEPS));
        }
        TreeSet<Long> recordAt = recordSteps(steps, cfg.records());
        List<Updater> updaters = new ArrayList<>();
        for (Network c : model.holders()) {
            updaters.add(new Updater(cfg.optimizer(), c));
        }
        Metrics metrics = new Metrics(net, model, data, cfg.driftPoints());
        List<TrainingRecord> records = new ArrayList<>();
        boolean sgd = cfg.optimizer().kind() == OptimizerSpec.Kind.SGD;
        int batch = sgd ? (cfg.batchSize() <= 0 ? Math.min(n, 64) : Math.min(cfg.batchSize(), n)) : n;
        double loss0 = Double.NaN;
        double[] f = null;
        EarlyStopping stopper = cfg.earlyStopWindow() > 0 ? new EarlyStopping(cfg.earlyStopWindow()) : null;
        for (long k = 0; ; k++) {
            f = model.trainOutputs();
            double loss = 0;
            for (int q = 0; q < entries; q++) {
                loss += 0.5 * (f[q] - y[q]) * (f[q] - y[q]);
            }
            loss = mean ? loss / n : loss;
            if (k == 0) {
                loss0 = loss;
            }
            if (!Double.isFinite(loss) || loss > cfg.divergenceFactor() * Math.max(loss0, Double.MIN_NORMAL)) {
                throw new TrainingDivergedException(k, String.format(Locale.ROOT,
                        "training diverged at step %d (t = %.4g): loss %.3g from %.3g at t = 0; use a smaller learning rate "
                                + "than %.4g", k, k * lr, loss, loss0, lr));
            }
            boolean stop = k >= steps || (stopper != null && stopper.offer(loss));
            if (recordAt.contains(k) || stop) {
                records.add(metrics.record(k, k * lr, loss));
            }
            if (stop) {
                steps = k;
                break;
            }
            double[] r = new double[entries];
            if (sgd) {
                int[] idx = batchIndices(cfg.seed(), k, n);
                for (int b = 0; b < batch; b++) {
                    for (int a = 0; a < outputs; a++) {
                        int q = idx[b] + a * n;
                        r[q] = (f[q] - y[q]) / (mean ? batch : 1);
                    }
                }
            } else {
                for (int q = 0; q < entries; q++) {
                    r[q] = (f[q] - y[q]) / (mean ? n : 1);
                }
            }
            List<Network.Gradient> grads = model.gradients(r);
            for (int c = 0; c < updaters.size(); c++) {
                updaters.get(c).step(lr, grads.get(c));
            }
            progress.progress(k + 1, steps);
        }
        double[] test = data.xTest() == null ? null : model.predict(data.xTest());
        return new TrainingResult(records, lr, lambdaMax, steps, f, test);
    }

    /** A permutation of the points for step k, from the seed alone. */
    private static int[] batchIndices(long seed, long step, int n) {
        UniformRandomProvider rng = new ParameterStreams(seed).stream(0, ParameterStreams.Kind.OTHER, step);
        return new PermutationSampler(rng, n, n).sample();
    }

    /** Step 0, the last step and {@code count} log-spaced steps between 1 and the last. */
    static TreeSet<Long> recordSteps(long steps, int count) {
        TreeSet<Long> s = new TreeSet<>();
        s.add(0L);
        s.add(steps);
        if (steps > 0) {
            for (int k = 0; k < count; k++) {
                double u = count == 1 ? 1 : (double) k / (count - 1);
                s.add(Math.max(1, Math.min(steps, Math.round(Math.pow(steps, u)))));
            }
        }
        return s;
    }

    /**
     * The discretisation check: the relative max difference of the final training outputs of two
     * runs from copies of {@code initial} with steps η and η/2 to the same time.
     */
    public static double discretisationGap(FiniteNetwork initial, TrainingData data, TrainingConfig cfg, double lr) {
        TrainingConfig quiet = cfg.withRecords(1, 0);
        TrainingResult a = train(initial.copy(), data, quiet.withOptimizer(cfg.optimizer().withLr(lr)), ProgressListener.NONE);
        TrainingResult b = train(initial.copy(), data, quiet.withOptimizer(cfg.optimizer().withLr(lr / 2)), ProgressListener.NONE);
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < a.trainOutput().length; i++) {
            diff = Math.max(diff, Math.abs(a.trainOutput()[i] - b.trainOutput()[i]));
            scale = Math.max(scale, Math.abs(b.trainOutput()[i]));
        }
        return diff / Math.max(scale, Double.MIN_NORMAL);
    }

    /** The quantities recorded along a run, measured against the state at t = 0. */
    private static final class Metrics {
        private final FiniteNetwork net;
        private final Model model;
        private final TrainingData data;
        private final List<Network> initial = new ArrayList<>();
        private final Matrix drift;
        private final Matrix k0;
        private final double theta0;
        private List<double[][]> patterns0;

        Metrics(FiniteNetwork net, Model model, TrainingData data, int driftPoints) {
            this.net = net;
            this.model = model;
            this.data = data;
            for (Network c : model.holders()) {
                initial.add(c.copy());
            }
            boolean network = model instanceof NetworkModel;
            int nd = Math.min(driftPoints, data.x().rows());
            this.drift = network && nd > 0 ? firstRows(data.x(), nd) : null;
            this.k0 = drift == null ? null : EmpiricalNtk.structured(net, drift);
            double s = 0;
            for (Network c : initial) {
                s += squaredNorm(c, null);
            }
            this.theta0 = Math.sqrt(s);
        }

        TrainingRecord record(long step, double time, double loss) {
            double testLabels = Double.NaN;
            double testTarget = Double.NaN;
            if (data.xTest() != null && (data.yTest() != null || data.targetTest() != null)) {
                double[] ft = model.predict(data.xTest());
                testLabels = mse(ft, data.yTest(), data.xTest().rows());
                testTarget = mse(ft, data.targetTest(), data.xTest().rows());
            }
            double kernelDrift = Double.NaN;
            if (k0 != null) {
                Matrix kt = EmpiricalNtk.structured(net, drift);
                double d = 0;
                for (int q = 0; q < kt.data().length; q++) {
                    double e = kt.data()[q] - k0.data()[q];
                    d += e * e;
                }
                kernelDrift = Math.sqrt(d) / k0.frobeniusNorm();
            }
            double move = 0;
            double maxNeuron = 0;
            List<Network> now = model.holders();
            for (int c = 0; c < now.size(); c++) {
                move += squaredNorm(now.get(c), initial.get(c));
                maxNeuron = Math.max(maxNeuron, maxRowMove(now.get(c), initial.get(c)));
            }
            return new TrainingRecord(step, time, loss, testLabels, testTarget, kernelDrift, patternChange(), maxNeuron,
                    Math.sqrt(move) / theta0);
        }

        /** Fraction of ReLU-family activation patterns (h &gt; 0) changed since t = 0, or NaN. */
        private double patternChange() {
            Activation a = net.spec().activation();
            if (!(model instanceof NetworkModel nm) || a.family() != Activation.Family.PIECEWISE_LINEAR
                    || a.negativeSlope() == a.positiveSlope() || nm.passes() == null) {
                return Double.NaN;
            }
            List<double[][]> now = new ArrayList<>();
            for (Pass p : nm.passes()) {
                double[][] d = new double[net.spec().depth() + 1][];
                for (int l = 1; l <= net.spec().depth(); l++) {
                    d[l] = p.derivatives(l).clone();
                }
                now.add(d);
            }
            if (patterns0 == null) {
                patterns0 = now;
                return 0;
            }
            long changed = 0;
            long total = 0;
            for (int c = 0; c < now.size(); c++) {
                for (int l = 1; l <= net.spec().depth(); l++) {
                    double[] a0 = patterns0.get(c)[l];
                    double[] a1 = now.get(c)[l];
                    for (int k = 0; k < a0.length; k++) {
                        changed += a0[k] != a1[k] ? 1 : 0;
                    }
                    total += a0.length;
                }
            }
            return total == 0 ? Double.NaN : (double) changed / total;
        }

        /** Squared error summed over outputs, averaged over the {@code points}. */
        private static double mse(double[] f, double[] y, int points) {
            if (y == null) {
                return Double.NaN;
            }
            double s = 0;
            for (int q = 0; q < y.length; q++) {
                s += (f[q] - y[q]) * (f[q] - y[q]);
            }
            return s / points;
        }

        /** Σ over trainable parameters of (θ − θ₀)² (or θ² when {@code ref} is null). */
        private static double squaredNorm(Network a, Network ref) {
            double s = 0;
            for (int l = 1; l <= a.layers(); l++) {
                if (!a.spec().isTrainable(l)) {
                    continue;
                }
                s += sq(a.weights(l), ref == null ? null : ref.weights(l));
                if (a.biases(l) != null) {
                    s += sq(a.biases(l), ref == null ? null : ref.biases(l));
                }
            }
            return s;
        }

        private static double sq(double[] a, double[] b) {
            double s = 0;
            for (int k = 0; k < a.length; k++) {
                double d = b == null ? a[k] : a[k] - b[k];
                s += d * d;
            }
            return s;
        }

        /** max_r ‖w_r − w_r(0)‖ over the first layer's neurons (rows of θ_W¹). */
        private static double maxRowMove(Network a, Network ref) {
            int rows = a.width(1);
            int cols = a.width(0);
            double[] w = a.weights(1);
            double[] w0 = ref.weights(1);
            double best = 0;
            for (int r = 0; r < rows; r++) {
                double s = 0;
                for (int c = 0; c < cols; c++) {
                    double d = w[r + c * rows] - w0[r + c * rows];
                    s += d * d;
                }
                best = Math.max(best, Math.sqrt(s));
            }
            return best;
        }

        private static Matrix firstRows(Matrix x, int rows) {
            Matrix s = new Matrix(rows, x.cols(), new double[rows * x.cols()]);
            for (int i = 0; i < rows; i++) {
                for (int c = 0; c < x.cols(); c++) {
                    s.set(i, c, x.get(i, c));
                }
            }
            return s;
        }
    }
}
