package org.ntklab.tools.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.data.Npy;
import org.ntklab.data.NpyArray;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.DiskSpaceError;

class GramCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheSymmetricNtkAndItsMetadata() throws IOException {
        Matrix x = NpyFiles.points(30, 4);
        Path in = NpyFiles.write(dir, "x.npy", x);
        Path out = dir.resolve("k.npy");
        CliRun r = CliRun.of("gram", "--data", in.toString(), "--preset", "jacot", "--depth", "2", "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        NpyArray k = Npy.read(out);
        assertArrayEquals(new long[] {30, 30}, k.shape());
        Matrix expected = new AnalyticKernel(Preset.JACOT.spec(4, 2, null)).ntk(x);
        assertEquals(expected, k.toMatrix("k"));
        String meta = Files.readString(dir.resolve("k.npy.meta.json"));
        assertTrue(meta.contains("\"git_commit\"") && meta.contains("preset=jacot"), meta);
    }

    @Test
    void rectangularDiagonalAndCsvOutputs() throws IOException {
        Path in = NpyFiles.write(dir, "x.npy", NpyFiles.points(20, 3));
        Path test = NpyFiles.write(dir, "z.npy", NpyFiles.points(5, 3));
        Path rect = dir.resolve("kzx.npy");
        assertEquals(0, CliRun.of("gram", "--data", in.toString(), "--test", test.toString(), "--kernel", "nngp", "--out",
                rect.toString()).status());
        assertArrayEquals(new long[] {5, 20}, Npy.read(rect).shape());
        Path diag = dir.resolve("d.csv");
        assertEquals(0, CliRun.of("gram", "--data", in.toString(), "--diag", "--out", diag.toString()).status());
        assertEquals(20, Files.readAllLines(diag).size());
    }

    @Test
    void theMappedRectangularOutputIsInCOrder() throws IOException {
        Matrix x = NpyFiles.points(250, 3); // a ragged second tile column
        Matrix z = NpyFiles.points(7, 3);
        Path in = NpyFiles.write(dir, "x.npy", x);
        Path test = NpyFiles.write(dir, "z.npy", z);
        Path out = dir.resolve("kzx.npy");
        CliRun r = CliRun.of("gram", "--data", in.toString(), "--test", test.toString(), "--preset", "arora", "--depth", "3",
                "--out", out.toString());
        assertEquals(0, r.status(), r.err());
        Matrix expected = new AnalyticKernel(Preset.ARORA.spec(3, 3, null)).ntk(z, x);
        Matrix got = Npy.read(out).toMatrix("k");
        for (int i = 0; i < 7; i++) {
            for (int j = 0; j < 250; j++) {
                assertEquals(expected.get(i, j), got.get(i, j), 0.0, i + "," + j);
            }
        }
    }

    @Test
    void aMappedOutputLargerThanTheFreeDiskIsRefusedUpFront() throws IOException {
        Path out = dir.resolve("huge.npy");
        DiskSpaceError e = org.junit.jupiter.api.Assertions.assertThrows(DiskSpaceError.class, // exit 3, a resource limit
                () -> org.ntklab.tools.output.AtomicFiles.writeMapped(out, false, Long.MAX_VALUE / 2, file -> {
                    throw new AssertionError("nothing may be written");
                }));
        assertTrue(e.getMessage().contains("free"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "no file left behind");
        }
    }

