package org.ntklab.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ntklab.data.MatrixFiles;
import org.ntklab.data.VectorFiles;
import org.ntklab.eigen.DecayRate;
import org.ntklab.eigen.PowerLawFit;
import org.ntklab.eigen.Smoothness;
import org.ntklab.eigen.Spectrum;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ntk smoothness}: the smoothness ŝ of labels with respect to a Gram matrix (tail-sum method). */
@Command(name = "smoothness", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Smoothness ŝ = r/β of labels y w.r.t. a kernel: eigen-decompose K, fit log T(i) ≈ c − r log i with "
                + "T(i) = Σ_{j≥i} (u_jᵀy)², β the eigenvalue decay rate (fitted on the same Gram, or --edr).",
            "Prints one JSON object (ŝ, r, β, the window, and the fits' scatter: one Gram gives no confidence interval); "
                + "--out writes T(i) plus FILE.meta.json."})
public final class SmoothnessCommand implements Callable<Integer> {

    @Option(names = "--gram", required = true, paramLabel = "K.npy|K.csv", description = "A symmetric Gram matrix.")
    Path gram;

    @Option(names = "--labels", required = true, paramLabel = "y.npy|y.csv", description = "Labels, one per row of K.")
    Path labels;

    @Option(names = "--edr", paramLabel = "β", description = "The eigenvalue decay rate (default: fitted on K).")
    Double edr;

    @Option(names = "--window", paramLabel = "FROM,TO", split = ",",
            description = "The index window of both fits, 1-based and inclusive (default: the decay-rate rule of K, data-dependent).")
    List<Integer> window;

    @Option(names = "--out", paramLabel = "T.npy|T.csv", description = "The tail sums T(1..n).")
    Path out;

    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        if (out != null) {
            Output.checkMatrixOutput(out, force);
        }
        long t0 = System.nanoTime();
        Matrix k = MatrixFiles.read(gram);
        double[] y = VectorFiles.read(labels);
        if (y.length != k.rows()) {
            throw new UserError(labels.getFileName() + " has " + y.length + " labels but " + gram.getFileName() + " has " + k.rows()
                    + " rows");
        }
        DecayRate.Window w = null;
        if (window != null) {
            if (window.size() != 2) {
                throw new UserError("--window needs FROM,TO, got " + window.size() + " number" + (window.size() == 1 ? "" : "s"));
            }
            try {
                w = new DecayRate.Window(window.get(0), window.get(1));
            } catch (IllegalArgumentException ex) {
                throw new UserError("--window: " + ex.getMessage());
            }
        }
        Smoothness.Estimate e = w == null ? Smoothness.estimate(k, y, edr) : Smoothness.estimate(Spectrum.all(k, true), y, edr, w);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("s", e.s());
        result.put("tail_exponent", e.tail().exponent());
        result.put("window", List.of(e.tail().from(), e.tail().to()));
        result.put("window_source", w == null ? "decay-rate rule of K (data-dependent)" : "given");
        result.put("edr", e.edr());
        PowerLawFit b = e.edrFit();
        result.put("edr_source", b == null ? "given" : "fitted");
        Map<String, Object> scatter = new LinkedHashMap<>();
        scatter.put("tail_exponent_se", e.tail().stdError());
        if (b != null) {
            scatter.put("edr_se", b.stdError());
        }
        scatter.put("note", "OLS standard errors over the indices of this one Gram: residuals along a spectrum are correlated, so these "
                + "measure the fit's scatter, not a confidence interval; for one, repeat on independent samples (fresh points and "
                + "labels), one estimate each");
        result.put("fit_scatter", scatter);
        result.put("n", k.rows());
        result.put("method", "tail sums of (u_jᵀy)² over LAPACK dsyevd eigenvectors, OLS of log T(i) and log λ_i on log i");
        result.put("seconds", (System.nanoTime() - t0) / 1e9);
        Json.print(result);
        if (out != null) {
            RunRecord record = new RunRecord("smoothness", command.commandLine().getParseResult().originalArgs());
            Inputs.record(record, command);
            record.put("gram", gram.toAbsolutePath().normalize().toString()).put("labels", labels.toAbsolutePath().normalize().toString()).put("result", result);
            double[] tails = e.tailSums();
            Output.publish(out, force, record, () -> Output.write(out, tails, force));
        }
        return 0;
    }
}
