package org.ntklab.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ntklab.data.MatrixFiles;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.KernelPair;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.Initialisation.Scheme;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.tools.output.RunRecord;
import org.ntklab.train.EnsembleMoments;
import org.ntklab.train.EnsemblePrediction;
import org.ntklab.train.FlowPredictions;
import org.ntklab.train.GaussianProcessPrior;
import org.ntklab.train.KernelGradientFlow;
import org.ntklab.train.PriorDraws;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ntk kgf}: kernel gradient flow (NTK regression) with the analytic NTK, over a grid of times. */
@Command(name = "kgf", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Kernel gradient flow with the analytic NTK on the loss 1/(2n) Σ (f(x_i) − y_i)²: train and test "
                + "predictions at each time, t = inf by Cholesky.",
            "--init zero starts from f₀ = 0 (mirrored initialisation); --init gp from one draw of the NNGP prior "
                + "(standard initialisation) and adds the infinite ensemble's mean and variance (O(n³) per time).",
            "Writes a CSV (set, [output,] index, t, prediction, label[, ensemble_mean, ensemble_variance]) plus FILE.meta.json; "
                + "the output column appears with several target columns."})
public final class KgfCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "X.npy|X.csv", description = "Training points, one row per point.")
    Path data;

    @Option(names = "--labels", required = true, paramLabel = "y.npy|y.csv",
            description = "Training targets: a 1-D .npy or one-column CSV, or N×k for k outputs (one flow per column, as neural-tangents).")
    Path labels;

    @ArgGroup(exclusive = false)
    TestSet testSet;

    /** The test points and, optionally, their targets (picocli refuses --test-labels without --test). */
    static final class TestSet {
        @Option(names = "--test", required = true, paramLabel = "Z.npy|Z.csv", description = "Test points.")
        Path points;

        @Option(names = "--test-labels", paramLabel = "yt.npy|yt.csv",
                description = "Test targets, as many columns as --labels (only reported, for the test error).")
        Path labels;
    }

    @Option(names = "--init", paramLabel = "zero|gp", defaultValue = "zero",
            description = "Initial function: zero (mirrored init) or gp (a draw of the NNGP prior; standard init) (default ${DEFAULT-VALUE}).")
    Choices.FlowStart init;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the prior draw for --init gp (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--times", required = true, paramLabel = "t1,t2,...|inf",
            description = "Training times t ≥ 0 of the flow d f/dt = −(1/n) K (f − y); inf for the converged fit.")
    String times;

    @Option(names = "--ridge", defaultValue = "0", paramLabel = "R",
            description = "Added to the NTK's diagonal: K* (K + R·I)⁻¹ y at t = inf; at finite t the flow of the loss "
                    + "plus R/(2n)‖w‖² (default ${DEFAULT-VALUE}).")
    double ridge;

    @Option(names = "--out", required = true, paramLabel = "pred.csv|.npy", description = "Output table: CSV, or .npy for a numpy structured array (fields named as the columns).")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing output file.")
    boolean force;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    JsonOutput jsonOutput;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        String how = init.toString();
        boolean gp = how.equals("gp");
        Path test = testSet == null ? null : testSet.points;
        Path testLabels = testSet == null ? null : testSet.labels;
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new UserError("--ridge must be finite and ≥ 0, got " + ridge);
        }
        double[] t = parseTimes(times);
        Output.checkTableOutput(out, force, "--out");
        Matrix x = MatrixFiles.read(data);
        Matrix y = Targets.read(labels, x.rows(), data);
        Matrix z = test == null ? null : MatrixFiles.read(test);
        if (z != null && z.cols() != x.cols()) {
            throw new UserError(test.getFileName() + " has " + z.cols() + " columns but " + data.getFileName() + " has " + x.cols());
        }
        Matrix yt = testLabels == null ? null : Targets.readLike(testLabels, z.rows(), test, y, labels);
        int outputs = y.cols();
        ArchitectureSpec spec = specOptions.spec(x.cols());
        AnalyticKernel kernel = new AnalyticKernel(spec, specOptions.quadrature());
        RunRecord record = new RunRecord("kgf", command.commandLine().getParseResult().originalArgs());
        Inputs.record(record, command);
        record.put("spec", spec.describe()).put("spec_flags", specOptions.asMap()).put("init", how)
                .put("times", times).put("ridge", ridge).put("data", data.toAbsolutePath().normalize().toString()).put("labels", labels.toAbsolutePath().normalize().toString())
                .put("n", x.rows()).put("d", x.cols());
        if (gp) {
            record.put("seed", seed);
        }
        if (z != null) {
            record.put("test", test.toAbsolutePath().normalize().toString()).put("m", z.rows());
        }
        long t0 = System.nanoTime();
        KernelPair train = kernel.compute(x);
        KernelPair testTrain = z == null ? null : kernel.compute(z, x);
        Matrix nngpTest = gp && z != null ? kernel.nngp(z) : null;
        GaussianProcessPrior prior = gp ? new GaussianProcessPrior(train.nngp(), testTrain == null ? null : testTrain.nngp(), nngpTest) : null;
        if (gp) {
            record.put("jitter", prior.jitter());
        }
        List<String> columns = new ArrayList<>(List.of("set", "index", "t", "prediction", "label"));
        if (outputs > 1) {
            columns.add(1, "output");
        }
        if (gp) {
            columns.addAll(List.of("ensemble_mean", "ensemble_variance"));
        }
        CsvTable table = new CsvTable(columns.toArray(String[]::new));
        List<Map<String, Object>> errors = new ArrayList<>();
        KernelGradientFlow shared = null;
        for (int c = 0; c < outputs; c++) {
            // outputs are independent: the same kernel, one target column each (and one prior draw each with --init gp)
            double[] yc = column(y, c);
            double[] ytc = yt == null ? null : column(yt, c);
            double[] f0 = new double[x.rows()];
            double[] f0Test = z == null ? null : new double[z.rows()];
            EnsembleMoments moments = null;
            if (gp) {
                EnsemblePrediction ensemble = new EnsemblePrediction(train, yc, ridge); // its moments' mean depends on the targets
                shared = ensemble.flow();
                PriorDraws draw = prior.draw(seed, c);
                f0 = draw.trainAt(0);
                f0Test = z == null ? null : draw.testAt(0);
                moments = ensemble.predict(t, Scheme.STANDARD, testTrain, nngpTest == null ? null : nngpTest.diagonal());
            } else if (shared == null) {
                shared = new EnsemblePrediction(train, yc, ridge).flow(); // one eigendecomposition serves every output
            }
            FlowPredictions p = shared.predict(t, yc, f0, testTrain == null ? null : testTrain.ntk(), f0Test);
            Integer output = outputs > 1 ? c : null;
            for (int j = 0; j < t.length; j++) {
                double trainMse = rows(table, "train", output, t[j], p.train(), j, yc, moments == null ? null : moments.trainMean(),
                        moments == null ? null : moments.trainVariance());
                Map<String, Object> e = new LinkedHashMap<>();
                if (output != null) {
                    e.put("output", c);
                }
                e.put("t", t[j]);
                e.put("train_mse", trainMse);
                if (z != null) {
                    double testMse = rows(table, "test", output, t[j], p.test(), j, ytc, moments == null ? null : moments.testMean(),
                            moments == null ? null : moments.testVariance());
                    if (ytc != null) {
                        e.put("test_mse", testMse);
                    }
                }
                errors.add(e);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        record.put("seconds", seconds).put("outputs", outputs);
        record.put("mse", errors);
        Path meta = Output.publish(out, force, record, () -> table.write(out, force));
        StringBuilder human = new StringBuilder(String.format(Locale.ROOT,
                "kernel gradient flow (%s init, ridge %s), n = %d%s, %d times in %.3f s -> %s (metadata %s)%n",
                how, ridge, x.rows(), z == null ? "" : ", m = " + z.rows(), t.length, seconds, out, meta.getFileName()));
        for (Map<String, Object> e : errors) {
            human.append(String.format(Locale.ROOT, "  %st = %s: train MSE %.6g%s%n", e.containsKey("output") ? "output " + e.get("output") + ", " : "",
                    e.get("t"), (Double) e.get("train_mse"),
                    e.containsKey("test_mse") ? String.format(Locale.ROOT, ", test MSE %.6g", (Double) e.get("test_mse")) : ""));
        }
        Map<String, Object> fields = JsonOutput.result("kgf", out, meta);
        fields.put("init", how);
        fields.put("ridge", ridge);
        fields.put("n", x.rows());
        fields.put("outputs", outputs);
        fields.put("seconds", seconds);
        fields.put("mse", errors);
        jsonOutput.print(human.toString(), fields);
        return 0;
    }

    /** Adds the rows of one set at time index j; returns the mean squared error against the labels (NaN without). */
    private static double rows(CsvTable table, String set, Integer output, double t, Matrix predictions, int j, double[] labels,
                               Matrix mean, Matrix variance) {
        double sse = 0;
        for (int i = 0; i < predictions.rows(); i++) {
            double f = predictions.get(i, j);
            Double label = labels == null ? null : labels[i];
            if (label != null) {
                sse += (f - label) * (f - label);
            }
            List<Object> row = new ArrayList<>(List.of(set, i, t, f));
            row.add(label);
            if (output != null) {
                row.add(1, output);
            }
            if (mean != null) {
                row.add(mean.get(i, j));
                row.add(variance.get(i, j));
            }
            table.add(row.toArray());
        }
        return labels == null ? Double.NaN : sse / predictions.rows();
    }

    private static double[] column(Matrix m, int c) {
        double[] v = new double[m.rows()];
        for (int i = 0; i < v.length; i++) {
            v[i] = m.get(i, c);
        }
        return v;
    }

    /** "0,1.5,10,inf" → times; each t ≥ 0 or +∞. */
    static double[] parseTimes(String text) {
        String[] parts = text.split(",", -1);
        double[] t = new double[parts.length];
        for (int j = 0; j < parts.length; j++) {
            String s = parts[j].trim();
            if (s.equalsIgnoreCase("inf") || s.equalsIgnoreCase("infinity") || s.equals("∞")) {
                t[j] = Double.POSITIVE_INFINITY;
                continue;
            }
            try {
                t[j] = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new UserError("--times: not a number: '" + s + "' (give t1,t2,... with t ≥ 0, or inf)");
            }
            if (!(t[j] >= 0)) {
                throw new UserError("--times: t = " + s + " is not allowed (times must be ≥ 0, or inf)");
            }
        }
        return t;
    }
}
