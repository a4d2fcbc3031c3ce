package org.ntklab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.cli.CliRun;
import org.ntklab.tools.cli.NpyFiles;

/**
 * Mutated input files (issue 21): valid .npy and .csv data with random bytes flipped, inserted,
 * deleted or the file truncated. Whatever the mutation, a command either succeeds and writes its
 * output with its meta.json, or fails with one line, a user (2) or resource (3) status, no stack
 * trace and nothing written; never an internal error.
 */
class InputMutationFuzzTest {

    @TempDir
    Path dir;

    @Test
    void mutatedInputsSucceedOrFailCleanly() throws IOException {
        Matrix x = NpyFiles.points(12, 3);
        byte[] npy = Files.readAllBytes(NpyFiles.write(dir, "valid.npy", x));
        StringBuilder csv = new StringBuilder("# points\na,b,c\n");
        for (int i = 0; i < x.rows(); i++) {
            csv.append(x.get(i, 0)).append(',').append(x.get(i, 1)).append(',').append(x.get(i, 2)).append('\n');
        }
        byte[] text = csv.toString().getBytes(StandardCharsets.UTF_8);
        SplittableRandom r = new SplittableRandom(2021);
        int failures = 0;
        int successes = 0;
        for (int c = 0; c < 160; c++) {
            boolean isNpy = c % 2 == 0;
            byte[] mutated = mutate(isNpy ? npy : text, r, isNpy);
            Path in = Files.write(dir.resolve("in" + c + (isNpy ? ".npy" : ".csv")), mutated);
            Path outDir = Files.createDirectories(dir.resolve("out" + c));
            Path out = outDir.resolve("k.npy");
            CliRun run = CliRun.of("gram", "--data", in.toString(), "--out", out.toString(), "--preset", "arora", "--depth", "2");
            String err = run.err().strip();
            String what = "case " + c + " (" + (isNpy ? "npy" : "csv") + "): " + err;
            List<Path> left;
            try (Stream<Path> s = Files.list(outDir)) {
                left = s.sorted().toList();
            }
            if (run.status() == 0) {
                successes++;
                assertEquals(List.of(out, outDir.resolve("k.npy.meta.json")), left, what);
            } else {
                failures++;
                assertTrue(run.status() == 2 || run.status() == 3, "status " + run.status() + ", " + what);
                assertEquals(1, err.lines().count(), what);
                assertTrue(err.startsWith("ntk: "), what);
                assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("internal error"), what);
                assertEquals(List.of(), left, what);
            }
        }
        assertTrue(failures > 40 && successes > 5, failures + " refused, " + successes + " accepted: the mutations cover both");
    }

    /** One to three random edits: flip a byte, insert one, delete a run, or truncate. */
    private static byte[] mutate(byte[] valid, SplittableRandom r, boolean binary) {
        List<Byte> b = new ArrayList<>();
        for (byte v : valid) {
            b.add(v);
        }
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && !b.isEmpty(); e++) {
            int at = r.nextInt(b.size());
            byte[] pool = binary ? null : ",.-eE0123456789 \n\"#nanif\uFEFF".getBytes(StandardCharsets.UTF_8);
            byte value = binary ? (byte) r.nextInt(256) : pool[r.nextInt(pool.length)];
            switch (r.nextInt(4)) {
                case 0 -> b.set(at, value);
                case 1 -> b.add(at, value);
                case 2 -> {
                    for (int k = 0, n = 1 + r.nextInt(8); k < n && at < b.size(); k++) {
                        b.remove(at);
                    }
                }
                default -> b.subList(at, b.size()).clear();
            }
        }
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return Arrays.copyOf(out, out.length);
    }
}
