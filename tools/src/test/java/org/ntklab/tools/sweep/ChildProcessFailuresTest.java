package org.ntklab.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.data.Npy;
import org.ntklab.linalg.Matrix;

/** Failures only a separate JVM shows: a signal mid-write (issue 21; an exhausted heap is MemoryChecksTest's). */
class ChildProcessFailuresTest {

    @TempDir
    Path dir;

    private Path data(int n, String name) throws IOException {
        double[] x = new double[n * 20];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        Path data = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(data)) {
            Npy.write(new Matrix(n, 20, x), out);
        }
        return data;
    }

    @Test
    void sigtermRemovesTheTemporaryFile() throws Exception {
        int n = 12000; // a few seconds of Gram on two cores: time to be interrupted mid-write
        Path data = data(n, "x.npy");
        Path outDir = Files.createDirectories(dir.resolve("out"));
        List<String> cmd = new ArrayList<>(SweepKillTest.javaCommand());
        cmd.addAll(List.of("org.ntklab.tools.cli.Main", "gram", "--data", data.toString(), "--out", outDir.resolve("K.npy").toString(),
                "--preset", "arora", "--depth", "8"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (temporaries(outDir) == 0 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the Gram finished before it could be interrupted");
        assertEquals(1, temporaries(outDir), "the write is in flight");
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        try (Stream<Path> left = Files.list(outDir)) {
            assertEquals(List.of(), left.toList(), "nothing left behind");
        }
    }

    private static long temporaries(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
        }
    }
}
