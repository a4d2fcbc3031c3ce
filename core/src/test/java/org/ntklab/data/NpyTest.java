package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.Matrix;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void roundTripKeepsShapeAndBits() throws IOException {
        Matrix m = Matrix.of(new double[] {1.5, -0.0, Math.PI}, new double[] {Double.MIN_VALUE, 1e308, 7});
        Path f = dir.resolve("m.npy");
        try (OutputStream out = Files.newOutputStream(f)) {
            Npy.write(m, out);
        }
        assertEquals(0, (Files.size(f) - 6 * 8) % 64, "the data starts 64-byte aligned, as numpy writes it");
        NpyArray a = Npy.read(f);
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertEquals(m, a.toMatrix("m"));
    }

    @Test
    void aPageAlignedHeaderIsAValidNpyWhoseDataStartOnAPage() throws Exception {
        byte[] h = Npy.alignedHeader(4096, 2, 3);
        assertEquals(4096, h.length);
        assertEquals(128, Npy.header(2, 3).length, "the default is numpy's own 64-byte padding");
        assertThrows(IllegalArgumentException.class, () -> Npy.alignedHeader(100, 2, 3));
        Path f = dir.resolve("aligned.npy");
        ByteBuffer data = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 6; i++) {
            data.putDouble(i + 0.5);
        }
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(h);
            out.write(data.array());
        }
        assertArrayEquals(new double[] {0.5, 1.5, 2.5, 3.5, 4.5, 5.5}, Npy.read(f).values());
        if (hasNumpy()) {
            Process p = new ProcessBuilder("python3", "-c", "import numpy as np; a = np.load('" + f + "'); "
                    + "assert a.shape == (2, 3) and a[1, 2] == 5.5, a").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        }
    }

    @Test
    void numpyReadsOursAndWeReadNumpys() throws Exception {
        assumeTrue(hasNumpy(), "python3 with numpy not available");
        Matrix m = Matrix.of(new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6.25});
        Path ours = dir.resolve("ours.npy");
        try (OutputStream out = Files.newOutputStream(ours)) {
            Npy.write(m, out);
        }
        String script = "import numpy as np\n"
                + "a = np.load('" + ours + "')\n"
                + "assert a.shape == (3, 2) and a.dtype == np.float64 and a[2, 1] == 6.25 and a.flags.c_contiguous, a\n"
                + "np.save('" + dir.resolve("c.npy") + "', np.arange(6, dtype='>f8').reshape(2, 3))\n"
                + "np.save('" + dir.resolve("f.npy") + "', np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))\n"
                + "np.save('" + dir.resolve("i.npy") + "', np.arange(4, dtype=np.int64))\n"
                + "np.save('" + dir.resolve("f8f.npy") + "', np.asfortranarray(np.arange(35, dtype='<f8').reshape(5, 7)))\n";
        Process p = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        double[] expected = {0, 1, 2, 3, 4, 5};
        assertArrayEquals(expected, Npy.read(dir.resolve("c.npy")).values());
        assertArrayEquals(expected, Npy.read(dir.resolve("f.npy")).values());
        assertArrayEquals(new double[] {0, 1, 2, 3}, Npy.read(dir.resolve("i.npy")).values());
        for (String f : new String[] {"c.npy", "f.npy", "f8f.npy"}) {
            Path file = dir.resolve(f);
            assertEquals(Npy.read(file).toMatrix(f), Npy.readMatrix(file), f + ": the direct column-major read");
        }
        // a 1-D array is a vector, never a matrix: N points of dimension 1 or one point of dimension N?
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.readMatrix(dir.resolve("i.npy"))).getMessage().contains("reshape"));
        assertEquals(5.0 * 7 - 1, Npy.readMatrix(dir.resolve("f8f.npy")).get(4, 6));
    }

    @Test
    void theDirectMatrixReadTransposesEveryShapeExactly() throws IOException {
        java.util.Random r = new java.util.Random(3);
        for (int[] shape : new int[][] {{37, 21}, {16, 16}, {1, 9}, {9, 1}, {0, 4}, {50, 3}, {3, 50},
                // the writer transposes bands of 8192 values: several bands with a short last one, rows wider than a band
                {1000, 9}, {8193, 1}, {3, 9000}}) {
            double[][] rows = new double[shape[0]][shape[1]];
            for (double[] row : rows) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = r.nextGaussian();
                }
            }
            Matrix m = shape[0] == 0 ? new Matrix(0, shape[1], new double[0]) : Matrix.of(rows);
            Path f = dir.resolve("t" + shape[0] + "x" + shape[1] + ".npy");
            try (OutputStream out = Files.newOutputStream(f)) {
                Npy.write(m, out);
            }
            assertEquals(m, Npy.readMatrix(f), shape[0] + "×" + shape[1]);
        }
    }

    @Test
    void hostileHeadersAreRefusedBeforeAllocation() throws IOException {
        String[][] cases = {
            {"{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }", "lying header"},
            {"{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }", "truncated"},
            {"{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", "dtype '<c16'"},
            {"{'descr': '<f8', 'fortran_order': False, }", "no 'shape'"},
            {"{'descr': '<f8', 'fortran_order': False, 'shape': (-1, 2), }", "negative"},
            {"{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 4), }", "overflows"},
        };
        for (String[] c : cases) {
            Path f = dir.resolve("bad.npy");
            Files.write(f, npy(c[0], 16));
            long t0 = System.nanoTime();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(f), c[1]);
            assertTrue(e.getMessage().contains(c[1]), c[1] + " -> " + e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> Npy.readMatrix(f), c[1]);
            assertTrue(e.getMessage().contains(c[1]), "readMatrix: " + c[1] + " -> " + e.getMessage());
            assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
        }
        Path notNpy = Files.writeString(dir.resolve("x.npy"), "hello world, not numpy");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(notNpy)).getMessage().contains("magic"));
        Path empty = Files.write(dir.resolve("e.npy"), new byte[0]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Npy.read(empty)).getMessage().contains("too short"));
    }

    /** A version-1 file with the given header dict and {@code dataBytes} zero bytes of data. */
    static byte[] npy(String dict, int dataBytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        String header = dict + "\n";
        ByteBuffer pre = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.write(pre.array());
        b.write(header.getBytes(StandardCharsets.ISO_8859_1));
        b.write(new byte[dataBytes]);
        return b.toByteArray();
    }

    static boolean hasNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
