package org.ntklab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.tools.output.RunRecord;
import org.openjdk.jmh.results.RunResult;

/**
 * Whole-process speed, as a user feels it: the real {@code ./ntk gram} command, a new JVM each
 * time, against the numpy script a user would run instead ({@code bench/numpy/ntk_gram.py --data
 * --out}: load the points, compute, save the .npy), then {@code ./ntk eig --which min --certify} on
 * that Gram against scipy's {@code eigh(subset_by_index=[0, 0])} ({@code bench/numpy/eigh_min.py
 * --gram}), each pair alternated in the same run so both sides see the same machine. Wall time and peak RSS come from {@code /usr/bin/time}. Not a JMH benchmark.
 */
final class CliReport implements BenchMain.Report {

    static final int N = 8192;
    static final int D = 100;
    static final int DEPTH = 4;
    /** Timed runs per side; the median is reported (one untimed run each first: file caches, the AOT cache). */
    static final int RUNS = 3;

    @Override
    public String name() {
        return "cli";
    }

    @Override
    public String include() {
        return "";
    }

    @Override
    public boolean jmh() {
        return false;
    }

    /** One timed process: wall seconds and peak resident set in bytes. */
    record Timing(double seconds, long rssBytes) {
    }

    @Override
    public List<Path> write(Collection<RunResult> ignored, Path dir, RunRecord record, String command) throws Exception {
        Path home = Path.of(System.getProperty("ntk.home", ".")).toAbsolutePath();
        Path work = Files.createTempDirectory("ntk-cli-bench");
        try {
            Path x = work.resolve("x.npy");
            run(work, List.of("python3", "-c", "import numpy as np; r = np.random.default_rng(42); x = r.standard_normal((" + N + ", "
                    + D + ")); x /= np.linalg.norm(x, axis=1, keepdims=True); np.save('" + x + "', x)"));
            List<String> ntk = List.of(home.resolve("ntk").toString(), "gram", "--data", x.toString(), "--out",
                    work.resolve("k-ntk.npy").toString(), "--preset", "arora", "--depth", String.valueOf(DEPTH), "--force");
            List<String> numpy = List.of("python3", home.resolve("bench/numpy/ntk_gram.py").toString(), "--data", x.toString(),
                    "--out", work.resolve("k-numpy.npy").toString(), "--depth", String.valueOf(DEPTH));
            timed(work, ntk);
            timed(work, numpy);
            List<Timing> ours = new ArrayList<>();
            List<Timing> theirs = new ArrayList<>();
            for (int r = 0; r < RUNS; r++) {
                ours.add(timed(work, ntk));
                theirs.add(timed(work, numpy));
            }
            String agreement = run(work, List.of("python3", "-c", "import numpy as np; a = np.load('" + work.resolve("k-ntk.npy")
                    + "'); b = np.load('" + work.resolve("k-numpy.npy") + "'); print(float(abs(a - b).max() / abs(b).max()), "
                    + "bool((a == a.T).all()))")).trim();
            // λ_min of that Gram: the certified dense path against scipy's partial eigh, both from the .npy
            Path k = work.resolve("k-ntk.npy");
            List<String> eig = List.of(home.resolve("ntk").toString(), "eig", "--gram", k.toString(), "--which", "min", "--certify");
            List<String> scipy = List.of("python3", home.resolve("bench/numpy/eigh_min.py").toString(), "--gram", k.toString());
            timed(work, eig);
            List<Timing> eigOurs = new ArrayList<>();
            List<Timing> eigTheirs = new ArrayList<>();
            String[] outputs = new String[2];
            for (int r = 0; r < RUNS; r++) {
                eigOurs.add(timed(work, eig, outputs, 0));
                eigTheirs.add(timed(work, scipy, outputs, 1));
            }
            return report(dir, record, command, ours, theirs, agreement, eigOurs, eigTheirs, outputs);
        } finally {
            try (var files = Files.list(work)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(work);
        }
    }

    private List<Path> report(Path dir, RunRecord record, String command, List<Timing> ours, List<Timing> theirs,
                              String agreement, List<Timing> eigOurs, List<Timing> eigTheirs, String[] eigOutputs) throws IOException {
        Timing eo = median(eigOurs);
        Timing et = median(eigTheirs);
        double eigRatio = et.seconds / eo.seconds;
        Timing o = median(ours);
        Timing t = median(theirs);
        double ratio = t.seconds / o.seconds;
        long outputBytes = 8L * N * N;
        double rssLimit = 1.5 * outputBytes + 300e6;
        CsvTable csv = new CsvTable("command", "run", "wall_seconds", "peak_rss_bytes");
        for (int r = 0; r < RUNS; r++) {
            csv.add("ntk gram", r, ours.get(r).seconds, ours.get(r).rssBytes);
            csv.add("numpy ntk_gram.py", r, theirs.get(r).seconds, theirs.get(r).rssBytes);
        }
        for (int r = 0; r < RUNS; r++) {
            csv.add("ntk eig --which min --certify", r, eigOurs.get(r).seconds, eigOurs.get(r).rssBytes);
            csv.add("scipy eigh_min.py", r, eigTheirs.get(r).seconds, eigTheirs.get(r).rssBytes);
        }
        record.put("ntk_median_seconds", o.seconds).put("numpy_median_seconds", t.seconds).put("ratio", ratio)
                .put("ntk_median_rss_bytes", o.rssBytes).put("numpy_median_rss_bytes", t.rssBytes).put("agreement", agreement)
                .put("eig_ntk_median_seconds", eo.seconds).put("eig_scipy_median_seconds", et.seconds).put("eig_ratio", eigRatio)
                .put("eig_ntk_output", eigOutputs[0].trim()).put("eig_scipy_output", eigOutputs[1].trim());
        Path csvFile = dir.resolve(name() + ".csv");
        csv.write(csvFile, true);
        StringBuilder md = new StringBuilder("# Whole-process speed: `ntk gram` against the numpy script\n\n");
        md.append(BenchMain.environment(record, command));
        md.append(String.format(Locale.ROOT, "%nWorkload: the analytic ReLU NTK (`arora`, L = %d) of N = %d points on S^%d, "
                + "from a .npy on disk to a .npy on disk. ntk: `./ntk gram --data x.npy --out k.npy --preset arora --depth %d` "
                + "(a new JVM each run, as a user starts it). numpy: `python3 bench/numpy/ntk_gram.py --data x.npy --out k.npy "
                + "--depth %d` (load, the plain arccos recursion, `np.save`). One untimed run of each first (file caches; the "
                + "launcher's start-up cache), then %d alternating timed runs each; medians below, every run in `%s`.%n%n",
                DEPTH, N, D - 1, DEPTH, DEPTH, RUNS, csvFile.getFileName()));
        md.append("| goal | measured | met |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| whole process ≥ 9× faster than numpy | ntk %.2f s vs numpy %.2f s → %.1f× | %s |%n",
                o.seconds, t.seconds, ratio, ratio >= 9 ? "yes" : "no"));
        md.append(String.format(Locale.ROOT, "| peak RSS ≤ 1.5 × output + 300 MB (%.0f MB) | %.0f MB (numpy %.0f MB) | %s |%n",
                rssLimit / 1e6, o.rssBytes / 1e6, t.rssBytes / 1e6, o.rssBytes <= rssLimit ? "yes" : "no"));
        md.append(String.format(Locale.ROOT, "%nThe two outputs agree to a relative %s (max |Δ| / max |K|; then: ntk's output exactly "
                + "symmetric).%n", agreement.replace(' ', ';')));
        md.append("\n| run | ntk wall s | ntk RSS MB | numpy wall s | numpy RSS MB |\n|---:|---:|---:|---:|---:|\n");
        for (int r = 0; r < RUNS; r++) {
            md.append(String.format(Locale.ROOT, "| %d | %.2f | %.0f | %.2f | %.0f |%n", r, ours.get(r).seconds,
                    ours.get(r).rssBytes / 1e6, theirs.get(r).seconds, theirs.get(r).rssBytes / 1e6));
        }
        md.append(String.format(Locale.ROOT, "%n## λ_min of that Gram: `ntk eig` against scipy%n%nntk: `./ntk eig --gram k.npy --which min "
                + "--certify` (load, checks, the certified bracket: from N = 4096 with native LAPACK, block shift-invert on "
                + "single-precision factors, one double-precision Cholesky of a deflated matrix and Temple's bound). scipy: `python3 "
                + "bench/numpy/eigh_min.py --gram k.npy` (`np.load`, then `scipy.linalg.eigh(subset_by_index=[0, 0])`). Whole "
                + "processes, %d alternating timed runs each after one untimed ntk run; medians.%n%n", RUNS));
        md.append("| goal | measured | met |\n|---|---|---|\n");
        md.append(String.format(Locale.ROOT, "| whole process ≥ 4× faster than scipy | ntk %.2f s vs scipy %.2f s → %.1f× | %s |%n",
                eo.seconds, et.seconds, eigRatio, eigRatio >= 4 ? "yes" : "no"));
        md.append("\n| run | ntk wall s | ntk RSS MB | scipy wall s | scipy RSS MB |\n|---:|---:|---:|---:|---:|\n");
        for (int r = 0; r < RUNS; r++) {
            md.append(String.format(Locale.ROOT, "| %d | %.2f | %.0f | %.2f | %.0f |%n", r, eigOurs.get(r).seconds,
                    eigOurs.get(r).rssBytes / 1e6, eigTheirs.get(r).seconds, eigTheirs.get(r).rssBytes / 1e6));
        }
        md.append("\nLast outputs — ntk: `").append(eigOutputs[0].trim()).append("`; scipy: `").append(eigOutputs[1].trim()).append("`.\n");
        Path mdFile = dir.resolve(name() + ".md");
        AtomicFiles.write(mdFile, true, out -> out.write(md.toString().getBytes(StandardCharsets.UTF_8)));
        return new ArrayList<>(List.of(csvFile, mdFile));
    }

