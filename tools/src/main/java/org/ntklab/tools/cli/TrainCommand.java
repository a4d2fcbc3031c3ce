package org.ntklab.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ntklab.data.MatrixFiles;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.tools.output.RunRecord;
import org.ntklab.tools.output.TerminalProgress;
import org.ntklab.train.OptimizerSpec;
import org.ntklab.train.Trainer;
import org.ntklab.train.TrainingConfig;
import org.ntklab.train.TrainingData;
import org.ntklab.train.TrainingRecord;
import org.ntklab.train.TrainingResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ntk train}: gradient-flow training of a finite network, with recorded metrics. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a finite network on the squared loss by gradient descent (time t = η·steps) or momentum/Adam/SGD.",
            "Records on a log-spaced time grid: training loss, test error (labels and target), ‖K_t − K_0‖/‖K_0‖, "
                + "ReLU pattern changes, max neuron movement, ‖θ_t − θ_0‖/‖θ_0‖.",
            "N×k labels train a network with k outputs: losses and errors sum the squared errors over outputs and average "
                + "over points; K is the Nk×Nk NTK."})
public final class TrainCommand implements Callable<Integer> {

    /** The discretisation check's tolerance: GD at η and η/2 should agree this closely as a gradient-flow proxy. */
    static final double DISCRETISATION_TOLERANCE = 1e-2;

    @Option(names = "--data", required = true, paramLabel = "X.npy|X.csv", description = "Training points, one row per point.")
    Path data;

    @Option(names = "--labels", required = true, paramLabel = "y.npy|y.csv",
            description = "Training labels: a 1-D .npy or one column, or N×k for a network with k outputs.")
    Path labels;

    @ArgGroup(exclusive = false)
    TestSet testSet;

    /** The test points and what to compare with there (picocli refuses the labels or target without --test). */
    static final class TestSet {
        @Option(names = "--test", required = true, paramLabel = "Xt", description = "Test points.")
        Path points;

        @Option(names = "--test-labels", paramLabel = "yt", description = "Test labels (possibly noisy), as many columns as --labels.")
        Path labels;

        @Option(names = "--test-target", paramLabel = "ft", description = "Noiseless target f*(x) at the test points, as many columns as --labels.")
        Path target;
    }

    @Option(names = "--init", paramLabel = "standard|mirrored", defaultValue = "standard", description = "Initialisation (default ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the parameters and SGD batches (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--time", required = true, paramLabel = "T", description = "Training time T = η · steps.")
    double time;

    @Option(names = "--lr", paramLabel = "η", description = "Step (default: half the stability limit 2n/λ_max of the NTK at initialisation).")
    Double lr;

    @Option(names = "--optimizer", paramLabel = "gd|momentum|adam|sgd", defaultValue = "gd", description = "Update rule (default ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--batch", defaultValue = "64", description = "Mini-batch size for sgd (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--loss", paramLabel = "mean|sum", defaultValue = "mean",
            description = "mean: 1/(2n) Σ (f − y)² (Chen, Li & Lin 2024); sum: ½ Σ (f − y)² (the du preset). Default ${DEFAULT-VALUE}.")
    Choices.Loss loss;

    @Option(names = "--linearised", description = "Train the network's linearisation around θ₀ instead (full-batch rules).")
    boolean linearised;

    @Option(names = "--records", defaultValue = "40", description = "Log-spaced recording times (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--drift-points", defaultValue = "256", description = "Training points for ‖K_t − K_0‖ (0: off; default ${DEFAULT-VALUE}).")
    int driftPoints;

    @Option(names = "--check-discretisation", description = "Also train with η/2 to the same time and report the relative gap.")
    boolean check;

