package org.ntklab.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ntklab.data.MatrixFiles;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ntk empirical}: the finite-width NTK (or NNGP) of a randomly initialised network. */
@Command(name = "empirical", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Empirical NTK ⟨∇f(x), ∇f(x')⟩ (or NNGP) of a finite network at initialisation.",
            "Writes a float64 .npy (C order) or CSV, plus FILE.meta.json with the spec, seed and provenance."})
public final class EmpiricalCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "X.npy|X.csv", description = "Points, one row per point.")
    Path data;

    @Option(names = "--test", paramLabel = "Z.npy|Z.csv", description = "Test points: the rectangular K(Z, X) (structured method).")
    Path test;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the parameters (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--init", paramLabel = "standard|mirrored", defaultValue = "standard",
            description = "Initialisation (default ${DEFAULT-VALUE}); mirrored: f = (f(θ₁) − f(θ₂))/√2 with θ₁ = θ₂.")
    String init;

    @Option(names = "--method", paramLabel = "structured|jacobian", defaultValue = "structured",
            description = "structured: Σ_l (GGᵀ)∘(BBᵀ), O(N² Σm); jacobian: J Jᵀ, O(N² P), the cross-check (default ${DEFAULT-VALUE}).")
    Choices.EmpiricalMethod method;

    @Option(names = "--kernel", paramLabel = "ntk|nngp", defaultValue = "ntk", description = "Which kernel (default ${DEFAULT-VALUE}).")
    Choices.Kernel kernel;

    @Option(names = "--out", required = true, paramLabel = "K.npy|K.csv", description = "Output file.")
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
        String which = kernel.toString();
        String how = method.toString();
        if (test != null && (how.equals("jacobian") || which.equals("nngp"))) {
            throw new UserError("--test needs --method structured and --kernel ntk");
        }
        Initialisation initialisation = new Initialisation(Initialisation.Scheme.parse(init), null);
        Output.checkMatrixOutput(out, force);
        Matrix x = MatrixFiles.read(data);
        Matrix z = test == null ? null : MatrixFiles.read(test);
        if (z != null && z.cols() != x.cols()) {
            throw new UserError(test.getFileName() + " has " + z.cols() + " columns but " + data.getFileName() + " has " + x.cols());
        }
        ArchitectureSpec spec = specOptions.spec(x.cols());
        if (spec.widths() == null) {
            throw new UserError("--widths is required for a finite network (one width per hidden layer)");
        }
        RunRecord record = new RunRecord("empirical", command.commandLine().getParseResult().originalArgs());
        Inputs.record(record, command);
        record.put("spec", spec.describe()).put("spec_flags", specOptions.asMap()).put("seed", seed).put("init", init)
                .put("method", how).put("kernel", which).put("data", data.toAbsolutePath().normalize().toString()).put("n", x.rows()).put("d", x.cols());
        if (how.equals("jacobian") && which.equals("ntk")) {
            EmpiricalNtk.requireJacobian(spec, x.rows());
        }
        long t0 = System.nanoTime();
        FiniteNetwork net = FiniteNetwork.initialise(spec, initialisation, seed);
        Matrix k;
        if (which.equals("nngp")) {
            k = EmpiricalNtk.nngp(net, x);
        } else if (z != null) {
            k = EmpiricalNtk.structured(net, z, x);
        } else {
            k = how.equals("jacobian") ? EmpiricalNtk.jacobian(net, x) : EmpiricalNtk.structured(net, x);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        record.put("seconds", seconds).put("shape", "(" + k.rows() + ", " + k.cols() + ")");
        Matrix written = k;
        Path meta = Output.publish(out, force, record, () -> Output.write(out, written, force));
        Map<String, Object> result = JsonOutput.result("empirical", out, meta);
        result.put("kernel", which);
        result.put("method", how);
        result.put("init", init);
        result.put("seed", seed);
        result.put("shape", java.util.List.of(k.rows(), k.cols()));
        result.put("seconds", seconds);
        jsonOutput.print(String.format(Locale.ROOT, "empirical %s (%s, %s init, seed %d) %d×%d in %.3f s -> %s (metadata %s)%n",
                which.toUpperCase(Locale.ROOT), how, init, seed, k.rows(), k.cols(), seconds, out, meta.getFileName()), result);
        return 0;
    }
}