    /** The run with the median wall time (RUNS is odd). */
    private static Timing median(List<Timing> runs) {
        Timing[] sorted = runs.toArray(Timing[]::new);
        Arrays.sort(sorted, (a, b) -> Double.compare(a.seconds, b.seconds));
        return sorted[sorted.length / 2];
    }

    /** Runs {@code command} under /usr/bin/time: its wall time and peak RSS. */
    private static Timing timed(Path work, List<String> command) throws IOException, InterruptedException {
        return timed(work, command, new String[1], 0);
    }

    /** {@link #timed(Path, List)}, keeping the process's standard output in {@code outputs[slot]}. */
    private static Timing timed(Path work, List<String> command, String[] outputs, int slot) throws IOException, InterruptedException {
        Path stats = work.resolve("time.txt");
        List<String> full = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M", "-o", stats.toString()));
        full.addAll(command);
        outputs[slot] = run(work, full);
        String[] f = Files.readString(stats).trim().split("\\s+");
        return new Timing(Double.parseDouble(f[f.length - 2]), Long.parseLong(f[f.length - 1]) * 1024);
    }

    /** Runs a process to completion; its stdout, or an IOException with its stderr when it fails. */
    private static String run(Path work, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile()).redirectError(work.resolve("err.txt").toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(work.resolve("err.txt")));
        }
        return out;
    }
}
