package org.ntklab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.Matrix;

/**
 * The bad-input catalogue: every command of {@code ntk} given hostile or mistaken inputs. Each
 * case must end with exit status 2 and one line "ntk: …" naming the problem (the expected words
 * are checked), no stack trace, no output file left behind, and within a second or two (a lying
 * header must not make us allocate what it claims).
 */
class HostileInputTest {

    @TempDir
    static Path dir;

    private static Path x;
    private static Path y;
    private static Path gram;

    /** One case: a name, the arguments (given the fixture folder and an output path) and words the message must contain. */
    private record Case(String name, Function<Path, List<String>> args, String... expect) {
    }

    /** Cases refused for a resource limit (exit 3); every other case is a user error (exit 2). */
    private static final java.util.Set<String> RESOURCE = java.util.Set.of("N×N Gram beyond one Java array",
            "N×N Gram larger than the heap");

    @BeforeAll
    static void fixtures() throws IOException {
        // load the backend and the kernels once, so the timings below are of the checks alone
        CliRun.of("info");
        Matrix good = GramCommandTest.data(20, 3);
        x = NpyFiles.write(dir, "x.npy", good);
        y = NpyFiles.write(dir, "y.npy", column(20, 0.5));
        double[] k = new double[16];
        for (int i = 0; i < 4; i++) {
            k[i + 4 * i] = 2;
        }
        gram = NpyFiles.write(dir, "k.npy", new Matrix(4, 4, k));
        Files.createDirectories(dir.resolve("out"));
    }

    private static double[] column(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static Path npy(String name, Matrix m) throws IOException {
        return NpyFiles.write(dir, name, m);
    }

    private static Path text(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    /** A .npy whose header says {@code descr} and {@code shape}, followed by {@code dataBytes} zero bytes. */
    private static Path rawNpy(String name, String descr, String shape, int dataBytes) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        return Files.write(dir.resolve(name), b.array());
    }

    private static Matrix withValue(int row, int col, double v) {
        Matrix m = GramCommandTest.data(20, 3);
        m.set(row, col, v);
        return m;
    }

    private static List<String> gramArgs(Path data, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("gram", "--data", data.toString(), "--out", out.toString()));
        a.addAll(List.of(more));
        return a;
    }

