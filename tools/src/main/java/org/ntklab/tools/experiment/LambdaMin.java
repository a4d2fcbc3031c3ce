package org.ntklab.tools.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.ntklab.kernel.Activation;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.Preset;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.stats.Claim;
import org.ntklab.stats.Estimate;
import org.ntklab.stats.Interval;
import org.ntklab.stats.SlopeFit;
import org.ntklab.stats.TransitionFit;
import org.ntklab.stats.Verdict;
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
     * @param ntk                   the NTK of the main grid: {@code full} (every layer differentiated, the paper's Fig. 1) or
     *                              {@code partial} (the middle layer only, the quantity of its proof); the other is a variant
     * @param dUnit                 d = ⌊√(d_unit · i)⌋
     * @param iFrom                 first i
     * @param iTo                   last i (inclusive)
     * @param iStep                 step of i
     * @param extraD2               further d² values (d = ⌊√·⌋) added to the grid, e.g. around the rank boundary d² = N
     * @param repetitions           networks and data sets per (N, d) of the main grid
     * @param fitMinD2OverN         the slope verdicts fit the d with d² ≥ this · N (fixed from theory before the data: see the yaml)
     * @param headlineN             the N whose slope verdict is the headline (one of {@code n})
     * @param variantN              sample sizes of the variant series (the other NTK, and the ReLU partial NTK; same d grid; empty: none)
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
    record Spec(List<Integer> n, String ntk, int dUnit, int iFrom, int iTo, int iStep, List<Integer> extraD2, int repetitions, double fitMinD2OverN,
                int headlineN, List<Integer> variantN,
                int variantRepetitions, List<Integer> sweepN, double sweepRatio, int sweepRepetitions, int throughputN,
                int throughputD, int throughputEvaluations, boolean numpyBaseline, long seed) implements ExperimentSpec {

        @Override
        public void validate() {
            ExperimentSpec.require(n != null && !n.isEmpty() && n.stream().allMatch(v -> v >= 2 && v <= 20000), "n",
                    "need sample sizes between 2 and 20000 (a dense N×N Gram)");
            ExperimentSpec.require("full".equals(ntk) || "partial".equals(ntk), "ntk", "must be full or partial");
            ExperimentSpec.require(dUnit >= 1, "d_unit", "must be ≥ 1");
            ExperimentSpec.require(iFrom >= 1 && iTo >= iFrom && iStep >= 1, "i_to", "need 1 ≤ i_from ≤ i_to and i_step ≥ 1");
            ExperimentSpec.require((long) dUnit * iTo <= 4_000_000L, "i_to", "d² = d_unit·i_to must be at most 4,000,000 (d ≤ 2000)");
            ExperimentSpec.require(extraD2 != null && extraD2.stream().allMatch(v -> v >= 1 && v <= 4_000_000), "extra_d2",
                    "values must be 1..4,000,000 (an empty list adds none)");
            ExperimentSpec.require(repetitions >= 1 && repetitions <= 1000, "repetitions", "must be 1..1000");
            ExperimentSpec.require(fitMinD2OverN > 0 && Double.isFinite(fitMinD2OverN), "fit_min_d2_over_n", "must be positive");
            ExperimentSpec.require(n.contains(headlineN), "headline_n", "must be one of the sample sizes n " + n);
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

        /** The series of the main grid (and of the fixed-ratio sweep). */
        Series main() {
            return "full".equals(ntk) ? Series.FULL : Series.PARTIAL;
        }

        /** The variant series on {@code variant_n}: the other sigmoid NTK, then the ReLU partial NTK. */
        List<Series> variants() {
            return List.of(main() == Series.FULL ? Series.PARTIAL : Series.FULL, Series.RELU);
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
        SWEEP("main grid's NTK, sigmoid, fixed d²/N"),
        THROUGHPUT("throughput workload");

        final String label;

        Series(String label) {
            this.label = label;
        }

        /** The architecture at input dimension and widths d; the sweep measures the main grid's NTK. */
        ArchitectureSpec spec(Spec s, int d) {
            return this == SWEEP ? s.main().spec(s, d) : spec(d);
        }

        /** The architecture at input dimension and widths d (the sweep: the partial NTK). */
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

        /** The NTK's name without the activation, for statistic labels. */
        String shortLabel() {
            return this == FULL ? "full NTK" : "partial NTK";
        }

        /** The differentiated parameters' count in d (the rank bound is P = N). */
        String parameterFormula() {
            return this == FULL ? "2d² + d" : "d²";
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
        return "certified λ_min of the full NTK (and the partial one) with minimum over-parameterisation vs Ω(d_{L−1} d_{L−2})";
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
        Analysis analysis = analyse(s, cells);
        LambdaMinThroughput.Figure speed = LambdaMinThroughput.measure(s, ctx);
        LambdaMinReport report = new LambdaMinReport(s, cells, analysis, speed);
        plots(s, cells, analysis, ctx);
        ctx.record().put("lambda_min", report.facts()).put("throughput", speed.facts());
        ctx.verdicts(analysis.verdicts());
        ctx.summary(report.markdown());
    }

    /** The theorem's exponent of λ_min in d (λ_min ∝ d_{L−1}d_{L−2} = d²) and the competitor it excludes (λ_min ∝ d, one layer's width). */
    static final double SLOPE_CLAIMED = 2;
    static final double SLOPE_COMPETING = 1;
    /** At fixed d²/N: λ_min/d² flat in N (claimed) against λ_min ∝ d, which gives λ_min/d² ∝ 1/d ∝ N^{−1/2}. */
    static final double SWEEP_CLAIMED = 0;
    static final double SWEEP_COMPETING = -0.5;
    /** Every claim needs at least this many repetitions at each level (grid point) it uses. */
    static final int MIN_PER_LEVEL = 3;

    /**
     * The statistics of a run: the verdicts (headline first) and the fits behind them, for the report and figures.
     *
     * @param verdicts   the verdicts, headline first
     * @param slopes     per series and N, the log-log fit of λ_min against d over the window (absent: too few points)
     * @param sweep      the fit of λ_min/d² against N at fixed d²/N (null without a sweep)
     * @param transition the logistic fit of "certified λ_min &gt; 0" against log(P/N) (null when it could not be fitted)
     */
    record Analysis(List<Verdict> verdicts, Map<Series, Map<Integer, SlopeFit.Fit>> slopes, SlopeFit.Fit sweep,
                    TransitionFit.Result transition) {
    }

    /** The verdicts of the measured points (headline first); what {@link #run} writes to verdict.json. */
    static List<Verdict> verdicts(Spec s, Map<Series, Map<Integer, Map<Integer, LambdaMinStats>>> cells) {
        return analyse(s, cells).verdicts();
    }

    /**
     * The shared-statistics analysis. Per N of the main grid (the headline N first) and for the
     * full-NTK series: the log-log slope of λ_min in d over the d with d² ≥ fit_min_d2_over_n · N,
     * the repetitions at each d the replicates (fresh network and data), centred by the geometric
     * mean (λ_min spans decades), against 2 (λ_min ∝ d²) with competitor 1 (λ_min ∝ d). The sweep:
     * the slope of λ_min/d² in N at fixed d²/N, against 0 with competitor −1/2. The rank boundary:
     * the log(P/N) at which half the repetitions are certified λ_min &gt; 0 (Firth logistic fit over
     * every repetition of the main grid), claimed below log log N_min (the "parameters = N log N"
     * alternative). The ReLU series is fitted for the report but gets no verdict (not smooth: the
     * theorem does not cover it).
     */
    static Analysis analyse(Spec s, Map<Series, Map<Integer, Map<Integer, LambdaMinStats>>> cells) {
        List<Verdict> out = new ArrayList<>();
        Map<Series, Map<Integer, SlopeFit.Fit>> slopes = new LinkedHashMap<>();
        Map<Integer, Map<Integer, LambdaMinStats>> main = cells.getOrDefault(s.main(), Map.of());
        List<Integer> order = new ArrayList<>(s.n());
        order.remove(Integer.valueOf(s.headlineN()));
        order.add(0, s.headlineN());
        for (int n : order) {
            out.add(slopeVerdict(s, s.main(), n, main.getOrDefault(n, Map.of()), slopes));
        }
        SlopeFit.Fit sweepFit = null;
        Map<Integer, Map<Integer, LambdaMinStats>> sweep = cells.getOrDefault(Series.SWEEP, Map.of());
        if (!sweep.isEmpty()) {
            List<double[]> levels = new ArrayList<>();
            List<Double> xs = new ArrayList<>();
            sweep.forEach((n, byD) -> byD.values().forEach(st -> {
                xs.add((double) n);
                levels.add(java.util.Arrays.stream(st.estimates()).map(v -> v / st.d2()).toArray());
            }));
            Claim claim = Claim.equal(String.format(Locale.ROOT, "at fixed d²/N (d = ⌈√(%s·N)⌉) λ_min/(d_{L−1}d_{L−2}) stays bounded away "
                            + "from 0 as N grows: flat in N (competitor −1/2: λ_min ∝ d, so λ_min/d² ∝ N^{−1/2})", fmt(s.sweepRatio())),
                    "log-log slope of λ_min/d² in N at fixed d²/N, " + s.main().shortLabel(), SWEEP_CLAIMED, SWEEP_COMPETING)
                    .withMinReplicates(MIN_PER_LEVEL * Math.max(1, xs.size()));
            Fitted f = fit(xs.stream().mapToDouble(Double::doubleValue).toArray(), levels.toArray(double[][]::new));
            sweepFit = f.fit();
            out.add(claim.judge(f.estimate()));
        }
        TransitionFit.Result transition = null;
        if (!main.isEmpty()) {
            List<Double> u = new ArrayList<>();
            List<Boolean> ok = new ArrayList<>();
            int points = 0;
            int nMin = Integer.MAX_VALUE;
            for (var e : main.entrySet()) {
                nMin = Math.min(nMin, e.getKey());
                for (LambdaMinStats st : e.getValue().values()) {
                    points++;
                    for (int r = 0; r < st.count(); r++) {
                        u.add(Math.log((double) st.parameters() / st.n()));
                        ok.add(st.certified(r));
                    }
                }
            }
            double boundary = Math.log(Math.log(nMin));
            Claim claim = Claim.less(String.format(Locale.ROOT, "λ_min > 0 is certified from about as many differentiated parameters as "
                            + "samples (P = %s ≈ N, the rank bound: minimum over-parameterisation), not only from P = N log N "
                            + "(log(P/N) = log log N = %.3f at the smallest N = %d)", s.main().parameterFormula(), boundary, nMin),
                    "log(P/N) at which half the repetitions are certified λ_min > 0, " + s.main().shortLabel() + ", all N", boundary)
                    .withMinReplicates(MIN_PER_LEVEL * Math.max(1, points));
            Estimate e;
            try {
                boolean[] y = new boolean[ok.size()];
                for (int i = 0; i < y.length; i++) {
                    y[i] = ok.get(i);
                }
                transition = TransitionFit.point(u.stream().mapToDouble(Double::doubleValue).toArray(), y, Interval.LEVEL);
                e = transition.threshold();
            } catch (RuntimeException ex) {
                e = new Estimate(Double.NaN, Interval.unbounded(Interval.LEVEL), u.size(), "no logistic fit: " + ex.getMessage());
            }
            out.add(claim.judge(e));
        }
        Series other = s.variants().get(0);
        for (int n : s.variantN()) {
            out.add(slopeVerdict(s, other, n, cells.getOrDefault(other, Map.of()).getOrDefault(n, Map.of()), slopes));
            Map<Integer, LambdaMinStats> relu = cells.getOrDefault(Series.RELU, Map.of()).getOrDefault(n, Map.of());
            Fitted f = window(s, n, relu);
            if (f.fit() != null) {
                slopes.computeIfAbsent(Series.RELU, k -> new TreeMap<>()).put(n, f.fit());
            }
        }
        return new Analysis(out, slopes, sweepFit, transition);
    }

    /** A fit (null when it could not be made) and the estimate to judge (NaN with an unbounded interval then). */
    private record Fitted(SlopeFit.Fit fit, Estimate estimate) {
    }

    private static Verdict slopeVerdict(Spec s, Series series, int n, Map<Integer, LambdaMinStats> byD,
                                        Map<Series, Map<Integer, SlopeFit.Fit>> slopes) {
        Fitted f = window(s, n, byD);
        if (f.fit() != null) {
            slopes.computeIfAbsent(series, k -> new TreeMap<>()).put(n, f.fit());
        }
        int levels = (int) byD.values().stream().filter(st -> st.d2() >= s.fitMinD2OverN() * n).count();
        String which = series == Series.FULL ? "full NTK (all layers, the paper's Fig. 1)"
                : "partial NTK (middle layer, the quantity the proof bounds; ≤ the full NTK)";
        Claim claim = Claim.equal(String.format(Locale.ROOT, "λ_min(K) = Ω(d_{L−1}d_{L−2}) (Bombari, Amani & Mondelli 2022) and "
                        + "λ_min ≤ tr K/N = O(d²), so λ_min ∝ d² once d² ≫ N; %s, sigmoid, N = %d", which, n),
                String.format(Locale.ROOT, "log-log slope of λ_min in d over d² ≥ %s·N, %s, N = %d", fmt(s.fitMinD2OverN()),
                        series.shortLabel(), n), SLOPE_CLAIMED, SLOPE_COMPETING)
                .withMinReplicates(MIN_PER_LEVEL * Math.max(1, levels));
        return claim.judge(f.estimate());
    }

    /** The slope of λ_min in d over the window d² ≥ fit_min_d2_over_n · N. */
    private static Fitted window(Spec s, int n, Map<Integer, LambdaMinStats> byD) {
        List<Double> xs = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        for (LambdaMinStats st : byD.values()) {
            if (st.d2() >= s.fitMinD2OverN() * n) {
                xs.add((double) st.d());
                ys.add(st.estimates());
            }
        }
        return fit(xs.stream().mapToDouble(Double::doubleValue).toArray(), ys.toArray(double[][]::new));
    }

    /** SlopeFit.acrossLevels with geometric-mean centres, or an unbounded estimate saying why it cannot be made. */
    private static Fitted fit(double[] x, double[][] y) {
        int total = java.util.Arrays.stream(y).mapToInt(v -> v.length).sum();
        try {
            SlopeFit.Fit f = SlopeFit.acrossLevels(x, y, SlopeFit.Centre.GEOMETRIC_MEAN, Interval.LEVEL);
            return new Fitted(f, f.slope());
        } catch (IllegalArgumentException e) {
            return new Fitted(null, new Estimate(Double.NaN, Interval.unbounded(Interval.LEVEL), total, "no fit: " + e.getMessage()));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /** Every evaluation of the spec, in output order. */
    static List<Job> jobs(Spec s) {
        List<Job> jobs = new ArrayList<>();
        for (int n : s.n()) {
            for (int d : s.dims()) {
                for (int r = 0; r < s.repetitions(); r++) {
                    jobs.add(new Job(s.main(), n, d, r));
                }
            }
        }
        for (Series v : s.variants()) {
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
            out[k] = ctx.unit("lambda-min " + j, LambdaMinEvaluation.Result.class,
                    () -> LambdaMinEvaluation.evaluate(j.series().spec(s, j.d()), j.n(), j.key(s.seed())));
            ctx.step();
        });
        return out;
    }

    /** Relative cost: Cholesky factorisations (N³) and the kernel (N² · widths). */
    private static double cost(Job j) {
        double n = j.n();
        return n * n * n + 4.0 * n * n * j.d();
    }

    private static void plots(Spec s, Map<Series, Map<Integer, Map<Integer, LambdaMinStats>>> cells, Analysis analysis, ExperimentContext ctx) {
        Map<Integer, Map<Integer, LambdaMinStats>> main = cells.getOrDefault(s.main(), Map.of());
        XYChart raw = Plots.chart("λ_min of the " + s.main().label + ": points with every repetition > 0",
                "d² = d_{L−1}d_{L−2} (d the width of each hidden layer)", "λ_min (geometric mean, 95 % CI over repetitions)", true, true);
        XYChart scaled = Plots.chart("λ_min / d² against d² (" + s.main().shortLabel() + "): flat once d² ≫ N?", "d² = d_{L−1}d_{L−2}",
                "λ_min / d² (geometric mean, 95 % CI)", true, true);
        int c = 0;
        for (var e : main.entrySet()) {
            Plots.Meaning m = Plots.Meaning.series(c++);
            int n = e.getKey();
            errorBars(raw, "N = " + n, e.getValue(), false, m);  // against d², as in the paper's figure
            errorBars(scaled, "N = " + n, e.getValue(), true, m);
            SlopeFit.Fit f = analysis.slopes().getOrDefault(s.main(), Map.of()).get(n);
            if (f != null) {
                double[] ds = {f.x()[0], f.x()[f.x().length - 1]};
                double[] xs = {ds[0] * ds[0], ds[1] * ds[1]};
                XYSeries line = Plots.line(raw, String.format(Locale.ROOT, "N = %d: fit over d² ≥ %s·N, slope in d %.2f [%.2f, %.2f]", n,
                        fmt(s.fitMinD2OverN()), f.slope().value(), f.slope().low(), f.slope().high()), xs, new double[] {f.at(ds[0]), f.at(ds[1])}, m);
                line.setLineWidth(2.5f);
                if (n == s.headlineN()) {
                    Plots.slopeGuide(raw, "theory: λ_min ∝ d² (slope 1 against d²), from the N = " + n + " fit's start", xs[0], f.at(ds[0]), xs[1],
                            SLOPE_CLAIMED / 2);
                }
            }
        }
        ctx.plot("lambda-min", raw);
        ctx.plot("lambda-min-over-d2", scaled);
        XYChart variants = Plots.chart("λ_min / d² by variant (points with every repetition > 0)", "d² = d_{L−1}d_{L−2}",
                "λ_min / d² (geometric mean, 95 % CI)", true, true);
        c = 0;
        List<Series> all = new ArrayList<>(List.of(s.main()));
        all.addAll(s.variants());
        for (Series v : all) {
            for (var e : cells.getOrDefault(v, Map.of()).entrySet()) {
                if (v != s.main() || s.variantN().contains(e.getKey())) {
                    errorBars(variants, v.label + ", N = " + e.getKey(), e.getValue(), true, Plots.Meaning.series(c++));
                }
            }
        }
        if (!variants.getSeriesMap().isEmpty()) {
            ctx.plot("lambda-min-variants", variants);
        }
        Map<Integer, Map<Integer, LambdaMinStats>> sweep = cells.getOrDefault(Series.SWEEP, Map.of());
        if (!sweep.isEmpty()) {
            XYChart sw = Plots.chart(String.format(Locale.ROOT, "fixed ratio d = ⌈√(%s·N)⌉: λ_min / (d_{L−1} d_{L−2}) against N",
                    fmt(s.sweepRatio())), "N (samples)", "λ_min / d² (geometric mean, 95 % CI)", true, true);
            Map<Integer, LambdaMinStats> byN = new TreeMap<>();
            sweep.forEach((n, byD) -> byD.values().forEach(st -> byN.put(n, st)));
            double[][] bars = bars(byN.values(), true);
            if (bars[0].length > 0) {
                double[] ns = byN.values().stream().filter(st -> positive(st)).mapToDouble(LambdaMinStats::n).toArray();
                Plots.errorBars(sw, "measured (" + s.sweepRepetitions() + " repetitions per N)", ns, bars[1], bars[2], bars[3],
                        Plots.Meaning.MEASURED);
                SlopeFit.Fit f = analysis.sweep();
                if (f != null) {
                    double[] xs = {f.x()[0], f.x()[f.x().length - 1]};
                    Plots.line(sw, String.format(Locale.ROOT, "fit: slope %.2f [%.2f, %.2f]", f.slope().value(), f.slope().low(), f.slope().high()),
                            xs, new double[] {f.at(xs[0]), f.at(xs[1])}, Plots.Meaning.FIT);
                    Plots.slopeGuide(sw, "theory: slope 0 (λ_min ∝ d²)", xs[0], f.at(xs[0]), xs[1], SWEEP_CLAIMED);
                }
                ctx.plot("lambda-min-sweep", sw);
            }
        }
        TransitionFit.Result t = analysis.transition();
        if (t != null && !main.isEmpty()) {
            XYChart tr = Plots.chart("rank boundary: share of repetitions certified λ_min > 0 (" + s.main().shortLabel() + ")",
                    "P / N (differentiated parameters per sample, P = " + s.main().parameterFormula() + ")",
                    "share certified λ_min > 0", true, false);
            c = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = 0;
            for (var e : main.entrySet()) {
                List<LambdaMinStats> near = e.getValue().values().stream().filter(st -> st.d2() <= 20.0 * st.n()).toList();
                double[] x = near.stream().mapToDouble(st -> (double) st.parameters() / st.n()).toArray();
                double[] y = near.stream().mapToDouble(st -> (double) st.certifiedPositive() / st.count()).toArray();
                for (double v : x) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
                Plots.points(tr, "N = " + e.getKey(), x, y, Plots.Meaning.series(c++));
            }
            double b0 = t.model().beta()[0];
            double b1 = t.model().beta()[1];
            double l0 = lo;
            double l1 = hi;
            double[] xs = java.util.stream.IntStream.rangeClosed(0, 200).mapToDouble(i -> Math.exp(Math.log(l0) + i * (Math.log(l1) - Math.log(l0)) / 200))
                    .toArray();
            double[] ps = java.util.Arrays.stream(xs).map(x -> 1 / (1 + Math.exp(-(b0 + b1 * Math.log(x))))).toArray();
            Estimate th = t.threshold();
            // pooled over the N series, so drawn black rather than in one series' colour
            Plots.line(tr, String.format(Locale.ROOT, "Firth logistic fit over all N, 50 %% at P/N = %.3f [%.3f, %.3f]", Math.exp(th.value()),
                    Math.exp(th.low()), Math.exp(th.high())), xs, ps, Plots.Meaning.FIT).setLineColor(java.awt.Color.BLACK);
            Plots.line(tr, "rank bound: λ_min = 0 below P = N", new double[] {1, 1}, new double[] {0, 1}, Plots.Meaning.THEORY);
            ctx.plot("lambda-min-transition", tr);
        }
    }

    private static boolean positive(LambdaMinStats st) {
        return java.util.Arrays.stream(st.estimates()).allMatch(v -> v > 0);
    }

    /** Rows {d², geometric mean, CI low, CI high} of λ_min (or λ_min/d² when {@code overD2}) at the points whose estimates are all positive. */
    private static double[][] bars(java.util.Collection<LambdaMinStats> points, boolean overD2) {
        List<double[]> rows = new ArrayList<>();
        for (LambdaMinStats st : points) {
            if (!positive(st) || st.count() < 2) {
                continue;
            }
            double scale = overD2 ? st.d2() : 1;
            double[] logs = java.util.Arrays.stream(st.estimates()).map(v -> Math.log(v / scale)).toArray();
            org.ntklab.stats.Replicates.Summary sum = org.ntklab.stats.Replicates.summarise(logs);
            rows.add(new double[] {st.d2(), Math.exp(sum.mean()), Math.exp(sum.ci().low()), Math.exp(sum.ci().high())});
        }
        double[][] out = new double[4][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < 4; k++) {
                out[k][i] = rows.get(i)[k];
            }
        }
        return out;
    }

    private static void errorBars(XYChart chart, String name, Map<Integer, LambdaMinStats> byD, boolean overD2, Plots.Meaning m) {
        double[][] b = bars(byD.values(), overD2);
        if (b[0].length > 0) {
            Plots.errorBars(chart, name, b[0], b[1], b[2], b[3], m);
        }
    }
}
