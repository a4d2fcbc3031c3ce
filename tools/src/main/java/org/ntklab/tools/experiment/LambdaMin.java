package org.ntklab.tools.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ntklab.kernel.Activation;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.ThreadBudget;
import org.ntklab.tools.output.CsvTable;

/**
 * Seed 002 (Bombari, Amani &amp; Mondelli 2022): with minimum over-parameterisation — parameters of
 * order N, widths of order √N — the smallest eigenvalue of the NTK of a deep network with smooth
 * activation is bounded away from zero, λ_min(K) = Ω(d_{L−1} d_{L−2}). Their protocol: the
 * {@code bombari} preset (three layers, sigmoid, n₁ = n₂ = d, no bias, Kaiming-normal init), inputs
 * x ~ N(0, I_d), the partial NTK of the middle layer J₂J₂ᵀ = (G¹G¹ᵀ)∘(B²B²ᵀ), with d² = 1000·i.
 *
 * <p>Series: the partial NTK (the main grid over N and d), the full NTK and the ReLU variant (on
 * the variant N), and a sweep over N at a fixed ratio d²/N showing λ_min/d² stays bounded. Every
 * λ_min is a certified bracket; below d² = N the differentiated layer has fewer parameters than
 * samples and λ_min = 0 by rank, so the bracket's lower end is then ≤ 0 (no positivity to prove).
 * Evaluations run as tasks across the pool (each one's BLAS single-threaded; the budget rule),
 * their randomness keyed by (seed, series, N, d, repetition), so results do not depend on the
 * thread count. A throughput figure times the same workload against numpy/scipy.
 */
final class LambdaMin implements Experiment<LambdaMin.Spec> {

