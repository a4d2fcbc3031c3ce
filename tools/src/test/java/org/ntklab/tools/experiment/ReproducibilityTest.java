package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.runtime.ThreadBudget;

/**
 * End-to-end reproducibility: every experiment's quick run gives the same CSVs (to 1e-9 relative)
 * with 2 threads, with 1 thread, on the other BLAS backend (a separate JVM), and when re-run from
 * its meta.json alone.
 */
class ReproducibilityTest {

    /** Relative tolerance on every numeric cell; cells below FLOOR × the column's largest value compare at that level. */
    private static final double TOL = 1e-9;
    private static final double FLOOR = 1e-12;
    /** Absolute agreement asked of values at rounding level. */
    private static final double ABSOLUTE = 1e-14;


    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> quickRunsAgreeAcrossThreadsBackendsAndReruns() {
        return Experiments.all().stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> {
            Path base = dir.resolve(e.name());
            int threads = ThreadBudget.threads();
            Path two = base.resolve("threads2");
            Path one = base.resolve("threads1");
            try {
                ThreadBudget.setThreads(2);
                assertEquals(0, ExperimentRunner.run(e, null, true, two, false, List.of("--quick")));
                ThreadBudget.setThreads(1);
                assertEquals(0, ExperimentRunner.run(e, null, true, one, false, List.of("--quick", "--threads", "1")));
            } finally {
                ThreadBudget.setThreads(threads);
            }
            Path rerun = base.resolve("rerun");
            assertEquals(0, ExperimentRunner.rerun(e, two.resolve("meta.json"), rerun, false, List.of("rerun"), ExperimentRunner.SENTENCE));
            Path other = base.resolve("other-backend");
            String otherBackend = Backends.current().info().isNative() ? "java" : "native";
            runChild(e.name(), otherBackend, other);
            for (Path run : List.of(one, rerun)) {
                assertSameCsvs(two, run);
            }
            assertSameCsvs(two, other);
        }));
    }

    private static void runChild(String name, String backend, Path out) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-XX:MaxRAMPercentage=25", "-cp", System.getProperty("java.class.path"), "-D" + Backends.PROPERTY + "=" + backend,
                "-Dntk.home=" + System.getProperty("ntk.home", "."), "org.ntklab.tools.cli.Main", "experiment", name, "--quick", "--out",
                out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), name + " on " + backend + ": " + log);
    }

    /** Same CSV files with the same columns and cells, numbers within the tolerance. */
    static void assertSameCsvs(Path expected, Path actual) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(expected)) {
            files = s.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
        }
        assertTrue(!files.isEmpty(), expected + " has CSVs");
        for (Path f : files) {
            Path g = actual.resolve(f.getFileName());
            assertTrue(Files.exists(g), g + " exists");
            List<String[]> a = rows(f);
            List<String[]> b = rows(g);
            assertEquals(a.size(), b.size(), f.getFileName() + ": rows");
            String[] header = a.get(0);
            double[] columnScale = new double[header.length];
            for (int r = 1; r < a.size(); r++) {
                for (int c = 0; c < header.length && c < a.get(r).length; c++) {
                    try {
                        columnScale[c] = Math.max(columnScale[c], Math.abs(Double.parseDouble(a.get(r)[c])));
                    } catch (NumberFormatException notNumeric) {
                        // a label column
                    }
                }
            }
            for (int r = 0; r < a.size(); r++) {
                assertEquals(a.get(r).length, b.get(r).length, f.getFileName() + " row " + r);
                for (int c = 0; c < a.get(r).length; c++) {
                    if (header[c].contains("seconds") || header[c].contains("residual")) {
                        continue; // timings are measurements and residual norms rounding diagnostics, not results
                    }
                    String x = a.get(r)[c];
                    String y = b.get(r)[c];
                    if (x.equals(y)) {
                        continue;
                    }
                    double u = Double.parseDouble(x);
                    double v = Double.parseDouble(y);
                    // relative to the cell, but never finer than 1e-14 absolute (FLOOR) or 1e-12 of the column's largest
                    // value: a quantity at rounding level (a singular Gram's certified λ_min ≈ −1e-11) has no stable digits
                    double scale = Math.max(Math.max(ABSOLUTE / TOL, FLOOR * columnScale[c]), Math.max(Math.abs(u), Math.abs(v)));
                    assertTrue(Math.abs(u - v) <= TOL * scale, f.getFileName() + " row " + r + " column " + header[c] + ": " + x + " vs "
                            + y + " (" + actual + ")");
                }
            }
        }
    }

    private static List<String[]> rows(Path f) throws IOException {
        List<String[]> out = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setCommentMarker('#').setIgnoreEmptyLines(true).get();
        try (CSVParser p = CSVParser.parse(f, StandardCharsets.UTF_8, format)) {
            for (CSVRecord r : p) {
                out.add(r.values());
            }
        }
        return out;
    }
}
