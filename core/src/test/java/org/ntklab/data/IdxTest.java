package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.Matrix;

/** IDX images and labels: values, and headers that lie about their size. */
class IdxTest {

    @TempDir
    Path dir;

    private Path idx(String name, int magic, int[] dims, int payload, boolean gzip) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(raw);
        d.writeInt(magic);
        for (int v : dims) {
            d.writeInt(v);
        }
        for (int i = 0; i < payload; i++) {
            d.write(i * 37);
        }
        byte[] bytes = raw.toByteArray();
        if (gzip) {
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (OutputStream g = new GZIPOutputStream(z)) {
                g.write(bytes);
            }
            bytes = z.toByteArray();
        }
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void readsPixelsScaledAndLabels() throws IOException {
        Matrix x = Idx.images(idx("i.gz", 0x0803, new int[] {2, 2, 3}, 12, true), 10);
        assertEquals(2, x.rows());
        assertEquals(6, x.cols());
        assertEquals(((1 * 37) & 0xff) / 255.0, x.get(0, 1), 0.0); // image 0, pixel 1 = byte 1
        assertEquals(((7 * 37) & 0xff) / 255.0, x.get(1, 1), 0.0); // image 1, pixel 1 = byte 6 + 1
        assertArrayEquals(new int[] {0, 37, 74}, Idx.labels(idx("l", 0x0801, new int[] {3}, 3, false), 10));
        assertEquals(1, Idx.labels(idx("l2", 0x0801, new int[] {3}, 3, false), 1).length);
    }

    @Test
    void lyingHeadersAreErrorsNotAllocations() throws IOException {
        long before = usedHeap();
        Path images = idx("lie.gz", 0x0803, new int[] {Integer.MAX_VALUE, 28, 28}, 784 * 2, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.images(images, 60000));
        assertTrue(e.getMessage().contains("ends early"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Idx.images(images, Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("exceed one Java array"), e.getMessage());
        Path labels = idx("lie-labels", 0x0801, new int[] {Integer.MAX_VALUE}, 5, false);
        e = assertThrows(IllegalArgumentException.class, () -> Idx.labels(labels, Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("ends early"), e.getMessage());
        // a 2^31-label claim read eagerly would have taken 2 GiB
        assertTrue(usedHeap() - before < 256L << 20, "heap grew by " + (usedHeap() - before));
        Path truncated = Files.write(dir.resolve("cut.gz"), java.util.Arrays.copyOf(Files.readAllBytes(images), 20));
        e = assertThrows(IllegalArgumentException.class, () -> Idx.images(truncated, 10));
        assertTrue(e.getMessage().startsWith("cut.gz: "), e.getMessage());
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
