package org.ntklab.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ntklab.tools.output.AtomicFiles;
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
 * {@code ./ntk bench}: runs one suite of JMH benchmarks (and its baselines) and writes its tables
 * (CSV with metadata, a markdown summary, and {@code SUITE.meta.json}) into {@code results/bench/}.
 * Raw JMH output goes to the console.
 */
@Command(name = "ntk bench", mixinStandardHelpOptions = true,
        description = "Run a JMH benchmark suite and write its tables to results/bench/.")
public final class BenchMain implements Callable<Integer> {

    @Option(names = "--suite", description = "blas (dgemm/dsyrk, native vs Java), kernel (analytic NTK Gram vs numpy) empirical (empirical NTK vs Jacobian and numpy), train (GD step, ensemble scaling) eigen (certified λ_min vs full spectra) sweep (a λ_min sweep vs a numpy/scipy loop) or cli (the ntk gram command as a whole process vs the numpy script); default ${DEFAULT-VALUE}.",
            defaultValue = "blas")
    String suite;

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
        Report report = switch (suite.toLowerCase(Locale.ROOT)) {
            case "blas" -> new BlasReport();
            case "kernel" -> new KernelReport();
            case "empirical" -> new EmpiricalReport();
            case "train" -> new TrainReport();
            case "eigen" -> new EigenReport();
            case "sweep" -> new SweepReport();
            case "cli" -> new CliReport();
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--suite must be blas, kernel, empirical, train, eigen, sweep or cli");
        };
        Path dir = out != null ? out : Path.of(System.getProperty("ntk.home", "."), "results", "bench");
        AtomicFiles.ensureFolder(dir);
        RunRecord record = new RunRecord("bench", List.of("--suite", suite, quick ? "--quick" : "--full"));
        if (!report.jmh()) {
            String command = "./ntk bench --suite " + suite;
            List<Path> written = report.write(List.of(), dir, record, command);
            written.add(record.writeMeta(dir.resolve(report.name() + ".meta.json"), true));
            System.out.println("wrote " + written);
            return 0;
        }
        ChainedOptionsBuilder opts = new OptionsBuilder()
                .include(report.include())
                .forks(1)
                .jvmArgsAppend("--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                        "-XX:MaxRAMPercentage=75", "-Dntk.home=" + System.getProperty("ntk.home", "."))
                .warmupIterations(quick ? 1 : 3)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 1 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2));
        report.params().forEach(opts::param);
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq < 1) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--param expects name=v1,v2, got " + p);
            }
            opts.param(p.substring(0, eq), p.substring(eq + 1).split(","));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        String command = "./ntk bench --suite " + suite + (quick ? " --quick" : "")
                + (params.isEmpty() ? "" : " --param " + String.join(" --param ", params));
        List<Path> written = report.write(results, dir, record, command);
        written.add(record.writeMeta(dir.resolve(report.name() + ".meta.json"), true));
        System.out.println("wrote " + written);
        return 0;
    }

    /** One suite's benchmarks and how its results are reported. */
    interface Report {
        /** Base name of the output files. */
        String name();

        /** JMH include pattern. */
        String include();

        /** False for a suite timed by the wall clock without JMH (its write() gets no JMH results). */
        default boolean jmh() {
            return true;
        }

        /** Parameter values the suite fixes (the user's --param still overrides them). */
        default java.util.Map<String, String[]> params() {
            return java.util.Map.of();
        }

        /** Writes the tables; returns the files written. */
        List<Path> write(Collection<RunResult> results, Path dir, RunRecord record, String command) throws Exception;
    }

    /** The environment line every markdown table starts with. */
    static String environment(RunRecord record, String command) {
        var f = record.fields();
        return "Measured in one run of `" + command + "` on " + f.get("available_processors") + " processors, thread budget "
                + f.get("threads") + ", OPENBLAS_CORETYPE=" + f.get("env_OPENBLAS_CORETYPE") + ", " + f.get("blas_version")
                + ", JDK " + f.get("java_version") + ", vector species " + f.get("vector_species") + ", commit "
                + f.get("git_commit") + ".\n";
    }

    /** The benchmark method's simple name. */
    static String method(RunResult r) {
        String m = r.getParams().getBenchmark();
        return m.substring(m.lastIndexOf('.') + 1);
    }
}
