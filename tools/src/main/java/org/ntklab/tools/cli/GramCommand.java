package org.ntklab.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ntklab.data.MatrixFiles;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.KernelDiagonal;
import org.ntklab.kernel.KernelPair;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ntk gram}: the analytic NNGP or NTK Gram matrix of a data set. */
@Command(name = "gram", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Analytic (infinite-width) NTK or NNGP of a fully-connected network on data.",
            "Writes K(X, X) (exactly symmetric), K(Z, X) with --test, or the diagonal with --diag, as a float64 .npy "
                + "(C order; numpy.load reads it) or CSV, plus FILE.meta.json with the spec and provenance."})
public final class GramCommand implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "X.npy|X.csv", description = "Training points, one row per point.")
    Path data;

    @Option(names = "--test", paramLabel = "Z.npy|Z.csv", description = "Test points: compute the rectangular K(Z, X).")
    Path test;

    @Option(names = "--kernel", paramLabel = "ntk|nngp", defaultValue = "ntk", description = "Which kernel (default: ${DEFAULT-VALUE}).")
    String kernel;

    @Option(names = "--diag", description = "Only the diagonal K(x_i, x_i), as a vector.")
    boolean diag;

    @Option(names = "--out", required = true, paramLabel = "K.npy|K.csv", description = "Output file.")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing output file.")
    boolean force;

    @Mixin
    SpecOptions specOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        String which = Choice.of(kernel, "--kernel", "ntk", "nngp");
        if (diag && test != null) {
            throw new UserError("--diag and --test exclude each other");
        }
        Output.checkWritable(out, force);
        Matrix x = MatrixFiles.read(data);
        Matrix z = test == null ? null : MatrixFiles.read(test);
        if (z != null && z.cols() != x.cols()) {
            throw new UserError(test.getFileName() + " has " + z.cols() + " columns but " + data.getFileName() + " has " + x.cols());
        }
        ArchitectureSpec spec = specOptions.spec(x.cols());
        AnalyticKernel k = new AnalyticKernel(spec, specOptions.quadrature());
        RunRecord record = new RunRecord("gram", command.commandLine().getParseResult().originalArgs());
        record.put("spec", spec.describe()).put("spec_flags", specOptions.asMap()).put("kernel", which)
                .put("data", data.toString()).put("n", x.rows()).put("d", x.cols());
        long t0 = System.nanoTime();
        Object result;
        String shape;
        if (diag) {
            KernelDiagonal d = k.diag(x);
            double[] v = which.equals("ntk") ? d.ntk() : d.nngp();
            result = v;
            shape = "(" + v.length + ",)";
        } else {
            KernelPair p = z == null ? k.compute(x) : k.compute(z, x);
            Matrix m = which.equals("ntk") ? p.ntk() : p.nngp();
            result = m;
            shape = "(" + m.rows() + ", " + m.cols() + ")";
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        record.put("seconds", seconds).put("shape", shape);
        if (test != null) {
            record.put("test", test.toString()).put("m", z.rows());
        }
        Output.write(out, result, force);
        Path meta = record.writeMeta(Output.metaPath(out), force);
        System.out.printf(Locale.ROOT, "%s %s %s in %.3f s -> %s (metadata %s)%n", which.toUpperCase(Locale.ROOT),
                diag ? "diagonal" : "Gram", shape, seconds, out, meta.getFileName());
        return 0;
    }
}
