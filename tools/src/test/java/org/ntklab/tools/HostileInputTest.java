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
import org.ntklab.data.Npy;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.cli.CliRun;
import org.ntklab.tools.cli.NpyFiles;

/**
 * The catalogue of hostile and mistaken inputs (issues 11 and 21), one table of cases grouped by
 * the failure classes of the audit ({@link Kind}), several cases per class. A refused case must
 * end with its exit status (2 for a user error, 3 for a resource limit), one line "ntk: …" naming
 * the problem (the expected words are checked), no stack trace, nothing in its output folder, and
 * at once (a lying header must not make us allocate what it claims). A valid but unusual case
 * (a byte-order mark, a zero Gram, a leftover of a killed run) must give the right result. After
 * every case, no temporary file is left anywhere.
 */
class HostileInputTest {

    @TempDir
    static Path dir;

    private static Path x;
    private static Path y;
    private static Path gram;
    /** The Gram of {@link #x} under the default options, the answer of every valid spelling of x as CSV. */
    private static Matrix reference;
    /** What the last case printed on stdout. */
    private static String lastOut = "";

    /** The failure classes of the issue-21 audit, plus the original bad-input catalogue; each needs several cases. */
    enum Kind {
        INPUT, CSV, OPTIONS, OUTPUT, MEMORY, DEGENERATE, HANG, SPEC, MESSAGE, SCRIPT, DETERMINISM
    }

    /** What a case must do with the output folder it was given, once it exited 0. */
    @FunctionalInterface
    interface Check {
        void verify(Path outDir) throws Exception;
    }

    /**
     * One case: its class, a name, the arguments (given an output path in a fresh folder), the
     * exit status, and either words the one-line message must contain or the check of a result.
     */
    private record Case(Kind kind, String name, Function<Path, List<String>> args, int status, String[] expect, Check check) {
    }

    /** Refused as a user error: exit 2. */
    private static Case refused(Kind kind, String name, Function<Path, List<String>> args, String... expect) {
        return new Case(kind, name, args, 2, expect, null);
    }

    /** Refused at a resource limit (memory, disk): exit 3. */
    private static Case limit(Kind kind, String name, Function<Path, List<String>> args, String... expect) {
        return new Case(kind, name, args, 3, expect, null);
    }

    /** Valid, if unusual: exit 0 and a result that {@code check} verifies. */
    private static Case answered(Kind kind, String name, Function<Path, List<String>> args, Check check) {
        return new Case(kind, name, args, 0, new String[0], check);
    }

    @BeforeAll
    static void fixtures() throws IOException {
        // load the backend and the kernels once, so the timings below are of the checks alone
        CliRun.of("info");
        Matrix good = NpyFiles.points(20, 3);
        x = NpyFiles.write(dir, "x.npy", good);
        y = NpyFiles.write(dir, "y.npy", column(20, 0.5));
        double[] k = new double[16];
        for (int i = 0; i < 4; i++) {
            k[i + 4 * i] = 2;
        }
        gram = NpyFiles.write(dir, "k.npy", new Matrix(4, 4, k));
        Files.createDirectories(dir.resolve("out"));
        Path referenceGram = Files.createDirectories(dir.resolve("reference")).resolve("k.npy");
        assertEquals(0, CliRun.of("gram", "--data", x.toString(), "--out", referenceGram.toString()).status());
        reference = Npy.readMatrix(referenceGram);
    }

    private static double[] column(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static Path npy(String name, Matrix m) throws IOException {
        return NpyFiles.write(dir, name, m);
    }

    private static Path text(String name, String content) {
        write(dir.resolve(name), content);
        return dir.resolve(name);
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
        Matrix m = NpyFiles.points(20, 3);
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
                "--depth", "1", "--record", (out.toString().endsWith(".csv") ? out : out.resolveSibling("result.csv")).toString()));
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
        Matrix z = NpyFiles.points(20, 3);
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
        Path matrixLabels = npy("y-matrix.npy", NpyFiles.points(20, 2));
        Path otherDim = npy("z4.npy", NpyFiles.points(5, 4));
        Path nonSquare = npy("k-rect.npy", NpyFiles.points(4, 3));
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

