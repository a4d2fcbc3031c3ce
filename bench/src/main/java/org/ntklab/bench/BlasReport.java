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

/** dgemm and dsyrk in GFLOP/s, native OpenBLAS against the pure-Java backend. */
final class BlasReport implements BenchMain.Report {

    @Override
    public String name() {
        return "blas";
    }

    @Override
    public String include() {
        return "BlasBench";
    }

    @Override
    public List<Path> write(Collection<RunResult> results, Path dir, RunRecord record, String command) {
        CsvTable csv = new CsvTable("benchmark", "backend", "n", "ms_per_op", "ms_error", "gflops");
        Map<String, Map<String, Double>> grid = new TreeMap<>();
        for (RunResult r : results) {
            String method = BenchMain.method(r);
            String backend = r.getParams().getParam("backend");
            int n = Integer.parseInt(r.getParams().getParam("n"));
            double ms = r.getPrimaryResult().getScore();
            double gflops = BlasBench.flops(method, n) / (ms / 1e3) / 1e9;
            csv.add(method, backend, n, ms, r.getPrimaryResult().getScoreError(), gflops);
            grid.computeIfAbsent(String.format(Locale.ROOT, "%s|%06d", method, n), k -> new TreeMap<>()).put(backend, gflops);
        }
        Path csvFile = dir.resolve(name() + ".csv");
        csv.write(csvFile, true);
        StringBuilder md = new StringBuilder("# BLAS: native OpenBLAS vs pure Java\n\n");
        md.append(BenchMain.environment(record, command)).append('\n');
        md.append("| operation | n | native GFLOP/s | pure Java GFLOP/s | Java / native |\n|---|---:|---:|---:|---:|\n");
        grid.forEach((key, byBackend) -> {
            String[] parts = key.split("\\|");
            Double nat = byBackend.get("native");
            Double jav = byBackend.get("java");
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", parts[0], Integer.parseInt(parts[1]), fmt(nat),
                    fmt(jav), nat != null && jav != null ? String.format(Locale.ROOT, "%.2f", jav / nat) : "–"));
        });
        md.append("\nFlops: 2n³ for dgemm, n³ for dsyrk (one triangle). Raw figures with JMH errors: `")
                .append(csvFile.getFileName()).append("`.\n");
        Path mdFile = dir.resolve(name() + ".md");
        AtomicFiles.write(mdFile, true, o -> o.write(md.toString().getBytes(StandardCharsets.UTF_8)));
        return new ArrayList<>(List.of(csvFile, mdFile));
    }

    static String fmt(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }
}