    private static List<String> trainArgs(Path data, Path labels, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("train", "--data", data.toString(), "--labels", labels.toString(), "--widths", "8",
                "--depth", "1", "--record", out.toString()));
        if (!List.of(more).contains("--time")) {
            a.addAll(List.of("--time", "1")); // given twice, picocli would refuse the repeat, not the value under test
        }
        a.addAll(List.of(more));
        return a;
    }

    private static List<String> kgfArgs(Path data, Path labels, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("kgf", "--data", data.toString(), "--labels", labels.toString(), "--times", "1",
                "--out", out.resolveSibling("result.csv").toString()));
        a.addAll(List.of(more));
        return a;
    }

    private static List<String> eigArgs(Path k, String... more) {
        List<String> a = new ArrayList<>(List.of("eig", "--gram", k.toString()));
        a.addAll(List.of(more));
        return a;
    }

    private static List<Case> cases() throws IOException {
        List<Case> c = new ArrayList<>();
        Path nan = npy("nan.npy", withValue(3, 1, Double.NaN));
        Path inf = npy("inf.npy", withValue(5, 2, Double.POSITIVE_INFINITY));
        Matrix z = GramCommandTest.data(20, 3);
        for (int j = 0; j < 3; j++) {
            z.set(7, j, 0);
        }
        Path zero = npy("zero-row.npy", z);
        Path empty = Files.write(dir.resolve("empty.npy"), new byte[0]);
        Path truncatedHeader = Files.write(dir.resolve("trunc-header.npy"), java.util.Arrays.copyOf(Files.readAllBytes(x), 30));
        Path truncatedData = Files.write(dir.resolve("trunc-data.npy"), java.util.Arrays.copyOf(Files.readAllBytes(x), 200));
        Path huge = rawNpy("huge.npy", "<f8", "(1000000, 1000000)", 64);
        Path complex = rawNpy("complex.npy", "<c16", "(4, 3)", 192);
        Path strings = rawNpy("strings.npy", "|S8", "(4, 3)", 96);
        Path notNpy = text("not.npy", "this is not a numpy file at all, just text\n");
        Path ragged = text("ragged.csv", "1,2,3\n4,5\n6,7,8\n");
        Path words = text("words.csv", "1,2,3\n4,five,6\n");
        Path emptyCsv = text("empty.csv", "");
        Path nanLabels = NpyFiles.write(dir, "y-nan.npy", withNaN(column(20, 1.0), 4));
        Path infLabels = NpyFiles.write(dir, "y-inf.npy", withInf(column(20, 1.0), 9));
        Path shortLabels = NpyFiles.write(dir, "y-short.npy", column(19, 1.0));
        Path matrixLabels = npy("y-matrix.npy", GramCommandTest.data(20, 2));
        Path otherDim = npy("z4.npy", GramCommandTest.data(5, 4));
        Path nonSquare = npy("k-rect.npy", GramCommandTest.data(4, 3));
        double[] asym = {2, 1, 0, 2};
        Path nonSymmetric = npy("k-asym.npy", new Matrix(2, 2, asym));
        double[] indef = {1, 2, 2, 1};
        Path indefinite = npy("k-indef.npy", new Matrix(2, 2, indef));
        double[] nanK = {1, 0, 0, Double.NaN};
        Path nanGram = npy("k-nan.npy", new Matrix(2, 2, nanK));
        Path exists = Files.writeString(dir.resolve("exists.npy"), "keep me");
        Path badSpec = text("bad-spec.yaml", "dims: [3]\ndomain: ball\nn: 400\nn_check: 200\ndepth: 2\nreplicates: 2\nwindow: [4, 40]\nother_windows: []\nsphere_check: false\nseed: 1\ncolour: blue\n");
        Path wrongType = text("wrong-type.yaml", "dims: [3]\ndomain: ball\nn: lots\nn_check: 200\ndepth: 2\nreplicates: 2\nwindow: [4, 40]\nother_windows: []\nsphere_check: false\nseed: 1\n");
        Path hugeSpec = text("huge-spec.yaml", "dims: [3]\ndomain: ball\nn: 50000000\nn_check: 200\ndepth: 2\nreplicates: 2\nwindow: [4, 40]\nother_windows: []\nsphere_check: false\nseed: 1\n");
        Path badYaml = text("bad-yaml.yaml", "dims: [2\n");
        Path missingKeys = text("missing-keys.yaml", "dims: [3]\ndomain: ball\nn_check: 200\ndepth: 2\nreplicates: 2\nwindow: [4, 40]\nother_windows: []\nsphere_check: false\n");
        Path renamedKey = text("renamed-key.yaml", "dims: [3]\ndomain: ball\nn: 400\nn_check: 200\nwidth: 2\nreplicates: 2\nwindow: [4, 40]\nother_windows: []\nsphere_check: false\nseed: 1\n");
        // the meta.json of runs that are not experiments: a real gram run's, and a sweep merge's
        Path gramRun = Files.createDirectories(dir.resolve("gram-run"));
        assertEquals(0, CliRun.of(gramArgs(x, gramRun.resolve("k.npy")).toArray(String[]::new)).status());
        Path gramMeta = gramRun.resolve("k.npy.meta.json");
        Path sweepMeta = new org.ntklab.tools.output.RunRecord("sweep merge", List.of("sweep", "merge", "s"))
                .writeMeta(Files.createDirectories(dir.resolve("sweep-run")).resolve("results.meta.json"), false);
        Path fileAsDir = Files.writeString(dir.resolve("plainfile"), "x");
        Path manyRows = npy("many.npy", new Matrix(300_000, 1, column(300_000, 1.0)));
        Path hugeRows = npy("two-million.npy", new Matrix(2_000_000, 1, column(2_000_000, 1.0))); // a 32 TB Gram

        c.add(new Case("NaN in data", o -> gramArgs(nan, o), "row 3", "NaN"));
        c.add(new Case("Inf in data (empirical)", o -> List.of("empirical", "--data", inf.toString(), "--widths", "8", "--depth", "1",
                "--out", o.toString()), "row 5"));
        c.add(new Case("zero-norm row, bias-free kernel", o -> gramArgs(zero, o, "--preset", "arora"), "row 7", "zero"));
        c.add(new Case("empty file", o -> gramArgs(empty, o), "empty.npy"));
        c.add(new Case("truncated .npy header", o -> gramArgs(truncatedHeader, o), "trunc-header.npy"));
        c.add(new Case("truncated .npy data", o -> gramArgs(truncatedData, o), "trunc-data.npy"));
        c.add(new Case(".npy header claiming 10^12 elements", o -> gramArgs(huge, o), "huge.npy"));
        c.add(new Case("complex dtype", o -> gramArgs(complex, o), "complex.npy"));
        c.add(new Case("string dtype", o -> gramArgs(strings, o), "strings.npy"));
        c.add(new Case("text named .npy", o -> gramArgs(notNpy, o), "not.npy"));
        c.add(new Case("CSV with ragged rows", o -> gramArgs(ragged, o), "line 2"));
        c.add(new Case("CSV with a word", o -> gramArgs(words, o), "line 2"));
        c.add(new Case("empty CSV", o -> gramArgs(emptyCsv, o), "empty.csv"));
        c.add(new Case("missing data file", o -> gramArgs(dir.resolve("nope.npy"), o), "nope.npy"));
        c.add(new Case("NaN in labels (train)", o -> trainArgs(x, nanLabels, o), "label"));
        c.add(new Case("Inf in labels (kgf)", o -> kgfArgs(x, infLabels, o), "label"));
        c.add(new Case("labels shorter than data (train)", o -> trainArgs(x, shortLabels, o), "19", "20"));
        c.add(new Case("labels shorter than data (kgf)", o -> kgfArgs(x, shortLabels, o), "19", "20"));
        c.add(new Case("labels as a matrix", o -> kgfArgs(x, matrixLabels, o), "y-matrix.npy"));
        c.add(new Case("test points of another dimension", o -> gramArgs(x, o, "--test", otherDim.toString()), "4", "3"));
        c.add(new Case("negative width", o -> List.of("empirical", "--data", x.toString(), "--widths", "-5", "--depth", "1", "--out",
                o.toString()), "width"));
        c.add(new Case("zero width", o -> trainArgs(x, y, o, "--widths", "0"), "width"));
        c.add(new Case("depth and widths disagree", o -> List.of("empirical", "--data", x.toString(), "--widths", "8", "--depth", "2",
                "--out", o.toString()), "width"));
        c.add(new Case("negative depth", o -> gramArgs(x, o, "--depth", "-1"), "depth"));
        c.add(new Case("unknown preset", o -> gramArgs(x, o, "--preset", "jacobi"), "jacobi"));
        c.add(new Case("unknown activation", o -> gramArgs(x, o, "--activation", "swishy"), "swishy"));
        c.add(new Case("malformed activation parameter", o -> gramArgs(x, o, "--activation", "leaky-relu:abc"), "leaky-relu"));
        c.add(new Case("negative weight variance", o -> gramArgs(x, o, "--weight-var", "-2"), "weight variance", "-2"));
        c.add(new Case("NaN bias variance", o -> gramArgs(x, o, "--bias", "all", "--bias-var", "NaN"), "bias"));
        c.add(new Case("trainable layer out of range", o -> gramArgs(x, o, "--depth", "2", "--trainable", "7"), "7"));
        c.add(new Case("bad quadrature", o -> gramArgs(x, o, "--activation", "tanh", "--quadrature", "gh2d:0"), "quadrature"));
        c.add(new Case("unknown word option", o -> gramArgs(x, o, "--kernel", "ntkk"), "ntkk"));
        c.add(new Case("unknown option", o -> gramArgs(x, o, "--colour", "blue"), "--colour"));
        c.add(new Case("zero threads", o -> gramArgs(x, o, "--threads", "0"), "threads"));
        c.add(new Case("unknown backend", o -> gramArgs(x, o, "--blas", "cuda"), "cuda"));
        c.add(new Case("output folder missing", o -> gramArgs(x, dir.resolve("no/such/dir/k.npy")), "does not exist"));
        c.add(new Case("output folder is a file", o -> gramArgs(x, fileAsDir.resolve("k.npy")), "plainfile"));
        c.add(new Case("output folder not writable", o -> gramArgs(x, Path.of("/proc/k.npy")), "/proc"));
        c.add(new Case("existing output without --force", o -> gramArgs(x, exists), "exists", "--force"));
        // CSV output is built in the heap (one Java array); .npy output is computed into a mapped file
        c.add(new Case("N×N Gram beyond one Java array", o -> gramArgs(manyRows, o.resolveSibling("result.csv")), "GiB", "2^31"));
        c.add(new Case("N×N Gram larger than the free disk", o -> gramArgs(hugeRows, o), "needs", "TiB", "free"));
        // the smallest N whose N×N Gram exceeds this JVM's heap while still fitting one array
        long heap = Runtime.getRuntime().maxMemory();
        int beyondHeap = (int) Math.ceil(Math.sqrt(heap / 8.0 * 1.05));
        if (beyondHeap <= 46340) {
            Path rows = npy("beyond-heap.npy", new Matrix(beyondHeap, 1, column(beyondHeap, 1.0)));
            c.add(new Case("N×N Gram larger than the heap", o -> gramArgs(rows, o.resolveSibling("result.csv")), "needs", "GiB", "-Xmx"));
        }
        c.add(new Case("negative time (kgf)", o -> kgfArgs(x, y, o, "--times", "-1"), "time"));
        c.add(new Case("negative ridge", o -> kgfArgs(x, y, o, "--ridge", "-0.5"), "ridge"));
        c.add(new Case("negative learning rate", o -> trainArgs(x, y, o, "--lr", "-0.1"), "learning rate"));
        c.add(new Case("data that is a device, read for ever", o -> gramArgs(Path.of("/dev/zero"), o), "not a regular file"));
        c.add(new Case("labels that are a device", o -> trainArgs(x, Path.of("/dev/zero"), o), "not a regular file"));
        c.add(new Case("training time beyond any step budget", o -> trainArgs(x, y, o, "--time", "1e300", "--lr", "0.5"), "budget",
                "steps"));
        c.add(new Case("a step too small to ever reach the time", o -> trainArgs(x, y, o, "--time", "1", "--lr", "1e-300"), "budget"));
        c.add(new Case("NaN training time", o -> trainArgs(x, y, o, "--time", "NaN"), "time"));
        c.add(new Case("non-square Gram", o -> eigArgs(nonSquare, "--which", "min"), "square"));
        c.add(new Case("non-symmetric Gram", o -> eigArgs(nonSymmetric, "--which", "min"), "symmetric"));
        c.add(new Case("NaN in a Gram", o -> eigArgs(nanGram, "--which", "max"), "NaN"));
        c.add(new Case("certificate asked of an indefinite matrix", o -> eigArgs(indefinite, "--which", "min", "--certify"), "not positive semi-definite", "λ_min"));
        c.add(new Case("unknown --which", o -> eigArgs(gram, "--which", "middle"), "middle"));
        c.add(new Case("Nyström preconditioner on a Gram file", o -> eigArgs(gram, "--which", "min", "--method", "matrix-free", "--nystrom",
                "16"), "--nystrom", "empirical"));
        c.add(new Case("single-precision factor on a Gram file", o -> eigArgs(gram, "--which", "min", "--method", "matrix-free",
                "--single-factor"), "--single-factor", "empirical"));
        c.add(new Case("negative Nyström rank", o -> List.of("eig", "--data", x.toString(), "--widths", "8", "--depth", "1", "--kernel",
                "empirical", "--method", "matrix-free", "--which", "min", "--nystrom", "-3"), "--nystrom", "-3"));
        c.add(new Case("smoothness: labels of another length", o -> List.of("smoothness", "--gram", gram.toString(), "--labels",
                y.toString()), "20", "4"));
        Path y2 = NpyFiles.write(dir, "y2.npy", column(2, 1.0));
        c.add(new Case("smoothness: NaN Gram", o -> List.of("smoothness", "--gram", nanGram.toString(), "--labels", y2.toString()),
                "NaN"));
        c.add(new Case("unknown experiment", o -> List.of("experiment", "mnist-magic", "--out", o.toString()), "mnist-magic"));
        c.add(new Case("experiment spec: unknown key", o -> List.of("experiment", "gp-smoothness", "--spec", badSpec.toString(), "--out",
                o.toString()), "ntk: bad-spec.yaml: unknown key 'colour' (known: depth, dims, domain, n, n_check, other_windows, replicates, seed, sphere_check, window)"));
        Path duplicate = text("duplicate-spec.yaml", "dims: [3]\ndomain: ball\nn: 400\nn: 800\nn_check: 200\ndepth: 2\nreplicates: 2\n"
                + "window: [4, 40]\nother_windows: []\nsphere_check: false\nseed: 1\n");
        c.add(new Case("experiment spec: a binary file", o -> List.of("experiment", "gp-smoothness", "--spec", x.toString(), "--out",
                o.toString()), "x.npy", "UTF-8"));
        c.add(new Case("absurd thread count", o -> List.of("--threads", "99999999", "info"), "--threads", "4096"));
        c.add(new Case("experiment spec: a key given twice", o -> List.of("experiment", "gp-smoothness", "--spec", duplicate.toString(),
                "--out", o.toString()), "duplicate-spec.yaml", "'n'"));
        Path oversized = text("oversized-spec.yaml", "# padding\n".repeat(120_000) + "dims: [3]\n");
        c.add(new Case("experiment spec: megabytes of YAML", o -> List.of("experiment", "gp-smoothness", "--spec", oversized.toString(),
                "--out", o.toString()), "oversized-spec.yaml", "bytes"));
        c.add(new Case("experiment spec: wrong type", o -> List.of("experiment", "gp-smoothness", "--spec", wrongType.toString(), "--out",
                o.toString()), "ntk: wrong-type.yaml: key 'n': expected an integer, got \"lots\""));
        c.add(new Case("experiment spec: missing keys", o -> List.of("experiment", "gp-smoothness", "--spec", missingKeys.toString(),
                "--out", o.toString()), "ntk: missing-keys.yaml: missing keys 'n', 'seed' (every key must be present; "
                + "start from 'ntk experiment spec gp-smoothness')"));
        c.add(new Case("experiment spec: renamed key", o -> List.of("experiment", "gp-smoothness", "--spec", renamedKey.toString(),
                "--out", o.toString()), "ntk: renamed-key.yaml: unknown key 'width' (known: depth, dims, domain, n, n_check, other_windows, replicates, seed, sphere_check, window)"));
        c.add(new Case("experiment rerun of a gram run's meta.json", o -> List.of("experiment", "rerun", gramMeta.toString(), "--out",
                o.toString()), "ntk: " + gramMeta + " is not an experiment run's meta.json (it records command 'gram')"));
        c.add(new Case("experiment rerun of a sweep's results.meta.json", o -> List.of("experiment", "rerun", sweepMeta.toString(),
                "--out", o.toString()), "ntk: " + sweepMeta + " is not an experiment run's meta.json (it records command 'sweep merge')"));
        c.add(new Case("experiment spec: impossible size", o -> List.of("experiment", "gp-smoothness", "--spec", hugeSpec.toString(),
                "--out", o.toString()), "n"));
        c.add(new Case("experiment spec: malformed YAML", o -> List.of("experiment", "gp-smoothness", "--spec", badYaml.toString(),
                "--out", o.toString()), "bad-yaml.yaml"));
        c.add(new Case("unknown data set", o -> List.of("data", "fetch", "imagenet"), "imagenet"));
        return c;
    }

    private static double[] withNaN(double[] a, int i) {
        a[i] = Double.NaN;
        return a;
    }

    private static double[] withInf(double[] a, int i) {
        a[i] = Double.NEGATIVE_INFINITY;
        return a;
    }

    @TestFactory
    Stream<DynamicTest> everyHostileInputGetsOneLineExitTwoOrThreeAndNoOutput() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 40, "the catalogue has " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path outDir = Files.createDirectories(dir.resolve("out").resolve(c.name().replaceAll("[^A-Za-z0-9]+", "-")));
            Path out = outDir.resolve("result.npy");
            long t0 = System.nanoTime();
            CliRun r = CliRun.of(c.args().apply(out).toArray(String[]::new));
            double seconds = (System.nanoTime() - t0) / 1e9;
            String err = r.err().strip();
            assertEquals(RESOURCE.contains(c.name()) ? 3 : 2, r.status(), c.name() + ": status; stderr: " + err);
            assertEquals(1, err.lines().count(), c.name() + ": one line, got: " + err);
            assertTrue(err.startsWith("ntk: "), c.name() + ": " + err);
            assertFalse(err.contains("Exception") || err.contains("\tat "), c.name() + ": no stack trace: " + err);
            for (String word : c.expect()) {
                assertTrue(err.contains(word), c.name() + ": message should name '" + word + "': " + err);
            }
            try (Stream<Path> left = Files.list(outDir)) {
                assertEquals(List.of(), left.toList(), c.name() + ": nothing written");
            }
            assertTrue(seconds < 2, c.name() + ": took " + seconds + " s");
        }));
    }
}