    @Option(names = "--record", required = true, paramLabel = "metrics.csv|.npy", description = "Metrics output: CSV, or .npy for a numpy structured array (fields named as the columns).")
    Path record;

    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    JsonOutput jsonOutput;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        boolean meanLoss = loss == Choices.Loss.MEAN;
        Path test = testSet == null ? null : testSet.points;
        OptimizerSpec opt = OptimizerSpec.of(OptimizerSpec.Kind.parse(optimizer), lr == null ? Double.NaN : lr);
        TrainingConfig cfg = new TrainingConfig(opt, time, meanLoss, batch, seed, records, driftPoints, 1e6, 0);
        Initialisation initialisation = new Initialisation(Initialisation.Scheme.parse(init), null);
        Output.checkTableOutput(record, force, "--record");
        Matrix x = MatrixFiles.read(data);
        Matrix y = Targets.read(labels, x.rows(), data);
        Matrix xt = test == null ? null : MatrixFiles.read(test);
        if (xt != null && xt.cols() != x.cols()) {
            throw new UserError(test.getFileName() + " has " + xt.cols() + " columns but " + data.getFileName() + " has " + x.cols());
        }
        Matrix yt = test == null || testSet.labels == null ? null : Targets.readLike(testSet.labels, xt.rows(), test, y, labels);
        Matrix ft = test == null || testSet.target == null ? null : Targets.readLike(testSet.target, xt.rows(), test, y, labels);
        TrainingData td = TrainingData.of(x, y, xt, yt, ft);
        int outputs = y.cols();
        ArchitectureSpec spec = specOptions.spec(x.cols());
        if (spec.widths() == null) {
            throw new UserError("--widths is required (one width per hidden layer)");
        }
        RunRecord run = new RunRecord("train", command.commandLine().getParseResult().originalArgs());
        Inputs.record(run, command);
        run.put("spec", spec.describe()).put("spec_flags", specOptions.asMap()).put("seed", seed).put("init", init)
                .put("optimizer", optimizer).put("loss", loss.toString()).put("time", time).put("linearised", linearised).put("n", x.rows())
                .put("outputs", outputs);
        FiniteNetwork net = FiniteNetwork.initialise(spec, initialisation, seed, outputs);
        FiniteNetwork initial = check ? net.copy() : null;
        TrainingResult result;
        try (TerminalProgress bar = new TerminalProgress("train")) {
            result = linearised ? Trainer.trainLinearised(net, td, cfg, bar) : Trainer.train(net, td, cfg, bar);
        }
        run.put("lr", result.lr()).put("lambda_max_at_init", result.lambdaMax()).put("steps", result.steps());
        if (check) {
            double gap = Trainer.discretisationGap(initial, td.withoutTest(), cfg, result.lr());
            run.put("discretisation_gap", gap).put("discretisation_check", "max |f_η − f_η/2| / max |f_η/2| on the training points at t = T");
            if (!jsonOutput.json) {
                System.out.printf(Locale.ROOT, "discretisation check: η vs η/2 at t = %g differ by %.3g (relative; tolerance %.0e)%s%n",
                        time, gap, DISCRETISATION_TOLERANCE, gap > DISCRETISATION_TOLERANCE ? " — exceeded: use a smaller --lr" : "");
            }
            run.put("discretisation_tolerance", DISCRETISATION_TOLERANCE).put("discretisation_ok", gap <= DISCRETISATION_TOLERANCE);
        }
        CsvTable table = new CsvTable("step", "time", "train_loss", "test_error_labels", "test_error_target", "kernel_drift",
                "pattern_change", "max_neuron_move", "rel_param_move");
        for (TrainingRecord r : result.records()) {
            table.add(r.step(), r.time(), r.trainLoss(), r.testErrorLabels(), r.testErrorTarget(), r.kernelDrift(), r.patternChange(),
                    r.maxNeuronMove(), r.relParamMove());
        }
        Path meta = Output.publish(record, force, run, () -> table.write(record, force));
        TrainingRecord last = result.last();
        Map<String, Object> fields = JsonOutput.result("train", record, meta);
        fields.put("steps", result.steps());
        fields.put("lr", result.lr());
        fields.put("time", time);
        fields.put("outputs", outputs);
        fields.put("initial_loss", Json.number(result.records().get(0).trainLoss()));
        fields.put("final_loss", Json.number(last.trainLoss()));
        if (run.fields().containsKey("discretisation_gap")) {
            fields.put("discretisation_gap", run.fields().get("discretisation_gap"));
            fields.put("discretisation_ok", run.fields().get("discretisation_ok"));
        }
        jsonOutput.print(String.format(Locale.ROOT, "trained %d steps (η = %.4g) to t = %g%s: loss %.4g → %.4g; metrics -> %s (metadata %s)%n",
                result.steps(), result.lr(), time, outputs > 1 ? " on " + outputs + " outputs" : "", result.records().get(0).trainLoss(),
                last.trainLoss(), record, meta.getFileName()), fields);
        return 0;
    }
}
