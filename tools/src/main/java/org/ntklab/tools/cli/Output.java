package org.ntklab.tools.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.ntklab.data.FileFormat;
import org.ntklab.data.Npy;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.RunRecord;

/** Writes a matrix or vector result as .npy or CSV (by extension), atomically. */
final class Output {

    /** The longest file name, in bytes, of Linux's and macOS's file systems. */
    private static final int MAX_NAME_BYTES = 255;

    private Output() {
    }

    /** {@link #checkWritable} for a matrix or vector output, whose extension must name a {@link FileFormat}. */
    static void checkMatrixOutput(Path out, boolean force) {
        checkWritable(out, force); // first: a folder or a device named as output gets that said, not its missing extension
        FileFormat.of(out);
    }

    /** {@link #checkWritable} for a table, which is always CSV. */
    static void checkTableOutput(Path out, boolean force, String option) {
        checkWritable(out, force);
        FileFormat.of(out); // .csv, or .npy for a numpy structured array; anything else is refused naming the known ones
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
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new UserError(out + " exists and is not a regular file (a folder, a link or a device): choose another output "
                    + "name; --force replaces only regular files");
        }
        if (!force && Files.exists(out)) {
            throw new UserError("output file exists: " + out + " (use --force to overwrite)");
        }
        if (force && Files.exists(out) && !writtenByNtk(out)) {
            throw new UserError(out + " exists and ntk did not write it (no " + metaPath(out).getFileName() + " beside it): --force replaces "
                    + "only ntk's own results; move it or choose another name");
        }
        int nameBytes = metaPath(out).getFileName().toString().getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes > MAX_NAME_BYTES) {
            throw new UserError("output name too long: its metadata file " + metaPath(out).getFileName() + " would have " + nameBytes
                    + " bytes, more than the " + MAX_NAME_BYTES + " a file name may have; choose a shorter name");
        }
        // a meta.json without its output is what an interrupted run leaves (see publish): replaced freely
        if (!force && Files.exists(metaPath(out)) && Files.exists(out)) {
            throw new UserError("output file exists: " + metaPath(out) + " (use --force to overwrite)");
        }
    }

    /** Writes one output file; may throw unchecked exceptions. */
    @FunctionalInterface
    interface DataWriter {
        void write();
    }

    /** Writes one output file, calling {@code publishMeta} once its content is complete and before it is renamed into place. */
    @FunctionalInterface
    interface StagedWriter {
        void write(Runnable publishMeta);
    }

    /**
     * Publishes an output with its metadata so that no half-state blocks a rerun: the meta.json
     * first, then the output (each atomically). An interruption between the two leaves a meta.json
     * without its output, which {@link #checkWritable} treats as a leftover; an output without its
     * meta.json cannot arise. A failed write of the output removes the meta.json just written.
     */
    static Path publish(Path out, boolean force, RunRecord record, DataWriter data) {
        return publish(out, force, record, (StagedWriter) publishMeta -> {
            publishMeta.run();
            data.write();
        });
    }

    /**
     * {@link #publish(Path, boolean, RunRecord, DataWriter)} for an output computed while it is
     * written (the mapped Gram): the writer calls {@code publishMeta} when the content is complete,
     * so the meta.json can record the whole run and still go out first.
     */
    static Path publish(Path out, boolean force, RunRecord record, StagedWriter data) {
        Path meta = metaPath(out);
        boolean replace = force || !Files.exists(out);
        boolean[] written = {false};
        try {
            data.write(() -> {
                record.writeMeta(meta, replace);
                written[0] = true;
            });
        } catch (RuntimeException | Error e) {
            try {
                if (written[0]) {
                    Files.deleteIfExists(meta);
                }
            } catch (java.io.IOException ignored) {
                // an orphan meta.json is replaced by the next run anyway
            }
            throw e;
        }
        if (!written[0]) {
            throw new IllegalStateException("the writer of " + out + " did not publish its meta.json");
        }
        return meta;
    }

    /** True when {@code out} has the meta.json of an ntk run beside it (what every ntk result has; see {@link #publish}). */
    static boolean writtenByNtk(Path out) {
        return org.ntklab.tools.output.OutputFolder.isNtkMeta(metaPath(out));
    }

    /** The metadata file beside an output. */
    static Path metaPath(Path out) {
        return out.resolveSibling(out.getFileName() + ".meta.json");
    }

    /** True when {@code out} is written as CSV, false for .npy (by its extension; another one is refused). */
    static boolean isCsv(Path out) {
        return FileFormat.of(out) == FileFormat.CSV;
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
