package org.ntklab.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ntklab.data.MatrixFiles;
import org.ntklab.data.VectorFiles;
import org.ntklab.eigen.PowerLawFit;
import org.ntklab.eigen.Smoothness;
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
            "Prints one JSON object (ŝ with its 95%% interval, r, β, the windows); --out writes T(i) plus FILE.meta.json."})
public final class SmoothnessCommand implements Callable<Integer> {

    @Option(names = "--gram", required = true, paramLabel = "K.npy|K.csv", description = "A symmetric Gram matrix.")
    Path gram;

    @Option(names = "--labels", required = true, paramLabel = "y.npy|y.csv", description = "Labels, one per row of K.")
    Path labels;

    @Option(names = "--edr", paramLabel = "β", description = "The eigenvalue decay rate (default: fitted on K).")
    Double edr;

    @Option(names = "--out", paramLabel = "T.npy|T.csv", description = "The tail sums T(1..n).")
    Path out;

    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        if (out != null) {
            Output.checkWritable(out, force);
        }
        long t0 = System.nanoTime();
        Matrix k = MatrixFiles.read(gram);
        double[] y = VectorFiles.read(labels);
        if (y.length != k.rows()) {
            throw new UserError(labels.getFileName() + " has " + y.length + " labels but " + gram.getFileName() + " has " + k.rows()
                    + " rows");
        }
        Smoothness.Estimate e = Smoothness.estimate(k, y, edr);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("s", e.s());
        result.put("ci", List.of(e.low(), e.high()));
        result.put("level", e.level());
        result.put("tail_exponent", e.tail().exponent());
        result.put("tail_ci", List.of(e.tail().low(), e.tail().high()));
        result.put("window", List.of(e.tail().from(), e.tail().to()));
        result.put("edr", e.edr());
        PowerLawFit b = e.edrFit();
        result.put("edr_source", b == null ? "given" : "fitted");
        if (b != null) {
            result.put("edr_ci", List.of(b.low(), b.high()));
            result.put("edr_window", List.of(b.from(), b.to()));
        }
        result.put("n", k.rows());
        result.put("method", "tail sums of (u_jᵀy)² over LAPACK dsyevd eigenvectors, OLS in log–log with t intervals");
        result.put("seconds", (System.nanoTime() - t0) / 1e9);
        Json.print(result);
        if (out != null) {
            RunRecord record = new RunRecord("smoothness", command.commandLine().getParseResult().originalArgs());
            record.put("gram", gram.toString()).put("labels", labels.toString()).put("result", result);
            Output.write(out, e.tailSums(), force);
            record.writeMeta(Output.metaPath(out), force);
        }
        return 0;
    }
}