        c.add(refused(Kind.INPUT, "NaN in data", o -> gramArgs(nan, o), "row 3", "NaN"));
        c.add(refused(Kind.INPUT, "Inf in data (empirical)", o -> List.of("empirical", "--data", inf.toString(), "--widths", "8", "--depth", "1",
                "--out", o.toString()), "row 5"));
        c.add(refused(Kind.DEGENERATE, "zero-norm row, bias-free kernel", o -> gramArgs(zero, o, "--preset", "arora"), "row 7", "zero"));
        c.add(refused(Kind.INPUT, "empty file", o -> gramArgs(empty, o), "empty.npy"));
        c.add(refused(Kind.INPUT, "truncated .npy header", o -> gramArgs(truncatedHeader, o), "trunc-header.npy"));
        c.add(refused(Kind.INPUT, "truncated .npy data", o -> gramArgs(truncatedData, o), "trunc-data.npy"));
        c.add(refused(Kind.MESSAGE, ".npy header claiming 10^12 elements", o -> gramArgs(huge, o), "huge.npy"));
        c.add(refused(Kind.INPUT, "complex dtype", o -> gramArgs(complex, o), "complex.npy"));
        c.add(refused(Kind.INPUT, "string dtype", o -> gramArgs(strings, o), "strings.npy"));
        c.add(refused(Kind.INPUT, "text named .npy", o -> gramArgs(notNpy, o), "not.npy"));
        c.add(refused(Kind.CSV, "CSV with ragged rows", o -> gramArgs(ragged, o), "line 2"));
        c.add(refused(Kind.CSV, "CSV with a word", o -> gramArgs(words, o), "line 2"));
        c.add(refused(Kind.CSV, "empty CSV", o -> gramArgs(emptyCsv, o), "empty.csv"));
        c.add(refused(Kind.INPUT, "missing data file", o -> gramArgs(dir.resolve("nope.npy"), o), "nope.npy"));
        c.add(refused(Kind.INPUT, "NaN in labels (train)", o -> trainArgs(x, nanLabels, o), "label"));
        c.add(refused(Kind.INPUT, "Inf in labels (kgf)", o -> kgfArgs(x, infLabels, o), "label"));
        c.add(refused(Kind.INPUT, "labels shorter than data (train)", o -> trainArgs(x, shortLabels, o), "19", "20"));
        c.add(refused(Kind.INPUT, "labels shorter than data (kgf)", o -> kgfArgs(x, shortLabels, o), "19", "20"));
        c.add(answered(Kind.INPUT, "labels as a matrix (train: one output per column)", o -> trainArgs(x, matrixLabels, o),
                d -> assertTrue(Files.readString(d.resolve("result.csv.meta.json")).contains("\"outputs\" : 2"))));
        c.add(answered(Kind.INPUT, "targets as a matrix (kgf: one flow per output column)", o -> kgfArgs(x, matrixLabels, o),
                d -> assertEquals("set,output,index,t,prediction,label", Files.readAllLines(d.resolve("result.csv")).get(0))));
        // strict formats (issue 22): the extension names the format, a 1-D array is not data
        Path txt = text("x.txt", "1,2,3\n4,5,6\n");
        Path noExtension = text("xdata", "1,2,3\n4,5,6\n");
        Path oneD = NpyFiles.write(dir, "x-1d.npy", column(20, 0.25));
        c.add(refused(Kind.INPUT, "data with an unknown extension", o -> gramArgs(txt, o), "x.txt", "'.txt'", ".npy, .csv"));
        c.add(refused(Kind.INPUT, "data without an extension", o -> gramArgs(noExtension, o), "xdata", "no extension", ".npy, .csv"));
        c.add(refused(Kind.INPUT, "labels with an unknown extension", o -> trainArgs(x, txt, o), "x.txt", ".npy, .csv"));
        c.add(refused(Kind.INPUT, "1-D data", o -> gramArgs(oneD, o), "x-1d.npy", "1-D", "reshape(-1, 1)"));
        c.add(refused(Kind.OUTPUT, "Gram output with an unknown extension", o -> gramArgs(x, o.resolveSibling("K.txt")), "K.txt", ".npy, .csv"));
        c.add(refused(Kind.OUTPUT, "eig vectors with an unknown extension", o -> eigArgs(gram, "--which", "all", "--vectors",
                o.resolveSibling("v.npz").toString()), "v.npz", ".npy, .csv"));
        c.add(refused(Kind.OUTPUT, "a training record with an unknown extension", o -> List.of("train", "--data", x.toString(), "--labels",
                y.toString(), "--widths", "8", "--time", "1", "--record", o.resolveSibling("m.tsv").toString()), "m.tsv", ".npy, .csv"));
        c.add(refused(Kind.INPUT, "test points of another dimension", o -> gramArgs(x, o, "--test", otherDim.toString()), "4", "3"));
        c.add(refused(Kind.OPTIONS, "negative width", o -> List.of("empirical", "--data", x.toString(), "--widths", "-5", "--depth", "1", "--out",
                o.toString()), "width"));
        c.add(refused(Kind.OPTIONS, "zero width", o -> trainArgs(x, y, o, "--widths", "0"), "width"));
        c.add(refused(Kind.OPTIONS, "depth and widths disagree", o -> List.of("empirical", "--data", x.toString(), "--widths", "8", "--depth", "2",
                "--out", o.toString()), "width"));
        // options never change the architecture behind the user's back (issue 22)
        c.add(refused(Kind.OPTIONS, "widths that would change the depth", o -> List.of("empirical", "--data", x.toString(), "--widths",
                "8,8,8", "--out", o.toString()), "--widths lists 3", "--depth 3"));
        c.add(refused(Kind.OPTIONS, "a bias variance where no layer has a bias", o -> gramArgs(x, o, "--preset", "arora", "--bias-var", "0.1"),
                "no layer has a bias", "preset arora"));
        c.add(refused(Kind.OPTIONS, "per-layer bias variances of the wrong count", o -> gramArgs(x, o, "--depth", "2", "--bias-var", "0.1,0"),
                "3 values"));
        c.add(answered(Kind.OPTIONS, "per-layer bias variances: a bias on the first layer only", o -> gramArgs(x, o.resolveSibling("k.npy"),
                "--depth", "2", "--bias-var", "0.1,0,0"), d -> {
                    assertEquals(0, CliRun.of(gramArgs(x, d.resolve("first.npy"), "--depth", "2", "--bias", "first", "--bias-var", "0.1")
                            .toArray(String[]::new)).status());
                    assertEquals(Npy.readMatrix(d.resolve("first.npy")), Npy.readMatrix(d.resolve("k.npy")), "as --bias first --bias-var 0.1");
                    assertFalse(reference.equals(Npy.readMatrix(d.resolve("k.npy"))), "the bias is there");
                }));
        c.add(refused(Kind.OPTIONS, "negative depth", o -> gramArgs(x, o, "--depth", "-1"), "depth"));
        c.add(refused(Kind.OPTIONS, "unknown preset", o -> gramArgs(x, o, "--preset", "jacobi"), "jacobi"));
        c.add(refused(Kind.OPTIONS, "unknown activation", o -> gramArgs(x, o, "--activation", "swishy"), "swishy"));
        c.add(refused(Kind.OPTIONS, "malformed activation parameter", o -> gramArgs(x, o, "--activation", "leaky-relu:abc"), "leaky-relu"));
        c.add(refused(Kind.OPTIONS, "negative weight variance", o -> gramArgs(x, o, "--weight-var", "-2"), "weight variance", "-2"));
        c.add(refused(Kind.OPTIONS, "NaN bias variance", o -> gramArgs(x, o, "--bias", "all", "--bias-var", "NaN"), "bias"));
        c.add(refused(Kind.OPTIONS, "trainable layer out of range", o -> gramArgs(x, o, "--depth", "2", "--trainable", "7"), "7"));
        c.add(refused(Kind.OPTIONS, "bad quadrature", o -> gramArgs(x, o, "--activation", "tanh", "--quadrature", "gh2d:0"), "quadrature"));
        c.add(refused(Kind.OPTIONS, "unknown word option", o -> gramArgs(x, o, "--kernel", "ntkk"), "ntkk"));
        c.add(refused(Kind.OPTIONS, "unknown option", o -> gramArgs(x, o, "--colour", "blue"), "--colour"));
        c.add(refused(Kind.OPTIONS, "zero threads", o -> gramArgs(x, o, "--threads", "0"), "threads"));
        c.add(refused(Kind.OPTIONS, "unknown backend", o -> gramArgs(x, o, "--blas", "cuda"), "cuda"));
        c.add(refused(Kind.OUTPUT, "output folder missing", o -> gramArgs(x, dir.resolve("no/such/dir/k.npy")), "does not exist"));
        c.add(refused(Kind.OUTPUT, "output folder is a file", o -> gramArgs(x, fileAsDir.resolve("k.npy")), "plainfile"));
        c.add(refused(Kind.OUTPUT, "output folder not writable", o -> gramArgs(x, Path.of("/proc/k.npy")), "/proc"));
        c.add(refused(Kind.OUTPUT, "existing output without --force", o -> gramArgs(x, exists), "exists", "--force"));
        // CSV output is built in the heap (one Java array); .npy output is computed into a mapped file
        c.add(limit(Kind.MEMORY, "N×N Gram beyond one Java array", o -> gramArgs(manyRows, o.resolveSibling("result.csv")), "GiB", "2^31"));
        c.add(limit(Kind.MEMORY, "N×N Gram larger than the free disk", o -> gramArgs(hugeRows, o), "needs", "TiB", "free"));
        // the smallest N whose N×N Gram exceeds this JVM's heap while still fitting one array
        long heap = Runtime.getRuntime().maxMemory();
        int beyondHeap = (int) Math.ceil(Math.sqrt(heap / 8.0 * 1.05));
        if (beyondHeap <= 46340) {
            Path rows = npy("beyond-heap.npy", new Matrix(beyondHeap, 1, column(beyondHeap, 1.0)));
            c.add(limit(Kind.MEMORY, "N×N Gram larger than the heap", o -> gramArgs(rows, o.resolveSibling("result.csv")), "needs", "GiB", "-Xmx"));
        }
        c.add(refused(Kind.OPTIONS, "negative time (kgf)", o -> kgfArgs(x, y, o, "--times", "-1"), "time"));
        c.add(refused(Kind.OPTIONS, "negative ridge", o -> kgfArgs(x, y, o, "--ridge", "-0.5"), "ridge"));
        c.add(refused(Kind.OPTIONS, "negative learning rate", o -> trainArgs(x, y, o, "--lr", "-0.1"), "learning rate"));
        c.add(refused(Kind.HANG, "data that is a device, read for ever", o -> gramArgs(Path.of("/dev/zero"), o), "not a regular file"));
        c.add(refused(Kind.HANG, "labels that are a device", o -> trainArgs(x, Path.of("/dev/zero"), o), "not a regular file"));
        c.add(refused(Kind.HANG, "training time beyond any step budget", o -> trainArgs(x, y, o, "--time", "1e300", "--lr", "0.5"), "budget",
                "steps"));
        c.add(refused(Kind.HANG, "a step too small to ever reach the time", o -> trainArgs(x, y, o, "--time", "1", "--lr", "1e-300"), "budget"));
        c.add(refused(Kind.OPTIONS, "NaN training time", o -> trainArgs(x, y, o, "--time", "NaN"), "time"));
        c.add(refused(Kind.DEGENERATE, "non-square Gram", o -> eigArgs(nonSquare, "--which", "min"), "square"));
        c.add(refused(Kind.DEGENERATE, "non-symmetric Gram", o -> eigArgs(nonSymmetric, "--which", "min"), "symmetric"));
        c.add(refused(Kind.DEGENERATE, "NaN in a Gram", o -> eigArgs(nanGram, "--which", "max"), "NaN"));
        c.add(refused(Kind.DEGENERATE, "certificate asked of an indefinite matrix", o -> eigArgs(indefinite, "--which", "min", "--certify"), "not positive semi-definite", "λ_min"));
        c.add(refused(Kind.OPTIONS, "unknown --which", o -> eigArgs(gram, "--which", "middle"), "middle"));
        c.add(refused(Kind.OPTIONS, "Nyström preconditioner on a Gram file", o -> eigArgs(gram, "--which", "min", "--method", "matrix-free", "--nystrom",
                "16"), "--nystrom", "empirical"));
        c.add(refused(Kind.OPTIONS, "single-precision factor on a Gram file", o -> eigArgs(gram, "--which", "min", "--method", "matrix-free",
                "--single-factor"), "--single-factor", "empirical"));
        c.add(refused(Kind.OPTIONS, "negative Nyström rank", o -> List.of("eig", "--data", x.toString(), "--widths", "8", "--depth", "1", "--kernel",
                "empirical", "--method", "matrix-free", "--which", "min", "--nystrom", "-3"), "--nystrom", "-3"));
        c.add(refused(Kind.OPTIONS, "smoothness: labels of another length", o -> List.of("smoothness", "--gram", gram.toString(), "--labels",
                y.toString()), "20", "4"));
        Path y2 = NpyFiles.write(dir, "y2.npy", column(2, 1.0));
        c.add(refused(Kind.OPTIONS, "smoothness: NaN Gram", o -> List.of("smoothness", "--gram", nanGram.toString(), "--labels", y2.toString()),
                "NaN"));
        c.add(refused(Kind.SPEC, "unknown experiment", o -> List.of("experiment", "mnist-magic", "--out", o.toString()), "mnist-magic"));
        c.add(refused(Kind.SPEC, "experiment spec: unknown key", o -> List.of("experiment", "gp-smoothness", "--spec", badSpec.toString(), "--out",
                o.toString()), "ntk: bad-spec.yaml: unknown key 'colour' (known: depth, dims, domain, n, n_check, other_windows, replicates, seed, sphere_check, window)"));
        Path duplicate = text("duplicate-spec.yaml", "dims: [3]\ndomain: ball\nn: 400\nn: 800\nn_check: 200\ndepth: 2\nreplicates: 2\n"
                + "window: [4, 40]\nother_windows: []\nsphere_check: false\nseed: 1\n");
        c.add(refused(Kind.SPEC, "experiment spec: a binary file", o -> List.of("experiment", "gp-smoothness", "--spec", x.toString(), "--out",
                o.toString()), "x.npy", "UTF-8"));
        c.add(refused(Kind.MESSAGE, "absurd thread count", o -> List.of("--threads", "99999999", "info"), "--threads", "4096"));
        c.add(refused(Kind.SPEC, "experiment spec: a key given twice", o -> List.of("experiment", "gp-smoothness", "--spec", duplicate.toString(),
                "--out", o.toString()), "duplicate-spec.yaml", "'n'"));
        Path oversized = text("oversized-spec.yaml", "# padding\n".repeat(120_000) + "dims: [3]\n");
        c.add(refused(Kind.HANG, "experiment spec: megabytes of YAML", o -> List.of("experiment", "gp-smoothness", "--spec", oversized.toString(),
                "--out", o.toString()), "oversized-spec.yaml", "bytes"));
        c.add(refused(Kind.SPEC, "experiment spec: wrong type", o -> List.of("experiment", "gp-smoothness", "--spec", wrongType.toString(), "--out",
                o.toString()), "ntk: wrong-type.yaml: key 'n': expected an integer, got \"lots\""));
        c.add(refused(Kind.SPEC, "experiment spec: missing keys", o -> List.of("experiment", "gp-smoothness", "--spec", missingKeys.toString(),
                "--out", o.toString()), "ntk: missing-keys.yaml: missing keys 'n', 'seed' (every key must be present; "
                + "start from 'ntk experiment spec gp-smoothness')"));
        c.add(refused(Kind.SPEC, "experiment spec: renamed key", o -> List.of("experiment", "gp-smoothness", "--spec", renamedKey.toString(),
                "--out", o.toString()), "ntk: renamed-key.yaml: unknown key 'width' (known: depth, dims, domain, n, n_check, other_windows, replicates, seed, sphere_check, window)"));
        c.add(refused(Kind.SPEC, "experiment rerun of a gram run's meta.json", o -> List.of("experiment", "rerun", gramMeta.toString(), "--out",
                o.toString()), "ntk: " + gramMeta + " is not an experiment run's meta.json (it records command 'gram')"));
        c.add(refused(Kind.SPEC, "experiment rerun of a sweep's results.meta.json", o -> List.of("experiment", "rerun", sweepMeta.toString(),
                "--out", o.toString()), "ntk: " + sweepMeta + " is not an experiment run's meta.json (it records command 'sweep merge')"));
        c.add(refused(Kind.SPEC, "experiment spec: impossible size", o -> List.of("experiment", "gp-smoothness", "--spec", hugeSpec.toString(),
                "--out", o.toString()), "n"));
        c.add(refused(Kind.SPEC, "experiment spec: malformed YAML", o -> List.of("experiment", "gp-smoothness", "--spec", badYaml.toString(),
                "--out", o.toString()), "bad-yaml.yaml"));
        c.add(refused(Kind.SPEC, "unknown data set", o -> List.of("data", "fetch", "imagenet"), "imagenet"));

