package org.ntklab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Trans;
import org.ntklab.tools.experiment.SpecReader;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.tools.output.RunRecord;
import org.ntklab.tools.sweep.Shard;
import org.ntklab.tools.sweep.SweepRunner;
import org.ntklab.tools.sweep.SweepSpec;
import org.ntklab.tools.sweep.SweepStatus;
import org.ntklab.tools.sweep.SweepStore;
import org.ntklab.tools.sweep.TaskRecord;
import org.openjdk.jmh.results.RunResult;

/**
 * Sweep throughput: the built-in sweep {@code lambda-min-widths} (certified λ_min of the empirical
 * NTK, 8 widths × 10 seeds, N = 1000, d = 50, two hidden layers) run by the sweep engine in this
 * JVM, timed end to end, against the same loop in numpy/scipy ({@code bench/numpy/sweep_lambda_min.py})
 * in the same run. Not a JMH benchmark: one sweep is long enough to time by the wall clock.
 */
final class SweepReport implements BenchMain.Report {

    static final String SPEC = "/sweeps/lambda-min-widths.yaml";

    @Override
    public String name() {
        return "sweep";
    }

    @Override
    public String include() {
        return "";
    }

    @Override
    public boolean jmh() {
        return false;
    }

    @Override
    public List<Path> write(Collection<RunResult> ignored, Path dir, RunRecord record, String command) throws Exception {
        SweepSpec spec = SweepSpec.parse(SpecReader.resource(SPEC), "lambda-min-widths.yaml");
        Path work = Files.createTempDirectory("ntk-sweep-bench");
        // the flop floor: the workload's flops (the planner's model of each task: network passes, Gram
        // tiles, Cholesky factorisations and solves) at the machine's DGEMM rate, measured here, now
        double flops = spec.tasks().stream().mapToDouble(t -> spec.type().workOf(t)).sum();
        double nativeRate = Backends.current().info().isNative() ? dgemmRate(Backends.blas(), DGEMM_N) : Double.NaN;
        double javaRate = dgemmRate(Backends.javaBackend().blas(), DGEMM_N);
        double rate = Double.isNaN(nativeRate) ? javaRate : Math.max(nativeRate, javaRate);
        double floor = flops / rate;
        String loadJava = loadAverage();
        long t0 = System.nanoTime();
        new SweepRunner(spec, SweepStore.create(work, spec), Shard.ALL, false, List.of("bench", "--suite", "sweep"), System.out).run();
        double javaSeconds = (System.nanoTime() - t0) / 1e9;
        SweepStatus status = SweepStatus.of(SweepStore.existing(work), spec);
        Map<Integer, double[]> javaMeans = new TreeMap<>(); // width -> (sum λ_min, count, sum seconds)
        for (TaskRecord r : status.ok()) {
            double[] a = javaMeans.computeIfAbsent(((Number) r.params().get("width")).intValue(), w -> new double[3]);
            a[0] += ((Number) r.result().get("lambda_min")).doubleValue();
            a[1]++;
            a[2] += r.timing().get("seconds");
        }
        // numpy as a user runs it (OpenBLAS threads = processors), and with one OpenBLAS thread: on a
        // machine shared with other jobs OpenBLAS's spinning threads can slow the default many-fold
        String loadNumpy = loadAverage();
        JsonNode numpy = numpy(Map.of());
        String loadNumpy1 = loadAverage();
        JsonNode numpy1 = numpy(Map.of("OPENBLAS_NUM_THREADS", "1"));
        String loadEnd = loadAverage();
        double numpySeconds = numpy.get("seconds").asDouble();
        double numpy1Seconds = numpy1.get("seconds").asDouble();
        CsvTable csv = new CsvTable("width", "java_mean_lambda_min", "numpy_mean_lambda_min", "java_task_seconds_sum");
        javaMeans.forEach((w, a) -> csv.add(w, a[0] / a[1], numpy.get("mean_lambda_min").get(String.valueOf(w)).asDouble(), a[2]));
        csv.add("total_wall_seconds", javaSeconds, numpySeconds, Double.NaN);
        csv.add("total_wall_seconds_numpy_1_thread", javaSeconds, numpy1Seconds, Double.NaN);
        csv.add("flop_floor_seconds", floor, Double.NaN, Double.NaN);
        Path csvFile = dir.resolve(name() + ".csv");
        record.put("workload_flops", flops).put("dgemm_n", DGEMM_N).put("dgemm_gflops_native", nativeRate / 1e9)
                .put("dgemm_gflops_java", javaRate / 1e9).put("flop_floor_seconds", floor).put("fraction_of_floor", floor / javaSeconds);
        record.put("java_seconds", javaSeconds).put("numpy_seconds", numpySeconds).put("numpy_1_thread_seconds", numpy1Seconds)
                .put("loadavg_before_java", loadJava).put("loadavg_before_numpy", loadNumpy).put("loadavg_before_numpy_1_thread", loadNumpy1)
                .put("loadavg_end", loadEnd).put("tasks_ok", status.ok().size())
                .put("tasks_failed", status.failed().size()).put("numpy", numpy.get("numpy").asText()).put("scipy", numpy.get("scipy").asText());
        csv.write(csvFile, true);
        StringBuilder md = new StringBuilder("# Sweep throughput: certified λ_min of the empirical NTK over widths\n\n");
        md.append(BenchMain.environment(record, command));
        md.append(String.format(Locale.ROOT, "%nWorkload: the built-in sweep `lambda-min-widths` — %d tasks (widths 16 … 2048 × 10 seeds), "
                + "N = 1000 points on S^49, two hidden layers (arora), each: draw the network, structured empirical NTK, certified "
                + "λ_min bracket (relative width ≤ 1e-8). Java: `SweepRunner` in one JVM with the thread budget above (planner: %s). "
                + "numpy: the same loop (structured NTK in numpy, `scipy.linalg.eigh(subset_by_index=[0, 0])`, numpy %s, scipy %s) with "
                + "its own random draws, so per-width means agree only statistically.%n%n", spec.tasks().size(),
                "tasks run two at a time with single-threaded BLAS", numpy.get("numpy").asText(), numpy.get("scipy").asText()));
        md.append("| goal | measured |\n|---|---|\n");
        md.append(String.format(Locale.ROOT, "| sweep ≥ 10× faster than the numpy/scipy loop (numpy's default threads) | Java %.1f s vs numpy "
                + "%.1f s → %.1f× (%d ok, %d failed) |%n", javaSeconds, numpySeconds, numpySeconds / javaSeconds, status.ok().size(),
                status.failed().size()));
        md.append(String.format(Locale.ROOT, "| the same against numpy with OPENBLAS_NUM_THREADS=1 | Java %.1f s vs numpy %.1f s → %.1f× |%n",
                javaSeconds, numpy1Seconds, numpy1Seconds / javaSeconds));
        md.append(String.format(Locale.ROOT, "| sweep at ≥ 60 %% of its flop floor | floor %.2f s (%.3g flops at %.1f GFLOP/s) vs %.1f s → %.0f %% |%n",
                floor, flops, rate / 1e9, javaSeconds, 100 * floor / javaSeconds));
        md.append(String.format(Locale.ROOT, "%nFlop floor: the sum over tasks of the planner's flop model (`LambdaMinTask.work`: forward and "
                + "backward GEMMs, the lower-triangle Gram tiles, 4 Cholesky factorisations of the 1000×1000 NTK and 200 solves' worth of "
                + "matrix-vector work) divided by the machine's DGEMM rate, measured in this run just before the sweep: n = %d, all "
                + "threads, best of %d, native %.1f GFLOP/s, pure Java %.1f GFLOP/s (the faster is used).%n", DGEMM_N, DGEMM_REPS,
                nativeRate / 1e9, javaRate / 1e9));
        md.append(String.format(Locale.ROOT, "%nLoad average (1, 5, 15 min) from /proc/loadavg before each part — the machine (2 cores) was "
                + "shared with other jobs: Java %s; numpy %s; numpy one-threaded %s; at the end %s. Above 2 the figures are noisy, and "
                + "numpy's default multi-threaded OpenBLAS suffers most from the competition (its threads spin while waiting), so the "
                + "one-threaded numpy figure is the fairer baseline on a loaded machine.%n", loadJava, loadNumpy, loadNumpy1, loadEnd));
        md.append("\n| width | mean λ_min (Java) | mean λ_min (numpy) | Java task seconds (sum over seeds) |\n|---|---|---|---|\n");
        javaMeans.forEach((w, a) -> md.append(String.format(Locale.ROOT, "| %d | %.4g | %.4g | %.2f |%n", w, a[0] / a[1],
                numpy.get("mean_lambda_min").get(String.valueOf(w)).asDouble(), a[2])));
        md.append("\nRaw figures: `").append(csvFile.getFileName()).append("`.\n");
        Path mdFile = dir.resolve(name() + ".md");
        AtomicFiles.write(mdFile, true, o -> o.write(md.toString().getBytes(StandardCharsets.UTF_8)));
        return new ArrayList<>(List.of(csvFile, mdFile));
    }

    private static final int DGEMM_N = 2048;
    private static final int DGEMM_REPS = 5;

    /** C = A B at n × n, all threads: the best of {@link #DGEMM_REPS} timed calls after one untimed, in flop/s. */
    static double dgemmRate(Blas blas, int n) {
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        double[] c = new double[n * n];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble();
            b[i] = r.nextDouble();
        }
        double best = Double.POSITIVE_INFINITY;
        for (int rep = 0; rep <= DGEMM_REPS; rep++) {
            long t = System.nanoTime();
            blas.dgemm(Trans.N, Trans.N, n, n, n, 1.0, a, 0, n, b, 0, n, 0.0, c, 0, n);
            if (rep > 0) {
                best = Math.min(best, (System.nanoTime() - t) / 1e9);
            }
        }
        return 2.0 * n * n * n / best;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static JsonNode numpy(Map<String, String> env) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("ntk.home", "."), "bench", "numpy", "sweep_lambda_min.py");
        ProcessBuilder pb = new ProcessBuilder("python3", script.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("numpy baseline failed: " + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        return new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    }
}
