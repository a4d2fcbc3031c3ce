package org.ntklab.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.data.Npy;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.cli.Main;

/**
 * The memory checks count every working buffer, not only the output (issue 21). Each command is
 * run in a child JVM with a 256 MB heap at sizes N that cross its limit: every run must either
 * succeed or stop at a check, before the allocation, with the check's one line and exit 3 — never
 * with the catch-all "out of memory" of an allocation that the check let through. The scan of
 * each command must see both outcomes, so that it really crosses the limit. Before the fix,
 * {@code smoothness} (dsyevd's 2N² workspace) and {@code empirical --out .npy} (a row-major copy of
 * the Gram) died allocating at N = 3000 and 4500.
 */
class MemoryChecksTest {

    @TempDir
    static Path dir;

    @BeforeAll
    static void fixtures() throws IOException {
        for (int n : scans().stream().flatMapToInt(s -> java.util.Arrays.stream(s.sizes())).distinct().toArray()) {
            write(dir.resolve("x" + n + ".npy"), gaussian(n, 5, n));
            write(dir.resolve("y" + n + ".npy"), gaussian(n, 1, n + 1));
            assertEquals(0, Main.execute("gram", "--data", dir.resolve("x" + n + ".npy").toString(), "--out",
                    dir.resolve("k" + n + ".npy").toString()));
        }
    }

    private static Matrix gaussian(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        return new Matrix(rows, cols, a);
    }

    private static void write(Path p, Matrix m) throws IOException {
        try (OutputStream out = Files.newOutputStream(p)) {
            if (m.cols() == 1) {
                Npy.write(m.data(), out);
            } else {
                Npy.write(m, out);
            }
        }
    }

    /** A command line with {@code X}, {@code Y}, {@code K} and {@code OUT} standing for the files of size N. */
    private record Scan(String name, int[] sizes, String... args) {
    }

    /** Each scan steps N by 500 across its command's limit in a 256 MB heap (an old failure was 500 wide). */
    private static List<Scan> scans() {
        int[] big = {4000, 4500, 5000};
        int[] mid = {2500, 3000, 3500};
        return List.of(
                new Scan("gram to CSV (the Gram in the heap)", big, "gram", "--data", "X", "--out", "OUT.csv"),
                new Scan("empirical to .npy (structured products, then the writer)", big, "empirical", "--data", "X", "--widths", "64",
                        "--depth", "1", "--out", "OUT.npy"),
                new Scan("empirical by the Jacobian", big, "empirical", "--data", "X", "--widths", "16", "--depth", "1", "--method",
                        "jacobian", "--out", "OUT.csv"),
                new Scan("eig all with eigenvectors (dsyevd's workspace)", mid, "eig", "--gram", "K", "--which", "all", "--out",
                        "OUT.npy"),
                new Scan("eig min, certified", mid, "eig", "--gram", "K", "--which", "min", "--certify"),
                new Scan("eig min of an empirical NTK", mid, "eig", "--data", "X", "--kernel", "empirical", "--widths", "64",
                        "--depth", "1", "--which", "min"),
                new Scan("smoothness (eigenvectors of K)", new int[] {2000, 2500, 3000, 3500}, "smoothness", "--gram", "K", "--labels",
                        "Y"),
                new Scan("kgf to t = ∞", new int[] {1500, 2000, 2500}, "kgf", "--data", "X", "--labels", "Y", "--times", "1,inf",
                        "--out", "OUT.csv"));
    }

    /** Status and stderr (JVM warnings removed) of one run in a 256 MB child JVM. */
    private record Run(int status, String err) {
    }

    private static Run run(Scan s, int n, Path out) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(SweepKillTest.javaCommand());
        cmd.add(cmd.indexOf("-cp"), "-Xmx256m"); // the last -Xmx wins
        cmd.add("org.ntklab.tools.cli.Main");
        for (String a : s.args()) {
            cmd.add(switch (a) {
                case "X" -> dir.resolve("x" + n + ".npy").toString();
                case "Y" -> dir.resolve("y" + n + ".npy").toString();
                case "K" -> dir.resolve("k" + n + ".npy").toString();
                default -> a.startsWith("OUT") ? out.resolve("result" + a.substring(3)).toString() : a;
            });
        }
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), s.name() + " at N = " + n + " did not end");
        return new Run(p.exitValue(), String.join("\n", err.lines().filter(l -> !l.startsWith("WARNING")).toList()).strip());
    }

    @TestFactory
    Stream<DynamicTest> everyAllocationIsCheckedBeforeItHappens() throws Exception {
        List<Scan> scans = scans();
        Map<String, Map<Integer, Future<Run>>> runs = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2); // two children at a time on two cores
        try {
            for (Scan s : scans) {
                Map<Integer, Future<Run>> byN = new TreeMap<>();
                for (int n : s.sizes()) {
                    Path out = Files.createDirectories(dir.resolve(s.name().replaceAll("[^A-Za-z0-9]+", "-") + n));
                    byN.put(n, pool.submit(() -> run(s, n, out)));
                }
                runs.put(s.name(), byN);
            }
        } finally {
            pool.shutdown();
        }
        return scans.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            boolean succeeded = false;
            boolean stopped = false;
            for (Map.Entry<Integer, Future<Run>> e : runs.get(s.name()).entrySet()) {
                int n = e.getKey();
                Run r = e.getValue().get();
                String at = s.name() + " at N = " + n + ": ";
                assertFalse(r.err().contains("out of memory"), at + "an allocation the check let through: " + r.err());
                if (r.status() == 0) {
                    succeeded = true;
                    continue;
                }
                stopped = true;
                assertEquals(3, r.status(), at + r.err());
                assertEquals(1, r.err().lines().count(), at + "one line: " + r.err());
                assertTrue(r.err().startsWith("ntk: ") && (r.err().contains("-Xmx") || r.err().contains("2^31")), at + r.err());
                Path out = dir.resolve(s.name().replaceAll("[^A-Za-z0-9]+", "-") + n);
                try (Stream<Path> left = Files.list(out)) {
                    assertEquals(List.of(), left.toList(), at + "nothing written");
                }
            }
            assertTrue(succeeded && stopped, s.name() + ": the scan must cross the limit (succeeded " + succeeded + ", stopped "
                    + stopped + ")");
        }));
    }
}