        // CSV read strictly: what used to be dropped or guessed is refused; what is valid gives the .npy's Gram, bit for bit
        Matrix good = NpyFiles.points(20, 3);
        String rows = csv(good, false);
        c.add(refused(Kind.CSV, "CSV with an empty cell", o -> gramArgs(text("empty-cell.csv", "1,2,3\n4,,6\n"), o), "line 2", "column 2"));
        c.add(refused(Kind.CSV, "CSV with a nan cell", o -> gramArgs(text("nan-cell.csv", "1,2,3\nnan,5,6\n"), o), "line 2", "column 1"));
        c.add(refused(Kind.CSV, "CSV with an inf cell", o -> gramArgs(text("inf-cell.csv", "1,2,3\n4,5,-inf\n"), o), "line 2", "column 3"));
        c.add(refused(Kind.CSV, "CSV with a Java-only number (1d)", o -> gramArgs(text("java-number.csv", "1d,2,3\n4,5,6\n"), o), "line 1"));
        c.add(refused(Kind.CSV, "CSV with a hexadecimal float", o -> gramArgs(text("hex.csv", "1,2,3\n4,0x1p3,6\n"), o), "line 2"));
        c.add(refused(Kind.CSV, "CSV with an overflowing number", o -> gramArgs(text("overflow.csv", "1,2,3\n4,5,1e999\n"), o), "line 2"));
        c.add(answered(Kind.CSV, "CSV with a UTF-8 byte-order mark", o -> gramArgs(text("bom.csv", "\uFEFF" + rows), o.resolveSibling("k.npy")),
                d -> assertEquals(reference, Npy.readMatrix(d.resolve("k.npy")), "the first row is kept")));
        c.add(answered(Kind.CSV, "CSV with quoted cells", o -> gramArgs(text("quoted.csv", csv(good, true)), o.resolveSibling("k.npy")),
                d -> assertEquals(reference, Npy.readMatrix(d.resolve("k.npy")))));
        c.add(answered(Kind.CSV, "CSV with a header and comments", o -> gramArgs(text("header.csv", "# points\nx1,x2,x3\n" + rows),
                o.resolveSibling("k.npy")), d -> assertEquals(reference, Npy.readMatrix(d.resolve("k.npy")))));