    /**
     * The spec.
     *
     * @param n                     sample sizes N of the main grid
     * @param dUnit                 d = ⌊√(d_unit · i)⌋
     * @param iFrom                 first i
     * @param iTo                   last i (inclusive)
     * @param iStep                 step of i
     * @param extraD2               further d² values (d = ⌊√·⌋) added to the grid, e.g. around the rank boundary d² = N
     * @param repetitions           networks and data sets per (N, d) of the main grid
     * @param variantN              sample sizes of the full-NTK and ReLU series (same d grid; empty: none)
     * @param variantRepetitions    repetitions per point of those series
     * @param sweepN                sample sizes of the fixed-ratio sweep (empty: none)
     * @param sweepRatio            d² / N in the sweep (d = ⌈√(ratio · N)⌉)
     * @param sweepRepetitions      repetitions per point of the sweep
     * @param throughputN           N of the throughput figure
     * @param throughputD           d of the throughput figure
     * @param throughputEvaluations evaluations timed (Java, task-parallel) and numpy repeats
     * @param numpyBaseline         time the numpy/scipy script too (skipped, and said so, when python3 or numpy is missing)
     * @param seed                  master seed
     */
    record Spec(List<Integer> n, int dUnit, int iFrom, int iTo, int iStep, List<Integer> extraD2, int repetitions, List<Integer> variantN,
                int variantRepetitions, List<Integer> sweepN, double sweepRatio, int sweepRepetitions, int throughputN,
                int throughputD, int throughputEvaluations, boolean numpyBaseline, long seed) implements ExperimentSpec {

        @Override
        public void validate() {
            ExperimentSpec.require(n != null && !n.isEmpty() && n.stream().allMatch(v -> v >= 2 && v <= 20000), "n",
                    "need sample sizes between 2 and 20000 (a dense N×N Gram)");
            ExperimentSpec.require(dUnit >= 1, "d_unit", "must be ≥ 1");
            ExperimentSpec.require(iFrom >= 1 && iTo >= iFrom && iStep >= 1, "i_to", "need 1 ≤ i_from ≤ i_to and i_step ≥ 1");
            ExperimentSpec.require((long) dUnit * iTo <= 4_000_000L, "i_to", "d² = d_unit·i_to must be at most 4,000,000 (d ≤ 2000)");
            ExperimentSpec.require(extraD2 != null && extraD2.stream().allMatch(v -> v >= 1 && v <= 4_000_000), "extra_d2",
                    "values must be 1..4,000,000 (an empty list adds none)");
            ExperimentSpec.require(repetitions >= 1 && repetitions <= 1000, "repetitions", "must be 1..1000");
            ExperimentSpec.require(variantN != null && variantN.stream().allMatch(v -> v >= 2 && v <= 20000), "variant_n",
                    "sizes must be between 2 and 20000 (an empty list skips the series)");
            ExperimentSpec.require(variantRepetitions >= 1 && variantRepetitions <= 1000, "variant_repetitions", "must be 1..1000");
            ExperimentSpec.require(sweepN != null && sweepN.stream().allMatch(v -> v >= 2 && v <= 20000), "sweep_n",
                    "sizes must be between 2 and 20000 (an empty list skips the sweep)");
            ExperimentSpec.require(sweepRatio > 0 && sweepRatio <= 1000, "sweep_ratio", "must be in (0, 1000]");
            ExperimentSpec.require(sweepRepetitions >= 1 && sweepRepetitions <= 1000, "sweep_repetitions", "must be 1..1000");
            ExperimentSpec.require(throughputN >= 2 && throughputN <= 20000, "throughput_n", "must be 2..20000");
            ExperimentSpec.require(throughputD >= 1 && throughputD <= 2000, "throughput_d", "must be 1..2000");
            ExperimentSpec.require(throughputEvaluations >= 1 && throughputEvaluations <= 100, "throughput_evaluations", "must be 1..100");
            long largest = java.util.stream.Stream.of(n, variantN, sweepN, List.of(throughputN)).flatMap(List::stream)
                    .mapToLong(Integer::longValue).max().orElse(0);
            // per task: the Gram, its Cholesky factor and Lanczos work space; tasks run side by side
            long bytes = 8L * largest * largest * 3 * ThreadBudget.threads();
            ExperimentSpec.require(bytes < Runtime.getRuntime().maxMemory(), "n",
                    "N = " + largest + " needs about " + (bytes >> 20) + " MiB with " + ThreadBudget.threads() + " tasks side by side, more than the heap");
        }

        /** The d grid, ascending: ⌊√(d_unit · i)⌋ for i = i_from, i_from + i_step, … ≤ i_to, and ⌊√v⌋ for v in extra_d2. */
        List<Integer> dims() {
            java.util.TreeSet<Integer> ds = new java.util.TreeSet<>();
            for (int i = iFrom; i <= iTo; i += iStep) {
                ds.add((int) Math.floor(Math.sqrt((double) dUnit * i)));
            }
            extraD2.forEach(v -> ds.add((int) Math.floor(Math.sqrt(v))));
            return new ArrayList<>(ds);
        }

        /** d of the sweep at size N: ⌈√(ratio · N)⌉. */
        int sweepDim(int size) {
            return (int) Math.ceil(Math.sqrt(sweepRatio * size));
        }
    }

    /** The measured series. */
    enum Series {
        PARTIAL("partial NTK (middle layer), sigmoid"),
        FULL("full NTK, sigmoid"),
        RELU("partial NTK (middle layer), ReLU"),
        SWEEP("partial NTK, sigmoid, fixed d²/N"),
        THROUGHPUT("throughput workload");

        final String label;

        Series(String label) {
            this.label = label;
        }

