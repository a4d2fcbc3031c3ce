package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CIFAR-10 binary reader on small synthetic files in that format. */
class Cifar10Test {

    @TempDir
    Path dir;

    /** A batch of {@code n} records: record r has label (r + first) mod 10 and pixel p = (r + first + p) mod 256. */
    private static byte[] batch(int n, int first) {
        byte[] b = new byte[n * Cifar10.RECORD];
        for (int r = 0; r < n; r++) {
            b[r * Cifar10.RECORD] = (byte) ((r + first) % 10);
            for (int p = 0; p < Cifar10.PIXELS; p++) {
                b[r * Cifar10.RECORD + 1 + p] = (byte) ((r + first + p) % 256);
            }
        }
        return b;
    }

    @Test
    void readsRecordsInFileOrderWithChannelMajorPixels() throws IOException {
        Files.write(dir.resolve("data_batch_2.bin"), batch(3, 3));
        Files.write(dir.resolve("data_batch_1.bin"), batch(3, 0));
        Files.write(dir.resolve("test_batch.bin"), batch(2, 6));
        Files.writeString(dir.resolve("batches.meta.txt"), "airplane\n");
        List<Path> files = Cifar10.files(dir);
        assertEquals(List.of("data_batch_1.bin", "data_batch_2.bin", "test_batch.bin"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        Cifar10.Batch b = Cifar10.read(dir, Integer.MAX_VALUE);
        assertEquals(8, b.x().rows());
        assertEquals(3072, b.x().cols());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, b.labels());
        // record 4 (the second of batch 2, first = 3): pixel p is (4 + p) mod 256, red block first, blue last
        assertEquals(4 / 255.0, b.x().get(4, 0), 0);
        assertEquals(((4 + 1024) % 256) / 255.0, b.x().get(4, 1024), 0);
        assertEquals(((4 + 3071) % 256) / 255.0, b.x().get(4, 3071), 0);
        assertEquals(255 / 255.0, b.x().get(1, 254), 0);
        Cifar10.Batch first = Cifar10.read(dir, 4);
        assertEquals(4, first.x().rows());
        assertEquals(b.x().get(3, 100), first.x().get(3, 100), 0);
    }

    @Test
    void truncatedFilesBadLabelsAndEmptyFoldersAreErrorsNamingTheFile() throws IOException {
        byte[] ok = batch(2, 0);
        Path cut = dir.resolve("data_batch_1.bin");
        Files.write(cut, java.util.Arrays.copyOf(ok, ok.length - 5));
        IOException e = assertThrows(IOException.class, () -> Cifar10.read(dir, 10));
        assertTrue(e.getMessage().contains("data_batch_1.bin") && e.getMessage().contains("whole number"), e.getMessage());
        ok[Cifar10.RECORD] = 11;
        Files.write(cut, ok);
        e = assertThrows(IOException.class, () -> Cifar10.read(dir, 10));
        assertTrue(e.getMessage().contains("label 11"), e.getMessage());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        e = assertThrows(IOException.class, () -> Cifar10.files(empty));
        assertTrue(e.getMessage().contains("data_batch"), e.getMessage());
        assertThrows(IOException.class, () -> Cifar10.files(dir.resolve("missing")));
    }
}