        // degenerate but valid: the mathematical answer
        Path zeroGram = npy("k-zero.npy", new Matrix(5, 5, new double[25]));
        c.add(answered(Kind.DEGENERATE, "λ_min of a zero Gram", o -> eigArgs(zeroGram, "--which", "min"),
                d -> assertEquals(0.0, lastJson().get("value").asDouble())));
        c.add(answered(Kind.DEGENERATE, "certified λ_min of a zero Gram", o -> eigArgs(zeroGram, "--which", "min", "--certify"), d -> {
            com.fasterxml.jackson.databind.JsonNode j = lastJson();
            assertEquals("exact", j.get("proof").asText());
            assertEquals(List.of(0.0, 0.0), List.of(j.get("bracket").get(0).asDouble(), j.get("bracket").get(1).asDouble()));
        }));
        c.add(answered(Kind.DEGENERATE, "λ_max of a zero Gram", o -> eigArgs(zeroGram, "--which", "max"),
                d -> assertEquals(0.0, lastJson().get("value").asDouble())));
        Path y5 = NpyFiles.write(dir, "y5.npy", column(5, 1.0));
        c.add(refused(Kind.DEGENERATE, "smoothness w.r.t. a zero Gram", o -> List.of("smoothness", "--gram", zeroGram.toString(), "--labels",
                y5.toString()), "positive largest eigenvalue"));

