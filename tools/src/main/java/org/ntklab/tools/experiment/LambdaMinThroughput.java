package org.ntklab.tools.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ntklab.runtime.ThreadBudget;

/**
 * The throughput figure of the lambda-min experiment: λ_min evaluations per minute (initialise the
 * network, assemble the partial NTK of the middle layer, certify λ_min) at the spec's N and d, run
 * task-parallel under the thread budget; and the same workload timed by the numpy/scipy script
 * {@code bench/numpy/lambda_min_partial.py} (eigh with {@code subset_by_index=[0, 0]}) in the same
 * run, found under {@code -Dntk.home} (the launcher sets it) or the working directory.
 */
final class LambdaMinThroughput {

    private LambdaMinThroughput() {
    }

    /**
     * The measured figure.
     *
     * @param n               N
     * @param d               d
     * @param evaluations     Java evaluations timed
     * @param wallSeconds     wall time of all of them
     * @param meanSeconds     mean time of one evaluation inside its task
     * @param bestSeconds     fastest single evaluation inside its task
     * @param numpySeconds    mean time of one numpy evaluation, or NaN
     * @param numpyBestSeconds fastest numpy evaluation, or NaN
     * @param numpySingleBestSeconds fastest numpy evaluation with OPENBLAS_NUM_THREADS=1 (per core, like one Java task), or NaN
     * @param numpyNote       what ran on the numpy side (versions, OPENBLAS_CORETYPE) or why it did not
     * @param loadAverage     the machine's 1-minute load average when the measurement ended (other processes share the cores)
     */
    record Figure(int n, int d, int evaluations, double wallSeconds, double meanSeconds, double bestSeconds, double numpySeconds,
                  double numpyBestSeconds, double numpySingleBestSeconds, String numpyNote, double loadAverage) {

        double perMinute() {
            return 60 * evaluations / wallSeconds;
        }

        double numpyPerMinute() {
            return 60 / numpySeconds;
        }

        Map<String, Object> facts() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("n", n);
            m.put("d", d);
            m.put("threads", ThreadBudget.threads());
            m.put("evaluations", evaluations);
            m.put("evaluations_per_minute", perMinute());
            m.put("mean_seconds_per_evaluation", meanSeconds);
            m.put("best_seconds_per_evaluation", bestSeconds);
            m.put("numpy_mean_seconds", Double.isNaN(numpySeconds) ? null : numpySeconds);
            m.put("numpy_best_seconds", Double.isNaN(numpyBestSeconds) ? null : numpyBestSeconds);
            m.put("numpy_single_thread_best_seconds", Double.isNaN(numpySingleBestSeconds) ? null : numpySingleBestSeconds);
            m.put("load_average", loadAverage);
            m.put("numpy_evaluations_per_minute", Double.isNaN(numpySeconds) ? null : numpyPerMinute());
            m.put("numpy", numpyNote);
            m.put("openblas_coretype", System.getenv().getOrDefault("OPENBLAS_CORETYPE", "(unset)"));
            return m;
        }
    }

    static Figure measure(LambdaMin.Spec s, ExperimentContext ctx) {
        List<LambdaMin.Job> jobs = new ArrayList<>();
        for (int r = 0; r < s.throughputEvaluations(); r++) {
            jobs.add(new LambdaMin.Job(LambdaMin.Series.THROUGHPUT, s.throughputN(), s.throughputD(), r));
        }
        long t0 = System.nanoTime();
        LambdaMinEvaluation.Result[] results = LambdaMin.evaluateAll(s, jobs, ctx);
        double wall = (System.nanoTime() - t0) / 1e9;
        double mean = 0;
        double best = Double.POSITIVE_INFINITY;
        for (LambdaMinEvaluation.Result r : results) {
            mean += r.seconds() / results.length;
            best = Math.min(best, r.seconds());
        }
        double numpy = Double.NaN;
        double numpyBest = Double.NaN;
        double numpySingle = Double.NaN;
        String note = "not run (numpy_baseline: false)";
        if (s.numpyBaseline()) {
            try {
                JsonNode out = runNumpy(s.throughputN(), s.throughputD(), s.throughputEvaluations(), null);
                numpy = out.get("mean_seconds").asDouble();
                numpyBest = best(out.get("seconds"));
                numpySingle = best(runNumpy(s.throughputN(), s.throughputD(), s.throughputEvaluations(), 1).get("seconds"));
                note = "numpy " + out.path("numpy").asText() + ", scipy " + out.path("scipy").asText() + ", OPENBLAS_CORETYPE="
                        + out.path("openblas_coretype").asText("(unset)");
            } catch (IOException e) {
                note = "not available: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                note = "interrupted";
            }
        }
        double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return new Figure(s.throughputN(), s.throughputD(), results.length, wall, mean, best, numpy, numpyBest, numpySingle, note, load);
    }

    private static double best(JsonNode seconds) {
        double b = Double.POSITIVE_INFINITY;
        for (JsonNode v : seconds) {
            b = Math.min(b, v.asDouble());
        }
        return b;
    }

    /** Runs the numpy script (with OPENBLAS_NUM_THREADS={@code threads} unless null); its last output line is a JSON object. */
    static JsonNode runNumpy(int n, int d, int repeats, Integer threads) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("ntk.home", "."), "bench", "numpy", "lambda_min_partial.py");
        if (!Files.isRegularFile(script)) {
            throw new IOException("script " + script + " not found (set -Dntk.home to the project folder)");
        }
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), "--n", "" + n, "--d", "" + d, "--repeats", "" + repeats)
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            if (threads != null) {
                pb.environment().put("OPENBLAS_NUM_THREADS", threads.toString());
            }
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("python3 could not be started (" + e.getMessage() + ")");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroy();
            throw new IOException("the numpy script failed (is numpy/scipy installed?)");
        }
        return new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    }
}