    /**
     * The Gram is the same file bit for bit in two fresh JVMs, on one and on two threads, and in
     * this (warm) JVM: no operation of the assembly depends on the JIT's state (the arccos is our
     * own, not the SVML intrinsic) or on the thread count.
     */
    @Test
    void theGramIsBitIdenticalAcrossFreshJvmsAndThreadCounts() throws Exception {
        Path in = NpyFiles.write(dir, "x.npy", NpyFiles.points(700, 9)); // 700: four tile rows, a ragged edge
        Path warm = dir.resolve("warm.npy");
        assertEquals(0, CliRun.of("gram", "--data", in.toString(), "--preset", "arora", "--depth", "4", "--out", warm.toString()).status());
        byte[] expected = Files.readAllBytes(warm);
        for (String threads : new String[] {"1", "2"}) {
            Path out = dir.resolve("fresh-" + threads + ".npy");
            String javaBin = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(javaBin, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                    "-XX:MaxRAMPercentage=25", "-cp", System.getProperty("java.class.path"), "org.ntklab.tools.cli.Main",
                    "--threads", threads, "gram", "--data", in.toString(), "--preset", "arora", "--depth", "4", "--out", out.toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), log);
            assertArrayEquals(expected, Files.readAllBytes(out), "fresh JVM, " + threads + " thread(s)");
        }
    }

    @Test
    void badInputsGiveOneLineStatusTwoAndNoOutput() throws IOException {
        Matrix zero = NpyFiles.points(6, 3);
        for (int k = 0; k < 3; k++) {
            zero.set(4, k, 0);
        }
        Matrix nan = NpyFiles.points(6, 3);
        nan.set(2, 1, Double.NaN);
        Path zeroFile = NpyFiles.write(dir, "zero.npy", zero);
        Path nanFile = NpyFiles.write(dir, "nan.npy", nan);
        Path good = NpyFiles.write(dir, "good.npy", NpyFiles.points(6, 3));
        Path other = NpyFiles.write(dir, "other.npy", NpyFiles.points(4, 5));
        Path lying = Files.write(dir.resolve("lying.npy"), lyingHeader());
        Path out = dir.resolve("never.npy");
        Object[][] cases = {
            {new String[] {"gram", "--data", zeroFile.toString(), "--preset", "arora", "--out", out.toString()}, "row 4"},
            {new String[] {"gram", "--data", nanFile.toString(), "--out", out.toString()}, "row 2"},
            {new String[] {"gram", "--data", good.toString(), "--test", other.toString(), "--out", out.toString()}, "columns"},
            {new String[] {"gram", "--data", good.toString(), "--depth", "-1", "--out", out.toString()}, "depth"},
            {new String[] {"gram", "--data", good.toString(), "--activation", "swish", "--out", out.toString()}, "swish"},
            {new String[] {"gram", "--data", good.toString(), "--preset", "nope", "--out", out.toString()}, "preset"},
            {new String[] {"gram", "--data", lying.toString(), "--out", out.toString()}, "lying"},
            {new String[] {"gram", "--data", good.toString(), "--widths", "3,4", "--depth", "3", "--out", out.toString()}, "widths"},
            {new String[] {"gram", "--data", good.toString(), "--out", dir.resolve("missing/k.npy").toString()}, "does not exist"},
            {new String[] {"gram", "--data", dir.resolve("absent.npy").toString(), "--out", out.toString()}, "no such file"},
        };
        for (Object[] c : cases) {
            String[] args = (String[]) c[0];
            CliRun r = CliRun.of(args);
            String err = r.err().strip();
            assertEquals(2, r.status(), String.join(" ", args) + " -> " + err);
            assertEquals(1, err.lines().count(), err);
            assertTrue(err.contains((String) c[1]), c[1] + " not in: " + err);
            assertFalse(Files.exists(out), "no output for " + String.join(" ", args));
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary files left");
        }
    }

    @Test
    void existingOutputNeedsForce() throws IOException {
        Path in = NpyFiles.write(dir, "x.npy", NpyFiles.points(5, 2));
        Path out = Files.writeString(dir.resolve("k.npy"), "precious");
        CliRun r = CliRun.of("gram", "--data", in.toString(), "--out", out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--force"));
        assertEquals("precious", Files.readString(out));
        // not written by ntk (no k.npy.meta.json): never replaced, not even with --force
        CliRun forced = CliRun.of("gram", "--data", in.toString(), "--out", out.toString(), "--force");
        assertEquals(2, forced.status());
        assertTrue(forced.err().contains("ntk did not write it"), forced.err());
        assertEquals("precious", Files.readString(out));
        // ntk's own result is replaced with --force
        Path own = dir.resolve("own.npy");
        assertEquals(0, CliRun.of("gram", "--data", in.toString(), "--out", own.toString()).status());
        assertEquals(0, CliRun.of("gram", "--data", in.toString(), "--out", own.toString(), "--depth", "3", "--force").status());
        assertEquals(List.of(5L, 5L), List.of(Npy.read(own).shape()[0], Npy.read(own).shape()[1]));
        assertTrue(Files.readString(dir.resolve("own.npy.meta.json")).contains("\"3\""), "the second run's metadata");
    }

    static byte[] lyingHeader() {
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }\n";
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] b = new byte[10 + h.length + 64];
        byte[] pre = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) h.length, 0};
        System.arraycopy(pre, 0, b, 0, 10);
        System.arraycopy(h, 0, b, 10, h.length);
        return b;
    }

    /** The meta.json is published first: a leftover one without its output never blocks a rerun (issue 21). */
    @Test
    void anOrphanMetaJsonDoesNotBlockARerunAndAnOutputIsNeverWithoutOne() throws IOException {
        Path x = NpyFiles.write(dir, "orphan-x.npy", NpyFiles.points(30, 3));
        for (String name : new String[] {"o.npy", "o.csv"}) {
            Path out = dir.resolve(name);
            Path meta = dir.resolve(name + ".meta.json");
            Files.writeString(meta, "{\"left\": \"by an interrupted run\"}");
            CliRun r = CliRun.of("gram", "--data", x.toString(), "--out", out.toString(), "--preset", "arora", "--depth", "2");
            assertEquals(0, r.status(), name + ": " + r.err());
            assertTrue(Files.exists(out) && Files.readString(meta).contains("\"command\""), name + ": both published");
            CliRun again = CliRun.of("gram", "--data", x.toString(), "--out", out.toString(), "--preset", "arora", "--depth", "2");
            assertEquals(2, again.status(), name + ": a complete output is still protected");
        }
        // a file the user has, without any meta.json, is protected as before
        Path mine = Files.writeString(dir.resolve("mine.npy"), "not ours");
        assertEquals(2, CliRun.of("gram", "--data", x.toString(), "--out", mine.toString(), "--preset", "arora", "--depth", "2").status());
        assertEquals("not ours", Files.readString(mine));
    }
}