        // outputs: nothing but a regular file is replaced; an interrupted run's leftovers do not block or stay
        Path obstacles = Files.createDirectories(dir.resolve("obstacles"));
        Path folder = Files.createDirectories(obstacles.resolve("folder.npy"));
        Path link = Files.createSymbolicLink(obstacles.resolve("link.npy"), x);
        c.add(refused(Kind.OUTPUT, "--force onto a folder", o -> gramArgs(x, folder, "--force"), "not a regular file"));
        c.add(refused(Kind.OUTPUT, "--force onto a symbolic link", o -> gramArgs(x, link, "--force"), "not a regular file"));
        c.add(refused(Kind.OUTPUT, "--out naming an existing folder", o -> gramArgs(x, o.getParent()), "not a regular file"));
        c.add(answered(Kind.OUTPUT, "a meta.json left alone by an interrupted run", o -> {
            write(o.resolveSibling("k.npy.meta.json"), "{\"command\": \"gram\"}");
            return gramArgs(x, o.resolveSibling("k.npy"));
        }, d -> {
            assertEquals(reference, Npy.readMatrix(d.resolve("k.npy")));
            assertTrue(Files.readString(d.resolve("k.npy.meta.json")).contains("git_commit"), "the meta.json of this run");
        }));
        c.add(answered(Kind.OUTPUT, "a killed writer's temporary file beside the output", o -> {
            // this host's name and a process id that cannot be alive: the next write beside it sweeps it (checked below)
            write(o.resolveSibling(org.ntklab.tools.output.AtomicFilesAccess.prefix(o.resolveSibling("k.npy")) + "2147483646-1.tmp"), "half");
            return gramArgs(x, o.resolveSibling("k.npy"));
        }, d -> assertEquals(reference, Npy.readMatrix(d.resolve("k.npy")))));

