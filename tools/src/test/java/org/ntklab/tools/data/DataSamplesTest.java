package org.ntklab.tools.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.data.Idx;
import org.ntklab.data.MnistJson;
import org.ntklab.linalg.Matrix;

/** The committed samples read with the real-format loaders; lying IDX headers are refused. */
class DataSamplesTest {

    static final Path SAMPLES = Path.of("src", "main", "resources", "samples");

    @TempDir
    Path dir;

    @Test
    void fashionMnistSampleReads() throws IOException {
        Path f = SAMPLES.resolve("fashion-mnist");
        Matrix x = Idx.images(f.resolve("train-images-idx3-ubyte.gz"), 1000);
        int[] y = Idx.labels(f.resolve("train-labels-idx1-ubyte.gz"), 1000);
        assertEquals(300, x.rows());
        assertEquals(784, x.cols());
        assertEquals(300, y.length);
        assertEquals(9, y[0], "the first Fashion-MNIST training label is 9 (ankle boot)");
        for (double v : x.data()) {
            assertTrue(v >= 0 && v <= 1);
        }
        assertEquals(50, Idx.images(f.resolve("train-images-idx3-ubyte.gz"), 50).rows());
    }

    @Test
    void mnistJsonSampleReadsBalanced() throws IOException {
        MnistJson.Digits d = MnistJson.read(SAMPLES.resolve("mnist"), 5);
        assertEquals(50, d.images().rows());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, java.util.Arrays.copyOf(d.labels(), 10));
        double sum = 0;
        for (int p = 0; p < 784; p++) {
            sum += d.images().get(0, p);
        }
        assertTrue(sum > 10, "a digit has ink");
    }

    @Test
    void lyingOrWrongIdxFilesAreRefused() throws IOException {
        Path lying = dir.resolve("lying.gz");
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(lying)))) {
            out.writeInt(0x0803);
            out.writeInt(1_000_000_000);
            out.writeInt(28);
            out.writeInt(28);
            out.write(new byte[784 * 2]);
        }
        long t0 = System.nanoTime();
        String m = assertThrows(IllegalArgumentException.class, () -> Idx.images(lying, 100)).getMessage();
        assertTrue(m.contains("ends early"), m);
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
        Path labels = SAMPLES.resolve("fashion-mnist").resolve("train-labels-idx1-ubyte.gz");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Idx.images(labels, 10)).getMessage().contains("magic"));
        Path garbage = Files.writeString(dir.resolve("g.json"), "{\"data\": [1, 2, \"x\"]}");
        Files.createDirectories(dir.resolve("digits"));
        for (int k = 0; k < 10; k++) {
            Files.copy(garbage, dir.resolve("digits").resolve(k + ".json"));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MnistJson.read(dir.resolve("digits"), 3)).getMessage()
                .contains("non-numeric"));
    }
}
