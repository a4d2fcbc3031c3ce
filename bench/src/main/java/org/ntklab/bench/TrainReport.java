package org.ntklab.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.tools.output.RunRecord;
import org.openjdk.jmh.results.RunResult;

/** One GD step against the DGEMM rate of the same run, and the ensemble's speed-up from 1 to 2 threads. */
final class TrainReport implements BenchMain.Report {

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String include() {
        return "TrainBench|BlasBench.dgemm";
    }

    @Override
    public Map<String, String[]> params() {
        return Map.of("n", new String[] {"2048"});
    }

    @Override
    public List<Path> write(Collection<RunResult> results, Path dir, RunRecord record, String command) {
        Map<String, Double> seconds = new TreeMap<>();
        Map<String, Double> dgemm = new TreeMap<>();
        for (RunResult r : results) {
            String method = BenchMain.method(r);
            double s = r.getPrimaryResult().getScore() / 1e3;
            String be = r.getParams().getParam("backend");
            if (method.equals("dgemm")) {
                dgemm.put(be, BlasBench.flops("dgemm", Integer.parseInt(r.getParams().getParam("n"))) / s / 1e9);
            } else {
                seconds.put(method + "@" + be + "@" + r.getParams().getParam("threads"), s);
            }
        }
        double best = dgemm.values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        CsvTable csv = new CsvTable("benchmark", "backend", "threads", "seconds", "gflops");
        seconds.forEach((k, s) -> {
            String[] p = k.split("@");
            csv.add(p[0], p[1], Integer.parseInt(p[2]), s, p[0].equals("gdStep") ? TrainBench.stepFlops() / s / 1e9 : Double.NaN);
        });
        dgemm.forEach((be, g) -> csv.add("dgemm_n2048", be, 2, BlasBench.flops("dgemm", 2048) / g / 1e9, g));
        Path csvFile = dir.resolve(name() + ".csv");
        csv.write(csvFile, true);
        StringBuilder md = new StringBuilder("# Training: one GD step and a concurrent ensemble\n\n");
        md.append(BenchMain.environment(record, command)).append('\n');
        md.append("DGEMM (n = 2048, 2 threads, same run): ");
        dgemm.forEach((be, g) -> md.append(String.format(Locale.ROOT, "%s %.1f GFLOP/s; ", be, g)));
        md.append("the machine's rate is the higher.\n\n| goal | measured |\n|---|---|\n");
        for (String be : List.of("native", "java")) {
            Double s = seconds.get("gdStep@" + be + "@2");
            if (s != null) {
                double g = TrainBench.stepFlops() / s / 1e9;
                md.append(String.format(Locale.ROOT, "| one GD step, N = %d, d = %d, widths 1024×3, %s backend, 2 threads: ≥ 70%% of "
                        + "the machine's DGEMM rate | %.3f s per step, %.1f GFLOP/s = %.0f%% of %.1f |%n", TrainBench.N, TrainBench.D, be,
                        s / TrainBench.STEPS, g, 100 * g / best, best));
            }
            Double e1 = seconds.get("ensemble@" + be + "@1");
            Double e2 = seconds.get("ensemble@" + be + "@2");
            if (e1 != null && e2 != null) {
                md.append(String.format(Locale.ROOT, "| ensemble of 8 networks (N = 512, widths 256×2, 20 steps), %s backend: "
                        + "≥ 1.8× faster on 2 threads than on 1 | %.3f s → %.3f s: %.2f× |%n", be, e1, e2, e1 / e2));
            }
        }
        md.append(String.format(Locale.ROOT, "%nThe GD figure times whole training runs of %d steps (the run's bookkeeping "
                + "included: θ₀ copy, metrics at the start and end, the final loss), counting %d forward passes and %d backward "
                + "passes and gradient GEMMs per run. Raw figures (seconds per run): `", TrainBench.STEPS, TrainBench.STEPS + 1,
                TrainBench.STEPS)).append(csvFile.getFileName()).append("`.\n");
        Path mdFile = dir.resolve(name() + ".md");
        AtomicFiles.write(mdFile, true, o -> o.write(md.toString().getBytes(StandardCharsets.UTF_8)));
        return new ArrayList<>(List.of(csvFile, mdFile));
    }
}