        // memory: sizes no heap can hold are refused before anything is allocated
        c.add(limit(Kind.MEMORY, "network parameters beyond one Java array", o -> List.of("empirical", "--data", x.toString(), "--widths",
                "2000000000,2000000000", "--depth", "2", "--out", o.toString()), "parameters", "2^31"));
        c.add(limit(Kind.MEMORY, "a Jacobian beyond one Java array", o -> List.of("empirical", "--data", x.toString(), "--widths",
                "20000,20000", "--depth", "2", "--method", "jacobian", "--out", o.toString()), "Jacobian", "2^31"));

        // generated scripts: user strings are validated or quoted, never run
        Path fakeSbatch = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(fakeSbatch.resolve("sbatch"), "#!/bin/bash\necho 42\n");
        fakeSbatch.resolve("sbatch").toFile().setExecutable(true);
        Path sweepSpec = text("sweep.yaml", "task: lambda-min\nbase: {n: 20, d: 3}\ngrid: {width: [4, 8]}\n");
        // output folders: only new, empty or ntk's own (issue 22); the user's file in it is left alone (checked below)
        Path usersFolder = Files.createDirectories(dir.resolve("users-folder"));
        Files.writeString(usersFolder.resolve("summary.md"), "my notes");
        c.add(refused(Kind.OUTPUT, "the demo into a folder of the user's", o -> List.of("demo", "--out", usersFolder.toString()),
                "ntk did not write", "meta.json"));
        c.add(refused(Kind.OUTPUT, "an experiment into a folder of the user's", o -> List.of("experiment", "edr", "--quick", "--out",
                usersFolder.toString(), "--force"), "ntk did not write"));
        c.add(refused(Kind.OUTPUT, "a sweep into a folder of the user's", o -> List.of("sweep", "run", sweepSpec.toString(), "--out",
                usersFolder.toString()), "ntk did not write", "spec.yaml"));
        Path usersMeta = Files.createDirectories(dir.resolve("users-meta-folder"));
        Files.writeString(usersMeta.resolve("meta.json"), "{\"dataset\": \"mine\"}");
        c.add(refused(Kind.OUTPUT, "the demo into a folder whose meta.json is the user's", o -> List.of("demo", "--out", usersMeta.toString()),
                "ntk did not write"));
        Path usersSpec = Files.createDirectories(dir.resolve("users-spec-folder"));
        Files.writeString(usersSpec.resolve("spec.yaml"), "mine: true\n");
        c.add(refused(Kind.OUTPUT, "a sweep into a folder whose spec.yaml is the user's", o -> List.of("sweep", "run", sweepSpec.toString(),
                "--out", usersSpec.toString()), "ntk did not write"));
        c.add(answered(Kind.OUTPUT, "the user's file in that folder is untouched", o -> List.of("info"),
                d -> assertEquals("my notes", Files.readString(usersFolder.resolve("summary.md")))));
        c.add(refused(Kind.SCRIPT, "--partition with a command after a newline", o -> List.of("sweep", "slurm", sweepSpec.toString(), "--out",
                o.resolveSibling("sw").toString(), "--partition", "main\ntouch pwned"), "--partition"));
        c.add(refused(Kind.SCRIPT, "--time with a command substitution", o -> List.of("sweep", "slurm", sweepSpec.toString(), "--out",
                o.resolveSibling("sw").toString(), "--time", "$(touch pwned)"), "--time"));
        c.add(answered(Kind.SCRIPT, "a sweep folder named $(touch pwned)", o -> List.of("sweep", "slurm", sweepSpec.toString(), "--out",
                o.resolveSibling("$(touch pwned)").toString()), d -> {
            Path submit = d.resolve("$(touch pwned)").resolve("slurm").resolve("submit.sh");
            ProcessBuilder pb = new ProcessBuilder("bash", submit.toString()).directory(d.toFile()).redirectErrorStream(true);
            pb.environment().put("PATH", fakeSbatch + ":" + System.getenv("PATH"));
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), log);
            assertEquals(0, p.exitValue(), "submit.sh ran to the end: " + log);
            assertTrue(log.contains("array job 42"), "it submitted through the fake sbatch: " + log);
            try (Stream<Path> all = Files.walk(d)) {
                assertEquals(List.of(), all.filter(f -> f.getFileName().toString().equals("pwned")).toList(), "nothing ran: " + log);
            }
        }));

        // determinism: the same bits at 1 and 2 threads
        c.add(answered(Kind.DETERMINISM, "gram at 1 and 2 threads", o -> withThreads(1, gramArgs(x, o.resolveSibling("k.npy"))),
                d -> sameBits(d, gramArgs(x, d.resolve("again.npy")), "k.npy")));
        c.add(answered(Kind.DETERMINISM, "empirical at 1 and 2 threads", o -> withThreads(1, List.of("empirical", "--data", x.toString(),
                "--widths", "32,32", "--depth", "2", "--out", o.resolveSibling("k.npy").toString())), d -> sameBits(d, List.of("empirical",
                "--data", x.toString(), "--widths", "32,32", "--depth", "2", "--out", d.resolve("again.npy").toString()), "k.npy")));
        c.add(answered(Kind.DETERMINISM, "train at 1 and 2 threads", o -> withThreads(1, trainArgs(x, y, o.resolveSibling("k.csv"))),
                d -> sameBits(d, trainArgs(x, y, d.resolve("again.csv")), "k.csv")));

        // messages: one line that names the problem, even for absurd values
        Path overflowShape = rawNpy("overflow.npy", "<f8", "(10000000000, 10000000000)", 64);
        c.add(refused(Kind.MESSAGE, "a shape whose element count overflows a long", o -> gramArgs(overflowShape, o), "overflow.npy"));
        c.add(refused(Kind.MESSAGE, "a width beyond any integer", o -> trainArgs(x, y, o, "--widths", "99999999999"), "--widths"));
        c.add(refused(Kind.MESSAGE, "an output name too long for the file system", o -> gramArgs(x, o.resolveSibling("k".repeat(250) + ".npy")),
                "too long", "255"));
        return c;
    }

    /** The rows of {@code m} as CSV, every value exact (Java's shortest round-trip form), optionally quoted. */
    private static String csv(Matrix m, boolean quoted) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                String v = Double.toString(m.get(i, j));
                b.append(j > 0 ? "," : "").append(quoted ? "\"" + v + "\"" : v);
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static void write(Path p, String content) {
        try {
            Files.writeString(p, content);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> withThreads(int t, List<String> args) {
        List<String> a = new ArrayList<>(List.of("--threads", Integer.toString(t)));
        a.addAll(args);
        return a;
    }

    /** Runs {@code again} at 2 threads, writing {@code d/again}, and checks it has the bytes of {@code d/first}. */
    private static void sameBits(Path d, List<String> again, String first) throws IOException {
        assertEquals(0, CliRun.of(withThreads(2, again).toArray(String[]::new)).status());
        Path second = d.resolve(again.contains(d.resolve("again.csv").toString()) ? "again.csv" : "again.npy");
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(d.resolve(first)), Files.readAllBytes(second)),
                first + " differs between 1 and 2 threads"); // CSVs too: their provenance is in meta.json, not in the file
    }

    /** The JSON object the last command printed on stdout. */
    private static com.fasterxml.jackson.databind.JsonNode lastJson() throws IOException {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(lastOut.strip());
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
    Stream<DynamicTest> everyCaseEndsAsItShouldAndLeavesNothingBehind() throws IOException {
        List<Case> cases = cases();
        assertTrue(cases.size() >= 100, "the catalogue has " + cases.size() + " cases");
        java.util.Map<Kind, Long> perKind = cases.stream().collect(java.util.stream.Collectors.groupingBy(Case::kind,
                () -> new java.util.EnumMap<>(Kind.class), java.util.stream.Collectors.counting()));
        for (Kind k : Kind.values()) {
            assertTrue(perKind.getOrDefault(k, 0L) >= 3, "class " + k + " has " + perKind.get(k) + " cases; several are needed");
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.kind() + ": " + c.name(), () -> {
            Path outDir = Files.createDirectories(dir.resolve("out").resolve(c.name().replaceAll("[^A-Za-z0-9]+", "-")));
            Path out = outDir.resolve("result.npy");
            long t0 = System.nanoTime();
            CliRun r = CliRun.of(c.args().apply(out).toArray(String[]::new));
            double seconds = (System.nanoTime() - t0) / 1e9;
            lastOut = r.out();
            String err = r.err().strip();
            assertEquals(c.status(), r.status(), c.name() + ": status; stderr: " + err);
            assertFalse(err.contains("Exception") || err.contains("\tat "), c.name() + ": no stack trace: " + err);
            if (c.status() == 0) {
                c.check().verify(outDir);
            } else {
                assertEquals(1, err.lines().count(), c.name() + ": one line, got: " + err);
                assertTrue(err.startsWith("ntk: "), c.name() + ": " + err);
                for (String word : c.expect()) {
                    assertTrue(err.contains(word), c.name() + ": message should name '" + word + "': " + err);
                }
                try (Stream<Path> left = Files.list(outDir)) {
                    assertEquals(List.of(), left.toList(), c.name() + ": nothing written");
                }
                // a generous bound: a refusal that takes longer is reading, parsing or allocating what it should not
                assertTrue(seconds < 10, c.name() + ": refused in " + seconds + " s, not at once");
            }
            try (Stream<Path> all = Files.walk(dir)) {
                assertEquals(List.of(), all.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList(),
                        c.name() + ": no temporary file left anywhere");
            }
        }));
    }
}