        /** The architecture at input dimension and widths d. */
        ArchitectureSpec spec(int d) {
            ArchitectureSpec s = Preset.BOMBARI.spec(d, 2, new int[] {d, d});
            return switch (this) {
                case FULL -> s.withTrainable(1, 2, 3);
                case RELU -> s.withActivation(Activation.relu());
                default -> s;
            };
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One evaluation to run. */
    record Job(Series series, int n, int d, int rep) {

        /** The random key: a function of the job alone (never of the scheduling). */
        long key(long seed) {
            long k = seed;
            for (long v : new long[] {series.ordinal(), n, d, rep}) {
                k = k * 0x9E3779B97F4A7C15L + v + 1;
            }
            return k;
        }
    }

    @Override
    public String name() {
        return "lambda-min";
    }

    @Override
    public String description() {
        return "certified λ_min of the (partial) NTK with minimum over-parameterisation (d² ≈ N) vs Ω(d_{L−1} d_{L−2})";
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    @Override
    public void run(Spec s, ExperimentContext ctx) throws Exception {
        List<Job> jobs = jobs(s);
        ctx.plan(jobs.size() + s.throughputEvaluations());
        ctx.record().put("compute_engine", PoolTasks.ENGINE_NOTE);
        LambdaMinEvaluation.Result[] results = evaluateAll(s, jobs, ctx);
        CsvTable csv = new CsvTable("series", "n", "d", "d_squared", "repetition", "parameters", "rank_deficient", "lambda_min_lower",
                "lambda_min_upper", "lambda_min_estimate", "lower_over_d2", "upper_over_d2", "residual", "converged", "factorisations",
                "solves", "seconds");
        Map<Series, Map<Integer, Map<Integer, LambdaMinStats>>> cells = new LinkedHashMap<>();
        for (int k = 0; k < jobs.size(); k++) {
            Job j = jobs.get(k);
            LambdaMinEvaluation.Result r = results[k];
            var b = r.bracket();
            double d2 = (double) j.d() * j.d();
            csv.add(j.series().id(), j.n(), j.d(), (long) j.d() * j.d(), j.rep(), r.parameters(), r.rankDeficient(j.n()), b.lower(),
                    b.upper(), b.value(), b.lower() / d2, b.upper() / d2, b.residual(), b.converged(), b.factorisations(), b.iterations(),
                    r.seconds());
            cells.computeIfAbsent(j.series(), x -> new LinkedHashMap<>()).computeIfAbsent(j.n(), x -> new TreeMap<>())
                    .computeIfAbsent(j.d(), x -> new LambdaMinStats(j.n(), j.d(), r.parameters())).add(b);
        }
        ctx.csv("lambda-min", csv);
        LambdaMinThroughput.Figure speed = LambdaMinThroughput.measure(s, ctx);
        LambdaMinReport report = new LambdaMinReport(s, cells, speed);
        plots(s, cells, ctx);
        ctx.record().put("lambda_min", report.facts()).put("throughput", speed.facts());
        ctx.summary(report.markdown());
    }

    /** Every evaluation of the spec, in output order. */
    static List<Job> jobs(Spec s) {
        List<Job> jobs = new ArrayList<>();
        for (int n : s.n()) {
            for (int d : s.dims()) {
                for (int r = 0; r < s.repetitions(); r++) {
                    jobs.add(new Job(Series.PARTIAL, n, d, r));
                }
            }
        }
        for (Series v : new Series[] {Series.FULL, Series.RELU}) {
            for (int n : s.variantN()) {
                for (int d : s.dims()) {
                    for (int r = 0; r < s.variantRepetitions(); r++) {
                        jobs.add(new Job(v, n, d, r));
                    }
                }
            }
        }
        for (int n : s.sweepN()) {
            for (int r = 0; r < s.sweepRepetitions(); r++) {
                jobs.add(new Job(Series.SWEEP, n, s.sweepDim(n), r));
            }
        }
        return jobs;
    }

    /** Runs the jobs as pool tasks ({@link PoolTasks}); results by job index. */
    static LambdaMinEvaluation.Result[] evaluateAll(Spec s, List<Job> jobs, ExperimentContext ctx) {
        LambdaMinEvaluation.Result[] out = new LambdaMinEvaluation.Result[jobs.size()];
        PoolTasks.run(jobs.size(), k -> cost(jobs.get(k)), k -> {
            Job j = jobs.get(k);
            out[k] = LambdaMinEvaluation.evaluate(j.series().spec(j.d()), j.n(), j.key(s.seed()));
            ctx.step();
        });
        return out;
    }

    /** Relative cost: Cholesky factorisations (N³) and the kernel (N² · widths). */
    private static double cost(Job j) {
        double n = j.n();
        return n * n * n + 4.0 * n * n * j.d();
    }

    private static void plots(Spec s, Map<Series, Map<Integer, Map<Integer, LambdaMinStats>>> cells, ExperimentContext ctx) {
        Map<Integer, Map<Integer, LambdaMinStats>> main = cells.getOrDefault(Series.PARTIAL, Map.of());
        // log d² axes: the paper's grid spans d² = 5,000 … 955,000 while the rank boundaries d² = N sit at 1,000 … 3,000
        XYChart raw = Plots.chart("λ_min of the partial NTK (middle layer), bombari preset, sigmoid", "d² (parameters of the middle layer)",
                "λ_min (mean of the certified estimates over repetitions)", true, false);
        XYChart scaled = Plots.chart("λ_min / d²: bounded away from 0 once d² ≳ N?", "d²", "λ_min / d²", true, false);
        int c = 0;
        double top = 0;
        for (var e : main.entrySet()) {
            for (LambdaMinStats st : e.getValue().values()) {
                top = Math.max(top, st.meanEstimate());
            }
        }
        for (var e : main.entrySet()) {
            java.awt.Color colour = Plots.PALETTE[c++ % Plots.PALETTE.length];
            int n = e.getKey();
            addSeries(raw, "N = " + n, e.getValue(), false).setMarkerColor(colour).setLineColor(colour);
            addSeries(scaled, "N = " + n, e.getValue(), true).setMarkerColor(colour).setLineColor(colour);
            rankLine(raw, n, top, colour);
            double topScaled = e.getValue().values().stream().mapToDouble(st -> st.meanEstimate() / st.d2()).max().orElse(1);
            rankLine(scaled, n, topScaled, colour);
        }
        ctx.plot("lambda-min", raw);
        ctx.plot("lambda-min-over-d2", scaled);
        XYChart variants = Plots.chart("λ_min / d² by variant (rank-deficient points, λ_min = 0, left out)", "d²", "λ_min / d²", true, true);
        c = 0;
        for (Series v : new Series[] {Series.PARTIAL, Series.FULL, Series.RELU}) {
            for (var e : cells.getOrDefault(v, Map.of()).entrySet()) {
                if (v != Series.PARTIAL || s.variantN().contains(e.getKey())) {
                    java.awt.Color colour = Plots.PALETTE[c++ % Plots.PALETTE.length];
                    Map<Integer, LambdaMinStats> positive = new TreeMap<>();
                    e.getValue().forEach((d, st) -> {
                        if (st.certifiedPositive() == st.count()) {
                            positive.put(d, st);
                        }
                    });
                    if (!positive.isEmpty()) {
                        addSeries(variants, v.label + ", N = " + e.getKey() + " (points certified λ_min > 0 only: log axis)", positive, true)
                                .setMarkerColor(colour).setLineColor(colour);
                    }
                }
            }
        }
        if (!variants.getSeriesMap().isEmpty()) {
            ctx.plot("lambda-min-variants", variants);
        }
        Map<Integer, Map<Integer, LambdaMinStats>> sweep = cells.getOrDefault(Series.SWEEP, Map.of());
        if (!sweep.isEmpty()) {
            XYChart sw = Plots.chart(String.format(Locale.ROOT, "fixed ratio d² = ⌈√(%.3g N)⌉²: λ_min / (d_{L−1} d_{L−2}) against N",
                    s.sweepRatio()), "N", "λ_min / d²", false, false);
            List<Double> ns = new ArrayList<>();
            List<Double> mean = new ArrayList<>();
            List<Double> low = new ArrayList<>();
            sweep.forEach((n, byD) -> byD.values().forEach(st -> {
                ns.add((double) n);
                mean.add(st.meanEstimate() / st.d2());
                low.add(st.minLower() / st.d2());
            }));
            Plots.line(sw, "mean of the estimates", toArray(ns), toArray(mean)).setMarker(SeriesMarkers.CIRCLE);
            Plots.points(sw, "smallest certified lower end", toArray(ns), toArray(low)).setMarker(SeriesMarkers.DIAMOND);
            ctx.plot("lambda-min-sweep", sw);
        }
    }

    private static XYSeries addSeries(XYChart chart, String name, Map<Integer, LambdaMinStats> byD, boolean overD2) {
        double[] x = new double[byD.size()];
        double[] y = new double[byD.size()];
        int k = 0;
        for (LambdaMinStats st : byD.values()) {
            x[k] = st.d2();
            y[k++] = overD2 ? st.meanEstimate() / st.d2() : st.meanEstimate();
        }
        XYSeries series = Plots.line(chart, name, x, y);
        series.setMarker(SeriesMarkers.CIRCLE);
        return series;
    }

    /** The rank boundary d² = N (the middle layer has d² parameters): λ_min = 0 to its left. */
    private static void rankLine(XYChart chart, int n, double top, java.awt.Color colour) {
        XYSeries line = Plots.line(chart, "d² = N = " + n + " (left: fewer parameters than samples, λ_min = 0)", new double[] {n, n},
                new double[] {0, top});
        line.setLineColor(colour);
        line.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
    }

    private static double[] toArray(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
