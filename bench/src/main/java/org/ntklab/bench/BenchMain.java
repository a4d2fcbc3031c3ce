package org.ntklab.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.tools.output.RunRecord;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./ntk bench}: runs the JMH benchmarks and writes GFLOP/s tables (CSV with metadata and a
 * markdown summary) into {@code results/bench/}. Raw JMH output goes to the console.
 */
@Command(name = "ntk bench", mixinStandardHelpOptions = true,
        description = "Run JMH benchmarks and write GFLOP/s tables to results/bench/.")
public final class BenchMain implements Callable<Integer> {

    @Option(names = "--include", description = "Regex of benchmarks to run (default: ${DEFAULT-VALUE}).", defaultValue = "BlasBench")
    String include;

    @Option(names = "--name", description = "Base name of the output files (default: ${DEFAULT-VALUE}).", defaultValue = "blas")
    String name;

    @Option(names = "--out", description = "Output folder (default: results/bench under the project root).")
    Path out;

    @Option(names = "--quick", description = "One short iteration each: for checking the harness, not for figures.")
    boolean quick;

    @Option(names = "--param", description = "Override a JMH parameter, e.g. --param n=256,1024.")
    List<String> params = new ArrayList<>();

    /** Runs the command line. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path dir = out != null ? out : Path.of(System.getProperty("ntk.home", "."), "results", "bench");
        AtomicFiles.ensureFolder(dir);
        RunRecord record = new RunRecord("bench", List.of("--include", include, quick ? "--quick" : "--full"));
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(include)
                .forks(1)
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                        "-Dntk.home=" + System.getProperty("ntk.home", "."))
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 1 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2));
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--param expects name=v1,v2, got " + p);
            }
            opts.param(p.substring(0, eq), p.substring(eq + 1).split(","));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        write(results, dir, record);
        return 0;
    }

    private void write(Collection<RunResult> results, Path dir, RunRecord record) {
        CsvTable csv = new CsvTable("benchmark", "params", "backend", "n", "ms_per_op", "ms_error", "gflops");
        // rows grouped as (benchmark, n) -> backend -> GFLOP/s, for the markdown ratio table
        Map<String, Map<String, Double>> grid = new TreeMap<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            String backend = r.getParams().getParam("backend");
            int n = Integer.parseInt(r.getParams().getParam("n"));
            double ms = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError();
            double gflops = BlasBench.flops(method, n) / (ms / 1e3) / 1e9;
            Map<String, String> all = new LinkedHashMap<>();
            for (String key : r.getParams().getParamsKeys()) {
                all.put(key, r.getParams().getParam(key));
            }
            csv.add(method, all.toString(), backend, n, ms, err, gflops);
            grid.computeIfAbsent(String.format(Locale.ROOT, "%s|%06d", method, n), k -> new TreeMap<>()).put(backend, gflops);
        }
        Path csvFile = dir.resolve(name + ".csv");
        csv.write(csvFile, record.header(), true);
        StringBuilder md = new StringBuilder();
        md.append("# BLAS benchmarks: native OpenBLAS vs pure Java\n\n");
        md.append("GFLOP/s from one JMH run (`./ntk bench").append(quick ? " --quick" : "").append("`), ")
                .append(record.fields().get("threads")).append(" threads, OPENBLAS_CORETYPE=")
                .append(record.fields().get("env_OPENBLAS_CORETYPE")).append(", ")
                .append(record.fields().get("blas_version")).append(", JDK ")
                .append(record.fields().get("java_version")).append(", vector species ")
                .append(record.fields().get("vector_species")).append(", commit ")
                .append(record.fields().get("git_commit")).append(".\n\n");
        md.append("| operation | n | native GFLOP/s | pure Java GFLOP/s | Java / native |\n|---|---:|---:|---:|---:|\n");
        grid.forEach((key, byBackend) -> {
            String[] parts = key.split("\\|");
            Double nat = byBackend.get("native");
            Double jav = byBackend.get("java");
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", parts[0], Integer.parseInt(parts[1]),
                    fmt(nat), fmt(jav), nat != null && jav != null ? String.format(Locale.ROOT, "%.2f", jav / nat) : "–"));
        });
        md.append("\nRaw figures with errors: `").append(csvFile.getFileName()).append("`; provenance: `").append(name).append(".meta.json`.\n");
        AtomicFiles.write(dir.resolve(name + ".md"), true, o -> o.write(md.toString().getBytes(StandardCharsets.UTF_8)));
        Path meta = record.writeMeta(dir.resolve(name + ".meta.json"), true);
        System.out.println("wrote " + csvFile + ", " + dir.resolve(name + ".md") + ", " + meta);
    }

    private static String fmt(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }
}
