package org.ntklab.tools.cli;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import org.ntklab.data.MatrixFiles;
import org.ntklab.data.Npy;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.KernelDiagonal;
import org.ntklab.kernel.KernelKind;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.tiled.TileStore;
import org.ntklab.linalg.tiled.TiledGram;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.RunRecord;
import org.ntklab.tools.output.TerminalProgress;
import picocli.CommandLine.ArgGroup;
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

    /** The page size the mapped output's data are aligned to. */
    private static final int PAGE = 4096;

    @Option(names = "--data", required = true, paramLabel = "X.npy|X.csv", description = "Training points, one row per point.")
    Path data;

    @ArgGroup(exclusive = true)
    Form form;

    /** The rectangular K(Z, X) or the diagonal alone (picocli refuses both); neither: K(X, X). */
    static final class Form {
        @Option(names = "--test", required = true, paramLabel = "Z.npy|Z.csv", description = "Test points: compute the rectangular K(Z, X).")
        Path test;

        @Option(names = "--diag", required = true, description = "Only the diagonal K(x_i, x_i), as a vector.")
        boolean diag;
    }

    @Option(names = "--kernel", paramLabel = "ntk|nngp", defaultValue = "ntk", description = "Which kernel (default: ${DEFAULT-VALUE}).")
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
        Path test = form == null ? null : form.test;
        boolean diag = form != null && form.diag;
        Output.checkMatrixOutput(out, force);
        Matrix x = MatrixFiles.read(data);
        Matrix z = test == null ? null : MatrixFiles.read(test);
        if (z != null && z.cols() != x.cols()) {
            throw new UserError(test.getFileName() + " has " + z.cols() + " columns but " + data.getFileName() + " has " + x.cols());
        }
        ArchitectureSpec spec = specOptions.spec(x.cols());
        AnalyticKernel k = new AnalyticKernel(spec, specOptions.quadrature());
        RunRecord record = new RunRecord("gram", command.commandLine().getParseResult().originalArgs());
        Inputs.record(record, command);
        record.put("spec", spec.describe()).put("spec_flags", specOptions.asMap()).put("kernel", which)
                .put("data", data.toAbsolutePath().normalize().toString()).put("n", x.rows()).put("d", x.cols());
        long t0 = System.nanoTime();
        KernelKind kind = which.equals("ntk") ? KernelKind.NTK : KernelKind.NNGP;
        String shape;
        if (test != null) {
            record.put("test", test.toAbsolutePath().normalize().toString()).put("m", z.rows());
        }
        Path meta;
        if (diag) {
            KernelDiagonal d = k.diag(x);
            double[] v = kind == KernelKind.NTK ? d.ntk() : d.nngp();
            shape = "(" + v.length + ",)";
            record.put("seconds", (System.nanoTime() - t0) / 1e9).put("shape", shape);
            meta = Output.publish(out, force, record, () -> Output.write(out, v, force));
        } else {
            int rows = z == null ? x.rows() : z.rows();
            shape = "(" + rows + ", " + x.rows() + ")";
            if (Output.isCsv(out)) {
                Matrix m = z == null ? (kind == KernelKind.NTK ? k.ntk(x) : k.nngp(x))
                        : (kind == KernelKind.NTK ? k.ntk(z, x) : k.nngp(z, x));
                record.put("seconds", (System.nanoTime() - t0) / 1e9).put("shape", shape);
                meta = Output.publish(out, force, record, () -> Output.write(out, m, force));
            } else {
                // the meta.json goes out once the Gram is complete, just before the Gram is renamed into place
                String s = shape;
                meta = Output.publish(out, force, record, (Output.StagedWriter) publishMeta -> streamNpy(k, kind, x, z, rows, () -> {
                    record.put("seconds", (System.nanoTime() - t0) / 1e9).put("shape", s);
                    publishMeta.run();
                }));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> result = JsonOutput.result("gram", out, meta);
        result.put("kernel", which);
        result.put("diagonal", diag);
        result.put("shape", shape);
        result.put("seconds", seconds);
        jsonOutput.print(String.format(Locale.ROOT, "%s %s %s in %.3f s -> %s (metadata %s)%n", which.toUpperCase(Locale.ROOT),
                diag ? "diagonal" : "Gram", shape, seconds, out, meta.getFileName()), result);
        return 0;
    }

    /**
     * Computes the Gram straight into a mapped .npy file, tile by tile: the matrix is never held
     * in the Java heap (so N may exceed 46340) and there is no separate pass to write it out.
     */
    private void streamNpy(AnalyticKernel k, KernelKind kind, Matrix x, Matrix z, int rows, Runnable beforeRename) {
        int cols = x.rows();
        // data page-aligned: with the tiles' super-blocks 3 pages wide, each page has one writer
        byte[] header = Npy.alignedHeader(PAGE, rows, cols);
        long bytes = header.length + 8L * rows * cols;
        long tiles = TiledGram.tileCount(rows, cols, z == null);
        try (TerminalProgress bar = new TerminalProgress(kind.name().toLowerCase(Locale.ROOT) + " gram")) {
            AtomicFiles.writeMapped(out, force, bytes, file -> {
                MemorySegment.copy(header, 0, file, ValueLayout.JAVA_BYTE, 0, header.length);
                TileStore store = TileStore.rowMajor(file, header.length, cols);
                LongConsumer done = n -> bar.progress(n, tiles);
                if (z == null) {
                    k.write(x, kind, store, done);
                } else {
                    k.write(z, x, kind, store, done);
                }
            }, beforeRename);
        }
    }
}
