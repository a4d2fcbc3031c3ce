package org.ntklab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.tools.output.RunRecord;
import org.openjdk.jmh.results.RunResult;

/**
 * The analytic NTK Gram: throughput in entry·layers per second (all N² entries counted), the
 * numpy baseline ({@code bench/numpy/ntk_gram.py}) at the same sizes in the same run, the fitted
 * exponent of time against N and the speed-up from one to two threads.
 */
final class KernelReport implements BenchMain.Report {

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public String include() {
        return "KernelBench";
    }

    @Override
    public List<Path> write(Collection<RunResult> results, Path dir, RunRecord record, String command) throws Exception {
        Map<Integer, Map<Integer, Double>> seconds = new TreeMap<>(); // n -> threads -> s
        for (RunResult r : results) {
            int n = Integer.parseInt(r.getParams().getParam("n"));
            int t = Integer.parseInt(r.getParams().getParam("threads"));
            seconds.computeIfAbsent(n, k -> new TreeMap<>()).put(t, r.getPrimaryResult().getScore() / 1e3);
        }
        Map<Integer, Double> numpy = new TreeMap<>();
        for (int n : seconds.keySet()) {
            numpy.put(n, numpySeconds(n));
        }
        CsvTable csv = new CsvTable("n", "threads", "seconds", "entry_layers_per_s", "numpy_seconds", "speedup_vs_numpy");
        seconds.forEach((n, byThreads) -> byThreads.forEach((t, s) -> csv.add(n, t, s, rate(n, s), numpy.get(n), numpy.get(n) / s)));
        Path csvFile = dir.resolve(name() + ".csv");
        csv.write(csvFile, true);

        int maxThreads = seconds.values().stream().flatMap(m -> m.keySet().stream()).max(Integer::compare).orElse(1);
        int largest = ((TreeMap<Integer, Map<Integer, Double>>) seconds).lastKey();
        double exponent = exponent(seconds, maxThreads);
        Map<Integer, Double> atLargest = seconds.get(largest);
        double best = atLargest.get(maxThreads);
        StringBuilder md = new StringBuilder("# Analytic NTK Gram matrix vs numpy\n\n");
        md.append(BenchMain.environment(record, command));
        md.append("\nWorkload: ReLU NTK (`arora` preset), d = ").append(KernelBench.D).append(", L = ").append(KernelBench.DEPTH)
                .append(" hidden layers, N points on the sphere, symmetric K(X, X); numpy baseline: the plain arccos recursion "
                        + "(`bench/numpy/ntk_gram.py`), timed in the same run.\n\n");
        md.append("| N | threads | seconds | entry·layers/s (N² counted) | numpy seconds | speed-up vs numpy |\n|---:|---:|---:|---:|---:|---:|\n");
        seconds.forEach((n, byThreads) -> byThreads.forEach((t, s) -> md.append(String.format(Locale.ROOT,
                "| %d | %d | %.4f | %.3g | %.3f | %.1f× |%n", n, t, s, rate(n, s), numpy.get(n), numpy.get(n) / s))));
        md.append(String.format(Locale.ROOT, "%n| goal | measured |%n|---|---|%n"));
        md.append(String.format(Locale.ROOT, "| ≥ 1.5e9 entry·layers/s on 2 cores at N = %d | %.3g |%n", largest, rate(largest, best)));
        md.append(String.format(Locale.ROOT, "| ≥ 50× faster than numpy at N = %d | %.1f× |%n", largest, numpy.get(largest) / best));
        md.append(String.format(Locale.ROOT, "| time ∝ N^e, e ≈ 2 (fit over N, %d threads) | e = %.2f |%n", maxThreads, exponent));
        if (atLargest.containsKey(1) && maxThreads > 1) {
            md.append(String.format(Locale.ROOT, "| speed-up 1 → %d threads ≥ 1.8× at N = %d | %.2f× |%n", maxThreads, largest,
                    atLargest.get(1) / best));
        }
        md.append("\nRaw figures: `").append(csvFile.getFileName()).append("`.\n");
        Path mdFile = dir.resolve(name() + ".md");
        AtomicFiles.write(mdFile, true, o -> o.write(md.toString().getBytes(StandardCharsets.UTF_8)));
        return new ArrayList<>(List.of(csvFile, mdFile));
    }

    static double rate(int n, double seconds) {
        return (double) n * n * KernelBench.DEPTH / seconds;
    }

    /** Least-squares slope of log(time) against log(N). */
    static double exponent(Map<Integer, Map<Integer, Double>> seconds, int threads) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int k = 0;
        for (var e : seconds.entrySet()) {
            Double s = e.getValue().get(threads);
            if (s == null) {
                continue;
            }
            double x = Math.log(e.getKey());
            double y = Math.log(s);
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
            k++;
        }
        return (k * sxy - sx * sy) / (k * sxx - sx * sx);
    }

    /** Runs the numpy baseline once at size n (best of 2 for small n) and returns its seconds. */
    static double numpySeconds(int n) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("ntk.home", "."), "bench", "numpy", "ntk_gram.py");
        Process p = new ProcessBuilder("python3", script.toString(), "--n", "" + n, "--d", "" + KernelBench.D, "--depth",
                "" + KernelBench.DEPTH, "--repeats", n <= 4096 ? "2" : "1").redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("numpy baseline failed: " + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        JsonNode j = new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
        return j.get("seconds").asDouble();
    }
}
