package org.ntklab.tools;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.data.Idx;
import org.ntklab.data.MatrixFiles;
import org.ntklab.data.MnistJson;
import org.ntklab.data.Npy;
import org.ntklab.data.VectorFiles;
import org.ntklab.tools.cli.NpyFiles;

/**
 * Random byte-level mutations of valid input files (.npy, CSV, IDX, MNIST JSON, experiment specs):
 * every reader either reads a file or refuses it with an ordinary error (IOException,
 * IllegalArgumentException, a user error) — never another exception, an out-of-memory error, a
 * stack overflow or a hang. Mutations are drawn from a fixed seed, so a failure names a
 * reproducible (format, index).
 */
public class MutationFuzzTest {

    private static final int PER_FORMAT = 300;

    @TempDir
    Path dir;

    /** Reads one candidate file. */
    @FunctionalInterface
    private interface Reader {
        void read(Path file) throws Exception;
    }

    private void fuzz(String format, byte[] valid, String fileName, Reader reader) throws IOException {
        fuzz(format, valid, Files.createDirectories(dir.resolve(format)).resolve(fileName), reader);
    }

    /** Writes {@value #PER_FORMAT} mutations of {@code valid} to {@code file} in turn and reads each. */
    private static void fuzz(String format, byte[] valid, Path file, Reader reader) throws IOException {
        SplittableRandom r = new SplittableRandom(format.hashCode());
        long t0 = System.nanoTime();
        for (int k = 0; k < PER_FORMAT; k++) {
            Files.write(file, mutate(valid, r));
            try {
                reader.read(file);
            } catch (IOException | IllegalArgumentException | UserError e) {
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), format + " #" + k + ": an error without a message");
            } catch (Throwable t) {
                fail(format + " #" + k + ": " + t, t);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds < 60, format + ": " + PER_FORMAT + " mutations took " + seconds + " s (a hang?)");
    }

    /** One to eight edits: flip bits, overwrite with extreme bytes or digits, delete, duplicate or truncate. */
    public static byte[] mutate(byte[] valid, SplittableRandom r) {
        byte[] b = valid.clone();
        int edits = 1 + r.nextInt(8);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = r.nextInt(b.length);
            switch (r.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) new int[] {0, 0xFF, 0x7F, 0x80, '9', '-', ',', '\n', '[', '{', '\''}[r.nextInt(11)];
                case 2 -> b = java.util.Arrays.copyOf(b, at);
                case 3 -> {
                    byte[] c = new byte[b.length - 1];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                    b = c;
                }
                case 4 -> {
                    int len = Math.min(b.length - at, 1 + r.nextInt(16));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                default -> {
                    byte[] digits = "99999999999".getBytes(StandardCharsets.US_ASCII);
                    int len = Math.min(digits.length, b.length - at);
                    System.arraycopy(digits, 0, b, at, len);
                }
            }
        }
        return b;
    }

    @Test
    void npyMatricesAndVectors() throws IOException {
        ByteArrayOutputStream m = new ByteArrayOutputStream();
        Npy.write(NpyFiles.points(6, 3), m);
        fuzz("npy-matrix", m.toByteArray(), "x.npy", f -> MatrixFiles.read(f));
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        Npy.write(new double[] {1, 2, 3, 4}, v);
        fuzz("npy-vector", v.toByteArray(), "y.npy", f -> VectorFiles.read(f));
    }

    @Test
    void csvMatrices() throws IOException {
        byte[] csv = "# a comment\n1.5,2,3\n4,5e-3,-6\n7,8,9.25\n".getBytes(StandardCharsets.UTF_8);
        fuzz("csv", csv, "x.csv", f -> MatrixFiles.read(f));
    }

    @Test
    void idxImagesAndLabels() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 3});
        for (int i = 0; i < 18; i++) {
            raw.write(i * 13);
        }
        fuzz("idx-raw", gzip(raw.toByteArray()), "images.gz", f -> Idx.images(f, 10));
        // mutations of the compressed bytes exercise the gzip layer; of the raw bytes, the IDX parser
        SplittableRandom r = new SplittableRandom(3);
        Path folder = Files.createDirectories(dir.resolve("idx-inner"));
        for (int k = 0; k < PER_FORMAT; k++) {
            Path f = folder.resolve("images-" + k + ".gz");
            Files.write(f, gzip(mutate(raw.toByteArray(), r)));
            try {
                Idx.images(f, 10);
                Idx.labels(f, 10);
            } catch (IOException | IllegalArgumentException e) {
                assertTrue(e.getMessage() != null, "idx-inner #" + k);
            } catch (Throwable t) {
                fail("idx-inner #" + k + ": " + t, t);
            }
        }
    }

    @Test
    void mnistJson() throws IOException {
        StringBuilder digit = new StringBuilder("[");
        for (int i = 0; i < 2; i++) {
            digit.append(i == 0 ? "" : ",").append('[');
            for (int p = 0; p < MnistJson.PIXELS; p++) {
                digit.append(p == 0 ? "" : ",").append(p % 7 == 0 ? "0.5" : "0");
            }
            digit.append(']');
        }
        digit.append(']');
        byte[] valid = digit.toString().getBytes(StandardCharsets.UTF_8);
        Path folder = Files.createDirectories(dir.resolve("mnist"));
        for (int c = 1; c < 10; c++) {
            Files.write(folder.resolve(c + ".json"), valid);
        }
        fuzz("mnist-json", valid, folder.resolve("0.json"), f -> MnistJson.read(f.getParent(), 2));
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        }
        return out.toByteArray();
    }

}
