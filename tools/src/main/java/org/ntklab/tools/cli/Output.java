package org.ntklab.tools.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.ntklab.data.Npy;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.AtomicFiles;

/** Writes a matrix or vector result as .npy or CSV (by extension), atomically. */
final class Output {

    private Output() {
    }

    /** Fails before any work when the output could not be written. */
    static void checkWritable(Path out, boolean force) {
        Path dir = out.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new UserError("output folder does not exist: " + dir);
        }
        if (!Files.isWritable(dir)) {
            throw new UserError("output folder is not writable: " + dir);
        }
        if (!force && Files.exists(out)) {
            throw new UserError("output file exists: " + out + " (use --force to overwrite)");
        }
        if (!force && Files.exists(metaPath(out))) {
            throw new UserError("output file exists: " + metaPath(out) + " (use --force to overwrite)");
        }
    }

    /** The metadata file beside an output. */
    static Path metaPath(Path out) {
        return out.resolveSibling(out.getFileName() + ".meta.json");
    }

    /** True when {@code out} is written as CSV (by its extension), else .npy. */
    static boolean isCsv(Path out) {
        return out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    /** Writes {@code value} (a Matrix or a double[]). */
    static void write(Path out, Object value, boolean force) {
        boolean csv = isCsv(out);
        AtomicFiles.write(out, force, stream -> {
            if (!csv) {
                if (value instanceof Matrix m) {
                    Npy.write(m, stream);
                } else {
                    Npy.write((double[]) value, stream);
                }
                return;
            }
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
            if (value instanceof Matrix m) {
                for (int i = 0; i < m.rows(); i++) {
                    for (int j = 0; j < m.cols(); j++) {
                        w.write(j == 0 ? "" : ",");
                        w.write(Double.toString(m.get(i, j)));
                    }
                    w.write('\n');
                }
            } else {
                for (double v : (double[]) value) {
                    w.write(Double.toString(v));
                    w.write('\n');
                }
            }
            w.flush();
        });
    }
}
