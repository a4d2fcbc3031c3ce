package org.ntklab.tools.experiment;


import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.ntklab.data.Domains;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;
import org.ntklab.net.ParameterStreams;
import org.ntklab.stats.Bootstrap;
import org.ntklab.stats.Claim;
import org.ntklab.stats.Estimate;
import org.ntklab.stats.Interval;
import org.ntklab.stats.Replicates;
import org.ntklab.stats.SlopeFit;
import org.ntklab.stats.Verdict;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.train.FlowPredictions;
import org.ntklab.train.GaussianProcessPrior;
import org.ntklab.train.KernelGradientFlow;
import org.ntklab.train.ProgressListener;
import org.ntklab.train.Trainer;
import org.ntklab.train.TrainingConfig;
import org.ntklab.train.TrainingData;
import org.ntklab.train.TrainingRecord;
import org.ntklab.train.TrainingResult;

/**
 * Seeds 000/001 (Chen, Li &amp; Lin 2024): the generalisation error of wide networks trained by
 * gradient flow from standard vs mirrored initialisation. Inputs are uniform on the unit ball
 * (a domain with smooth boundary); the target is a finite combination of NTK sections
 * f* = Σ_k a_k Θ(·, z_k), which lies in [H^NT]^s for every s &lt; (d+2)/(d+1) (its coefficients in
 * the eigenbasis are λ_j e_j(z_k), so Σ_j a_j²/λ_j^s &lt; ∞ iff (2 − s)β &gt; 1 with λ_j ≍ j^{−β},
 * β = (d+1)/d) — above the threshold 3/(d+1) for d ≥ 2. Labels carry Gaussian noise.
 *
 * <p>Predictors: the kernel gradient flow with the analytic NTK from 0 (mirrored initialisation's
 * infinite-width limit) and from a GP sample f^GP ~ GP(0, Σ) drawn jointly on train and test
 * points (standard initialisation's limit), for many n; and wide networks trained by gradient
 * descent from both initialisations for smaller n. Errors ‖f − f*‖²_{L²} are Monte-Carlo estimates
 * on a fresh test sample over a log-spaced time grid; each n's oracle stopping time is the grid
 * time with the smallest mean error over the trials. Theory: standard ≍ n^{−3/(d+3)}, mirrored
 * n^{−sβ/(sβ+1)} with sβ → (d+2)/d, i.e. −(d+2)/(2d+2); the verdicts ({@link #verdicts}) judge
 * the slopes in n against these values with intervals over independent trials.
 */
final class InitGeneralization implements Experiment<InitGeneralization.Spec> {

    /**
     * The spec.
     *
     * @param dims           input dimensions d
     * @param depth          hidden layers of the chen-li-lin network
     * @param nKernel        training sizes for the kernel predictors (a log grid)
     * @param nNetwork       training sizes for the trained networks
     * @param trials         trials per n for the kernel predictors
     * @param networkTrials  trials per n for the networks
     * @param width          hidden width of the trained networks
     * @param nTest          fresh test points per trial
     * @param noise          label noise standard deviation
     * @param centres        kernel sections in the target
     * @param timeMin        smallest time of the KGF grid
     * @param timeMax        largest time ("the end")
     * @param timeCount      number of grid times
     * @param networkTime    gradient-descent training time of the networks
     * @param seed           master seed
     */
    record Spec(List<Integer> dims, int depth, List<Integer> nKernel, List<Integer> nNetwork, int trials, int networkTrials,
                int width, int nTest, double noise, int centres, double timeMin, double timeMax, int timeCount, double networkTime,
                long seed) implements ExperimentSpec {

        @Override
        public void validate() {
            ExperimentSpec.require(dims != null && !dims.isEmpty() && dims.stream().allMatch(d -> d >= 2 && d <= 100), "dims",
                    "need input dimensions between 2 and 100");
            ExperimentSpec.require(depth >= 1 && depth <= 10, "depth", "must be 1..10");
            ExperimentSpec.require(nKernel != null && nKernel.size() >= 3 && nKernel.stream().allMatch(n -> n >= 10 && n <= 20000),
                    "n_kernel", "need at least 3 sizes between 10 and 20000 (a slope needs 3 points)");
            ExperimentSpec.require(nNetwork != null && nNetwork.stream().allMatch(n -> n >= 10 && n <= 5000), "n_network",
                    "sizes must be between 10 and 5000 (an empty list skips the networks)");
            ExperimentSpec.require(nNetwork.isEmpty() || nNetwork.size() >= 3, "n_network", "need 0 or at least 3 sizes");
            ExperimentSpec.require(nKernel.size() <= 50, "n_kernel", "at most 50 sizes");
            ExperimentSpec.require(nNetwork.size() <= 50, "n_network", "at most 50 sizes");
            ExperimentSpec.require(trials >= 1 && trials <= 1000, "trials", "must be 1..1000");
            ExperimentSpec.require(networkTrials >= 1 && networkTrials <= 1000, "network_trials", "must be 1..1000");
            ExperimentSpec.require(width >= 8 && width <= 8192, "width", "must be 8..8192");
            ExperimentSpec.require(nTest >= 10 && nTest <= 100000, "n_test", "must be 10..100000");
            ExperimentSpec.require(noise >= 0 && Double.isFinite(noise), "noise", "must be finite and ≥ 0");
            ExperimentSpec.require(centres >= 1 && centres <= 1000, "centres", "must be 1..1000");
            ExperimentSpec.require(timeMin > 0 && timeMax > timeMin && Double.isFinite(timeMax), "time_max", "need 0 < time_min < time_max");
            ExperimentSpec.require(timeCount >= 2 && timeCount <= 1000, "time_count", "must be 2..1000");
            ExperimentSpec.require(networkTime > 0 && Double.isFinite(networkTime), "network_time", "must be positive");
            long largest = nKernel.stream().mapToLong(Integer::longValue).max().orElse(0) + nTest;
            ExperimentSpec.require(8 * largest * largest * 3 < Runtime.getRuntime().maxMemory(), "n_kernel",
                    "the largest size needs " + (24 * largest * largest >> 20) + " MiB for its kernel matrices, more than the heap");
        }
    }

    @Override
    public String name() {
        return "init-generalization";
    }

    @Override
    public String description() {
        return "error rates of standard vs mirrored initialisation (networks and KGF) vs n^{-3/(d+3)} and n^{-sβ/(sβ+1)}";
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    /** Fewer trials than this at some n leave a slope verdict inconclusive: an interval needs a spread. */
    static final int MIN_TRIALS_PER_N = 3;
    /**
     * The difference of the two slopes is bootstrapped over trials (paired: standard and mirrored of
     * one trial share its data); with fewer trials per n than this a bootstrap interval does not
     * cover, and the difference is reported without one (inconclusive).
     */
    static final int MIN_TRIALS_FOR_DIFFERENCE = 10;

    /** The exponent of standard initialisation, −3/(d+3) (f^GP ∈ [H]^s only for s &lt; 3/(d+1)). */
    static double standardExponent(int d) {
        return -3.0 / (d + 3);
    }

    /** The exponent of mirrored initialisation for this target, −sβ/(sβ+1) with sβ → (d+2)/d: −(d+2)/(2d+2). */
    static double mirroredExponent(int d) {
        return -(d + 2.0) / (2.0 * d + 2);
    }

    /**
     * One predictor family's errors at one d at the oracle stopping time of each n, paired by trial:
     * the standard and mirrored predictors of trial i at size n[k] are trained on the same data and
     * tested on the same points; different trials and different n use independent data.
     *
     * @param d        input dimension
     * @param network  trained networks (else the kernel predictors of width ∞)
     * @param n        training sizes
     * @param standard {@code standard[k][i]}: trial i at n[k], standard initialisation
     * @param mirrored {@code mirrored[k][i]}: the same trial, mirrored initialisation
     */
    record Rates(int d, boolean network, double[] n, double[][] standard, double[][] mirrored) {
    }

    /**
     * The verdicts, headline first (the kernel predictor from f^GP at the first d): per d and
     * predictor family, (a) the log-log slope in n of the mean error of the standard predictor
     * = −3/(d+3) against −(d+2)/(2d+2); (b) that of the mirrored predictor = −(d+2)/(2d+2) against
     * −3/(d+3); (c) slope(mirrored) − slope(standard) &lt; 0. Slopes: {@link SlopeFit#acrossLevels}
     * over the trials at each n; (c): BCa bootstrap over trials, resampled within each n and paired.
     *
     * @param rates per d, the kernel predictors then (if any) the networks, in the order of the dims
     * @param seed  the bootstrap's seed (the spec's seed)
     */
    static List<Verdict> verdicts(List<Rates> rates, long seed, double level) {
        List<Verdict> out = new ArrayList<>();
        for (Rates r : rates) {
            int d = r.d();
            int levels = r.n().length;
            String who = r.network() ? "wide networks trained" : "kernel gradient flow (width ∞)";
            String verb = r.network() ? "generalise" : "generalises";
            String stat = "log-log slope in n of the mean L² error ‖f − f*‖² at the oracle stopping time, " + (r.network() ? "trained network, " : "KGF, ");
            String where = ", d = " + d;
            Claim standard = Claim.equal(String.format(Locale.ROOT, "%s from standard initialisation %s at Θ(n^{−3/(d+3)}) = n^{%.4f} "
                            + "(Chen, Li & Lin 2024: the initial f^GP lies in [H^NT]^s only for s < 3/(d+1))", who, verb, standardExponent(d)),
                    stat + (r.network() ? "standard init" : "from f^GP") + where, standardExponent(d), mirroredExponent(d))
                    .withMinReplicates(MIN_TRIALS_PER_N * levels);
            Claim mirrored = Claim.equal(String.format(Locale.ROOT, "%s from mirrored initialisation (output 0 at t = 0) %s at n^{−sβ/(sβ+1)} "
                            + "= n^{%.4f} for this f* (sβ → (d+2)/d) (Chen, Li & Lin 2024)", who, verb, mirroredExponent(d)),
                    stat + (r.network() ? "mirrored init" : "from 0") + where, mirroredExponent(d), standardExponent(d))
                    .withMinReplicates(MIN_TRIALS_PER_N * levels);
            Claim faster = Claim.less("the error from mirrored initialisation falls faster in n than from standard initialisation "
                            + "(Chen, Li & Lin 2024: mirrored " + fmt(mirroredExponent(d)) + " vs standard " + fmt(standardExponent(d)) + ")",
                    "slope(mirrored) − slope(standard), each the " + stat.replace(", trained network, ", ", trained networks").replace(", KGF, ", ", KGF") + where,
                    0.0).withMinReplicates(MIN_TRIALS_FOR_DIFFERENCE * levels);
            out.add(standard.judge(slope(r.n(), r.standard(), level)));
            out.add(mirrored.judge(slope(r.n(), r.mirrored(), level)));
            out.add(faster.judge(difference(r, seed * 1_000_003L + 97L * d + (r.network() ? 1 : 0), level)));
        }
        return out;
    }

    /** The slope of log(mean error) on log n with the replicate interval (none if some n has a single trial). */
    static Estimate slope(double[] n, double[][] y, double level) {
        return SlopeFit.acrossLevels(n, y, SlopeFit.Centre.MEAN, level).slope();
    }

    /** slope(mirrored) − slope(standard), BCa bootstrap over the trials (resampled within each n, pairs kept). */
    static Estimate difference(Rates r, long seed, double level) {
        double[] lx = logs(r.n());
        int m = lx.length;
        int[] sizes = new int[m];
        int fewest = Integer.MAX_VALUE;
        int total = 0;
        for (int k = 0; k < m; k++) {
            if (r.standard()[k].length != r.mirrored()[k].length) {
                throw new IllegalArgumentException("standard and mirrored trials at n = " + r.n()[k] + " are not paired");
            }
            sizes[k] = r.standard()[k].length;
            fewest = Math.min(fewest, sizes[k]);
            total += sizes[k];
        }
        Bootstrap.Statistic diff = idx -> SlopeFit.ols(lx, logMeans(r.mirrored(), idx))[1] - SlopeFit.ols(lx, logMeans(r.standard(), idx))[1];
        if (fewest < MIN_TRIALS_FOR_DIFFERENCE) {
            return new Estimate(diff.apply(null), Interval.unbounded(level), total,
                    "no interval: fewer than " + MIN_TRIALS_FOR_DIFFERENCE + " trials per n are too few for a bootstrap");
        }
        return new Bootstrap(seed).run(sizes, diff).bcaEstimate(level);
    }

    /** log of the mean of y[k] over the trials idx[k] (all trials when idx is null). */
    private static double[] logMeans(double[][] y, int[][] idx) {
        double[] l = new double[y.length];
        for (int k = 0; k < y.length; k++) {
            double s = 0;
            int c = idx == null ? y[k].length : idx[k].length;
            for (int j = 0; j < c; j++) {
                s += y[k][idx == null ? j : idx[k][j]];
            }
            l[k] = Math.log(s / c);
        }
        return l;
    }

    private static double[] logs(double[] x) {
        double[] l = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            l[i] = Math.log(x[i]);
        }
        return l;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Predictor names in the CSV and the figures. */
    private enum Predictor {
        KGF_STANDARD("kgf_standard", "KGF from f^GP (standard init, width ∞)"),
        KGF_MIRRORED("kgf_mirrored", "KGF from 0 (mirrored init, width ∞)"),
        NETWORK_STANDARD("network_standard", "network, standard init"),
        NETWORK_MIRRORED("network_mirrored", "network, mirrored init");

        final String code;
        final String label;

        Predictor(String code, String label) {
            this.code = code;
            this.label = label;
        }

        boolean standard() {
            return this == KGF_STANDARD || this == NETWORK_STANDARD;
        }
    }

    /**
     * One predictor's error curves at one d: {@code curves[k][i][j]} the test error of trial i at
     * n[k] at time times[j]; the oracle stopping time of n[k] is the grid time that minimises the
     * mean over trials, and the trials' errors at that time are the replicates.
     */
    private record Curves(Predictor predictor, double[] n, double[] times, double[][][] curves) {

        int stop(int k) {
            int best = 0;
            double b = Double.POSITIVE_INFINITY;
            for (int j = 0; j < times.length; j++) {
                double s = 0;
                for (double[] trial : curves[k]) {
                    s += trial[j];
                }
                if (s < b) {
                    b = s;
                    best = j;
                }
            }
            return best;
        }

        double[][] stopped() {
            double[][] y = new double[n.length][];
            for (int k = 0; k < n.length; k++) {
                int j = stop(k);
                y[k] = new double[curves[k].length];
                for (int i = 0; i < y[k].length; i++) {
                    y[k][i] = curves[k][i][j];
                }
            }
            return y;
        }
    }

    @Override
    public void run(Spec s, ExperimentContext ctx) {
        ctx.plan((long) s.dims().size() * (s.nKernel().size() * s.trials() + 2L * s.nNetwork().size() * s.networkTrials()));
        CsvTable raw = new CsvTable("d", "predictor", "n", "trial", "error_stopped", "time_stopped", "error_trial_best", "time_trial_best",
                "error_end");
        CsvTable curvesCsv = new CsvTable("d", "predictor", "n", "trial", "time", "error");
        List<Rates> rates = new ArrayList<>();
        Map<Integer, List<Curves>> byDim = new LinkedHashMap<>();
        for (int d : s.dims()) {
            List<Curves> cs = runDimension(s, d, ctx);
            byDim.put(d, cs);
            for (Curves c : cs) {
                write(raw, curvesCsv, d, c);
            }
            rates.add(new Rates(d, false, cs.get(0).n(), cs.get(0).stopped(), cs.get(1).stopped()));
            if (cs.size() > 2) {
                rates.add(new Rates(d, true, cs.get(2).n(), cs.get(2).stopped(), cs.get(3).stopped()));
            }
        }
        List<Verdict> verdicts = verdicts(rates, s.seed(), Interval.LEVEL);
        ctx.csv("errors", raw);
        ctx.csv("error-curves", curvesCsv);
        Map<String, Object> fitted = new LinkedHashMap<>();
        for (Map.Entry<Integer, List<Curves>> e : byDim.entrySet()) {
            plot(ctx, s, e.getKey(), e.getValue(), fitted);
        }
        ctx.record().put("fits", fitted);
        ctx.summary(summary(s, rates, byDim, verdicts));
        ctx.verdicts(verdicts);
    }

    private static void write(CsvTable raw, CsvTable curvesCsv, int d, Curves c) {
        for (int k = 0; k < c.n().length; k++) {
            int stop = c.stop(k);
            for (int i = 0; i < c.curves()[k].length; i++) {
                double[] e = c.curves()[k][i];
                int best = 0;
                for (int j = 0; j < e.length; j++) {
                    best = e[j] < e[best] ? j : best;
                    curvesCsv.add(d, c.predictor().code, (int) c.n()[k], i, c.times()[j], e[j]);
                }
                raw.add(d, c.predictor().code, (int) c.n()[k], i, e[stop], c.times()[stop], e[best], c.times()[best], e[e.length - 1]);
            }
        }
    }

    /** The four predictors' error curves at d (the networks only when n_network is not empty). */
    private List<Curves> runDimension(Spec s, int d, ExperimentContext ctx) {
        ArchitectureSpec arch = Preset.CHEN_LI_LIN.spec(d, s.depth(), null);
        AnalyticKernel kernel = new AnalyticKernel(arch);
        Target target = Target.draw(kernel, d, s.centres(), s.seed());
        double[] times = new double[s.timeCount()];
        for (int k = 0; k < times.length; k++) {
            times[k] = s.timeMin() * Math.pow(s.timeMax() / s.timeMin(), (double) k / (times.length - 1));
        }
        int sizes = s.nKernel().size();
        double[][][] std = new double[sizes][s.trials()][];
        double[][][] mir = new double[sizes][s.trials()][];
        for (int a = 0; a < sizes; a++) {
            int n = s.nKernel().get(a);
            for (int t = 0; t < s.trials(); t++) {
                int a0 = a;
                int t0 = t;
                // one resumable unit per trial: the two KGF error curves, standard then mirrored
                double[][] both = ctx.unit("init-generalization kgf " + d + " " + n + " " + t, double[][].class, () -> {
                    Sample sample = Sample.draw(target, d, n, s.nTest(), s.noise(), s.seed(), a0, t0);
                    KernelGradientFlow flow = new KernelGradientFlow(kernel.ntk(sample.x));
                    Matrix kTest = kernel.ntk(sample.xTest, sample.x);
                    FlowPredictions fromZero = flow.predict(times, sample.y, new double[n], kTest, new double[s.nTest()]);
                    GaussianProcessPrior prior = GaussianProcessPrior.of(kernel, sample.x, sample.xTest);
                    var f0 = prior.draw(s.seed() + 7919L * d, (long) a0 * 100_000 + t0);
                    FlowPredictions fromGp = flow.predict(times, sample.y, f0.trainAt(0), kTest, f0.testAt(0));
                    return new double[][] {errors(fromGp, sample.target, times.length), errors(fromZero, sample.target, times.length)};
                });
                std[a][t] = both[0];
                mir[a][t] = both[1];
                ctx.step();
            }
        }
        double[] nk = s.nKernel().stream().mapToDouble(Integer::doubleValue).toArray();
        List<Curves> out = new ArrayList<>(List.of(new Curves(Predictor.KGF_STANDARD, nk, times, std),
                new Curves(Predictor.KGF_MIRRORED, nk, times.clone(), mir)));
        int[] netSizes = s.nNetwork().stream().mapToInt(Integer::intValue).toArray();
        if (netSizes.length == 0) {
            return out;
        }
        double[] netTimes = networkTimes(times, s.networkTime());
        double[][][] nstd = new double[netSizes.length][s.networkTrials()][];
        double[][][] nmir = new double[netSizes.length][s.networkTrials()][];
        ArchitectureSpec wide = arch.withWidths(widths(s.depth(), s.width()));
        for (int a = 0; a < netSizes.length; a++) {
            for (int t = 0; t < s.networkTrials(); t++) {
                int a0 = a;
                int t0 = t;
                for (Predictor which : new Predictor[] {Predictor.NETWORK_STANDARD, Predictor.NETWORK_MIRRORED}) {
                    // one resumable unit per training (a training is the longest step of the run)
                    double[] e = ctx.unit("init-generalization " + which.code + " " + d + " " + netSizes[a] + " " + t, double[].class, () -> {
                        Sample sample = Sample.draw(target, d, netSizes[a0], s.nTest(), s.noise(), s.seed(), 50 + a0, t0);
                        long netSeed = key(s.seed(), d, 500 + a0, t0);
                        Initialisation init = which.standard() ? Initialisation.standard() : Initialisation.mirrored();
                        FiniteNetwork net = FiniteNetwork.initialise(wide, init, netSeed);
                        TrainingResult r = Trainer.train(net, new TrainingData(sample.x, sample.y, sample.xTest, null, sample.target),
                                TrainingConfig.gradientFlow(s.networkTime(), Double.NaN).withRecords(s.timeCount(), 0), ProgressListener.NONE);
                        double[] out1 = new double[netTimes.length];
                        for (int j = 0; j < out1.length; j++) {
                            out1[j] = errorAt(r.records(), netTimes[j]);
                        }
                        return out1;
                    });
                    (which.standard() ? nstd : nmir)[a][t] = e;
                    ctx.step();
                }
            }
        }
        double[] nn = toDoubles(netSizes);
        out.add(new Curves(Predictor.NETWORK_STANDARD, nn, netTimes, nstd));
        out.add(new Curves(Predictor.NETWORK_MIRRORED, nn, netTimes.clone(), nmir));
        return out;
    }

    /** The KGF grid's times below the networks' training time, then that time itself. */
    static double[] networkTimes(double[] times, double end) {
        return java.util.stream.DoubleStream.concat(java.util.Arrays.stream(times).filter(t -> t < end), java.util.stream.DoubleStream.of(end))
                .toArray();
    }

    /**
     * The test error at time t, linear in t between the two recorded times around it (the trainer
     * records at log-spaced steps, whose times differ between runs with the step size).
     */
    static double errorAt(List<TrainingRecord> records, double t) {
        TrainingRecord prev = records.get(0);
        for (TrainingRecord rec : records) {
            if (rec.time() >= t) {
                if (rec.time() == prev.time()) {
                    return rec.testErrorTarget();
                }
                double u = (t - prev.time()) / (rec.time() - prev.time());
                return (1 - u) * prev.testErrorTarget() + u * rec.testErrorTarget();
            }
            prev = rec;
        }
        return prev.testErrorTarget();
    }

    private static double[] errors(FlowPredictions p, double[] target, int count) {
        double[] e = new double[count];
        for (int j = 0; j < count; j++) {
            e[j] = mse(p.testAt(j), target);
        }
        return e;
    }

    private void plot(ExperimentContext ctx, Spec s, int d, List<Curves> cs, Map<String, Object> fitted) {
        XYChart chart = Plots.chart(String.format(Locale.ROOT, "init-generalization, d = %d (chen-li-lin, depth %d): mean over trials, 95 %% CI",
                d, s.depth()), "n (training points)", "L² error ‖f − f*‖² at the oracle stopping time", true, true);
        for (Curves c : cs) {
            double[][] y = c.stopped();
            double[] mean = new double[y.length];
            double[] lo = new double[y.length];
            double[] hi = new double[y.length];
            for (int k = 0; k < y.length; k++) {
                Replicates.Summary sum = Replicates.summarise(y[k]);
                mean[k] = sum.mean();
                // a t interval can reach below 0, which a log axis cannot show: the bar then ends at the axis
                lo[k] = Double.isFinite(sum.ci().low()) ? Math.max(sum.ci().low(), sum.mean() / 20) : sum.mean();
                hi[k] = Double.isFinite(sum.ci().high()) ? sum.ci().high() : sum.mean();
            }
            Plots.Meaning m = c.predictor().standard() ? Plots.Meaning.STANDARD_INIT : Plots.Meaning.MIRRORED_INIT;
            boolean network = c.predictor() == Predictor.NETWORK_STANDARD || c.predictor() == Predictor.NETWORK_MIRRORED;
            // networks drawn 5 % to the right of the kernel predictors at the same n, so their bars do not overlap
            double[] x = c.n().clone();
            for (int k = 0; k < x.length; k++) {
                x[k] *= network ? 1.05 : 1;
            }
            var pts = Plots.errorBars(chart, c.predictor().label + (network ? " (drawn 5 % right)" : ""), x, mean, lo, hi, m);
            if (network) {
                pts.setMarker(c.predictor().standard() ? SeriesMarkers.DIAMOND : SeriesMarkers.TRIANGLE_UP);
            }
            Estimate e = slope(c.n(), y, Interval.LEVEL);
            double intercept = Math.log(mean[0]) - e.value() * Math.log(c.n()[0]);
            double[] fx = {c.n()[0], c.n()[c.n().length - 1]};
            double[] fy = {Math.exp(intercept + e.value() * Math.log(fx[0])), Math.exp(intercept + e.value() * Math.log(fx[1]))};
            if (y[0].length >= 2) {
                SlopeFit.Fit f = SlopeFit.acrossLevels(c.n(), y, SlopeFit.Centre.MEAN, Interval.LEVEL);
                fy = new double[] {f.at(fx[0]), f.at(fx[1])};
            }
            var fit = Plots.line(chart, String.format(Locale.ROOT, "  fit: slope %.3f [%.3f, %.3f]", e.value(), e.low(), e.high()), fx, fy, m);
            fit.setLineStyle(new java.awt.BasicStroke(network ? 1.2f : 2f));
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("slope_best", e.value());
            if (e.interval().bounded()) {
                f.put("ci_best", List.of(e.low(), e.high()));
            }
            f.put("claimed", c.predictor().standard() ? standardExponent(d) : mirroredExponent(d));
            f.put("competing", c.predictor().standard() ? mirroredExponent(d) : standardExponent(d));
            f.put("stopping_times", java.util.stream.IntStream.range(0, c.n().length).mapToObj(k -> c.times()[c.stop(k)]).toList());
            fitted.put("d" + d + " " + c.predictor().label, f);
        }
        double[] nk = cs.get(0).n();
        double x0 = nk[0];
        double x1 = nk[nk.length - 1];
        double top = Replicates.mean(cs.get(0).stopped()[0]) * 1.6;
        double bottom = Replicates.mean(cs.get(1).stopped()[0]) * 0.6;
        Plots.slopeGuide(chart, String.format(Locale.ROOT, "theory, standard: slope −3/(d+3) = %.3f", standardExponent(d)), x0, top, x1,
                standardExponent(d));
        Plots.slopeGuide(chart, String.format(Locale.ROOT, "theory, mirrored: slope −(d+2)/(2d+2) = %.3f", mirroredExponent(d)), x0, bottom, x1,
                mirroredExponent(d)).setLineStyle(SeriesLines.DASH_DASH);
        ctx.plot("rates-d" + d, chart);
    }

    private static String summary(Spec s, List<Rates> rates, Map<Integer, List<Curves>> byDim, List<Verdict> verdicts) {
        StringBuilder md = new StringBuilder("# init-generalization: standard vs mirrored initialisation\n\n");
        md.append("Claim (seeds 000/001, Chen, Li & Lin 2024): wide networks trained by gradient flow from standard ")
                .append("initialisation generalise at Θ(n^{−3/(d+3)}) (the initial GP output is too rough), while mirrored ")
                .append("initialisation (output 0 at t = 0) attains n^{−sβ/(sβ+1)} for f* ∈ [H^NT]^s, β = (d+1)/d. Both rates are ")
                .append("for the optimally stopped predictor in the noisy regime.\n\n")
                .append("Setup: inputs uniform on the unit ball of R^d (smooth boundary); `chen-li-lin` network with ").append(s.depth())
                .append(" hidden layers; f* = Σ_k a_k Θ(·, z_k) over ").append(s.centres()).append(" centres in the ball, normalised to ")
                .append("‖f*‖_{L²} = 1, which lies in [H]^s for all s < (d+2)/(d+1), so sβ → (d+2)/d and the mirrored exponent is ")
                .append("−(d+2)/(2d+2); noise σ = ").append(s.noise()).append("; errors ‖f − f*‖²_{L²} estimated on ").append(s.nTest())
                .append(" fresh test points per trial. Kernel predictors: ").append(s.trials()).append(" trials per n; networks (width ")
                .append(s.width()).append(", gradient descent for t = ").append(s.networkTime()).append(" at the trainer's default step): ")
                .append(s.networkTrials()).append(" trials per n. A trial is a fresh training and test sample, a fresh f^GP and a fresh ")
                .append("network; the standard and mirrored predictors of one trial share its data (the network pair shares its initial ")
                .append("weights θ₁(0)). Trials at different n are independent, so the slope's interval is `SlopeFit.acrossLevels` over ")
                .append("the trials at each n.\n\n")
                .append("Stopping rule (fixed before the data): the theory's rate is for the optimally stopped predictor, so at each n the ")
                .append("stopping time is the time of a log-spaced grid (").append(s.timeCount()).append(" times from ").append(s.timeMin())
                .append(" to ").append(s.timeMax()).append(" for KGF; the same grid up to t = ").append(s.networkTime())
                .append(" for the networks, read off the trainer's log-spaced records by linear interpolation in t) that minimises the ")
                .append("mean error over the trials at that n (an oracle stopping time, one per n, not per trial); the trials' errors at ")
                .append("that time are the replicates. The times chosen are in `meta.json` (`fits.*.stopping_times`).\n\n");
        md.append("## Verdicts\n\nEach verdict is decided only by the 95 % interval: `contradicts` when it excludes the claimed value, `supports` ")
                .append("when it keeps the claimed value and excludes the competitor, `inconclusive` otherwise (or with fewer than ")
                .append(MIN_TRIALS_PER_N).append(" trials per n for a slope, ").append(MIN_TRIALS_FOR_DIFFERENCE)
                .append(" for the bootstrapped difference). Headline: the first row.\n\n")
                .append("| d | predictor | statistic | estimate [95 % CI] | claimed | competing | replicates | interval over | verdict |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        int v = 0;
        for (Rates r : rates) {
            String fam = r.network() ? "network" : "KGF";
            String[] what = {fam + ", standard", fam + ", mirrored", fam + ", mirrored − standard"};
            String[] stat = {"slope of mean error vs n", "slope of mean error vs n", "difference of slopes"};
            for (int q = 0; q < 3; q++) {
                Verdict x = verdicts.get(v++);
                Estimate e = x.estimate();
                md.append(String.format(Locale.ROOT, "| %d | %s | %s | %.3f [%s, %s] | %s %s | %s | %d | %s | **%s** |%n", r.d(), what[q], stat[q],
                        e.value(), end(e.low()), end(e.high()), x.claim().relation().symbol(), x.claim().claimedValue() == 0 ? "0" : fmt3(x.claim().claimedValue()),
                        x.claim().relation() == Claim.Relation.EQUAL ? fmt3(x.claim().competingValue()) : "≥ 0",
                        e.replicates(), e.method(), x.outcome().word()));
            }
        }
        md.append("\nSlopes are fitted over every n of the spec (KGF ").append(range(s.nKernel())).append(", networks ")
                .append(s.nNetwork().isEmpty() ? "none" : range(s.nNetwork())).append("). Claims in full are in `verdict.json`.\n\n");
        md.append(reading(s, rates, byDim, verdicts));
        md.append("## Descriptive (no verdict)\n\n| d | predictor | slope over the larger half of n [95 % CI] | mean error at the smallest n | at the largest n |\n")
                .append("|---|---|---|---|---|\n");
        int[] above = new int[2];
        for (Map.Entry<Integer, List<Curves>> e : byDim.entrySet()) {
            for (Curves c : e.getValue()) {
                double[][] y = c.stopped();
                int m = y.length;
                int from = m - Math.max(3, (m + 1) / 2);
                String upper = "—";
                if (m >= 4 && y[0].length >= 2) {
                    Estimate u = SlopeFit.acrossLevels(java.util.Arrays.copyOfRange(c.n(), from, m), java.util.Arrays.copyOfRange(y, from, m),
                            SlopeFit.Centre.MEAN, Interval.LEVEL).slope();
                    upper = String.format(Locale.ROOT, "%.3f [%.3f, %.3f] (n ≥ %d)", u.value(), u.low(), u.high(), (int) c.n()[from]);
                }
                md.append(String.format(Locale.ROOT, "| %d | %s | %s | %.3g | %.3g |%n", e.getKey(), c.predictor().label, upper,
                        Replicates.mean(y[0]), Replicates.mean(y[m - 1])));
            }
            double[][] st = e.getValue().get(0).stopped();
            double[][] mi = e.getValue().get(1).stopped();
            for (int k = 0; k < st.length; k++) {
                above[0] += Replicates.mean(st[k]) > Replicates.mean(mi[k]) ? 1 : 0;
                above[1]++;
            }
        }
        md.append(String.format(Locale.ROOT, "%nThe kernel predictor from standard initialisation (a GP initial function) has the larger mean "
                + "error at %d of %d (d, n) points.%n", above[0], above[1]));
        md.append("\nRaw errors per trial: `errors.csv` (at the oracle stopping time, at each trial's own best grid time, and at the end); ")
                .append("the whole error curves: `error-curves.csv`; plots: `rates-d*.png|svg` (means over trials with 95 % t intervals, ")
                .append("fits through the means, the two theoretical slopes as guides).\n");
        return md.toString();
    }

    /**
     * The verdicts in words: for each slope that contradicts its claim, which way it departs, the
     * slope over the larger half of n, and where the oracle stopping times lie on the grid (at its
     * last time, early stopping does not help: the error is still falling at t_max).
     */
    private static String reading(Spec s, List<Rates> rates, Map<Integer, List<Curves>> byDim, List<Verdict> verdicts) {
        StringBuilder p = new StringBuilder("## Reading the verdicts\n\n");
        int v = 0;
        for (Rates r : rates) {
            List<Curves> cs = byDim.get(r.d());
            for (int q = 0; q < 3; q++) {
                Verdict x = verdicts.get(v++);
                Estimate e = x.estimate();
                String what = (r.network() ? "network, " : "KGF, ") + (q == 0 ? "standard" : q == 1 ? "mirrored" : "mirrored − standard");
                p.append(String.format(Locale.ROOT, "- d = %d, %s: %.3f [%s, %s] → **%s**.", r.d(), what, e.value(), end(e.low()), end(e.high()),
                        x.outcome().word()));
                if (q < 2) {
                    Curves c = cs.get((r.network() ? 2 : 0) + q);
                    if (x.outcome() == Verdict.Outcome.CONTRADICTS) {
                        double claimed = x.claim().claimedValue();
                        p.append(e.high() < claimed ? " The error falls faster than the claimed rate over this range of n"
                                : " The error falls more slowly than the claimed rate over this range of n");
                        p.append(x.claim().competingValue() >= e.low() && x.claim().competingValue() <= e.high()
                                ? ", and the interval keeps the competing value." : ".");
                    }
                    int atEnd = 0;
                    double first = c.times()[c.stop(0)];
                    double last = c.times()[c.stop(c.n().length - 1)];
                    for (int k = 0; k < c.n().length; k++) {
                        atEnd += c.stop(k) == c.times().length - 1 ? 1 : 0;
                    }
                    p.append(String.format(Locale.ROOT, " Oracle stopping time %.3g at n = %d, %.3g at n = %d", first, (int) c.n()[0], last,
                            (int) c.n()[c.n().length - 1]));
                    String why = r.network() ? "the error was still falling when training ended, so these networks are not optimally stopped "
                            + "and their slope is that of the error at a fixed time"
                            : "the error was still falling at the grid's end, so stopping early brings no gain at these n (too little noise)";
                    p.append(atEnd > 0 ? String.format(Locale.ROOT, "; at %d of %d sizes it is the grid's last time (t = %.3g): %s.", atEnd,
                            c.n().length, c.times()[c.times().length - 1], why) : ".");
                } else if (x.outcome() == Verdict.Outcome.CONTRADICTS) {
                    p.append(" The error from mirrored initialisation falls no faster than from standard initialisation here.");
                }
                p.append('\n');
            }
        }
        p.append("\nThe claimed exponents are asymptotic rates of the optimally stopped predictor in the noisy regime. With noise σ = ")
                .append(s.noise()).append(" small next to ‖f*‖_{L²} = 1 the best error over this range of n can still be dominated by the ")
                .append("approximation (bias) term, which falls faster than the noisy-regime rate (the crossover from the noiseless to the ")
                .append("noisy regime, Cui et al. 2021); the slopes over the larger half of n below show whether the curves bend toward the ")
                .append("theory. This is an explanation to test (with more noise or larger n), not a measurement; the spec was not tuned to ")
                .append("change the verdicts.\n\n");
        return p.toString();
    }

    private static String end(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : (v > 0 ? "∞" : "−∞");
    }

    private static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String range(List<Integer> n) {
        return n.get(0) + "–" + n.get(n.size() - 1);
    }

    /** A distinct seed per (d, size index, trial): size index and trial are below 1009, so no two collide. */
    static long key(long seed, int d, int sizeIndex, int trial) {
        return ((seed * 1_000_003L + d) * 1_009L + sizeIndex) * 1_009L + trial;
    }

    private static int[] widths(int depth, int width) {
        int[] w = new int[depth];
        java.util.Arrays.fill(w, width);
        return w;
    }

    private static double mse(double[] f, double[] y) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            s += (f[i] - y[i]) * (f[i] - y[i]);
        }
        return s / y.length;
    }

    private static double[] toDoubles(int[] a) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i];
        }
        return r;
    }

    /** The target f* = Σ a_k Θ(·, z_k), scaled to unit L² norm on the ball. */
    private record Target(AnalyticKernel kernel, Matrix centres, double[] coefficients) {

        static Target draw(AnalyticKernel kernel, int d, int count, long seed) {
            Matrix z = Domains.sample(Domains.Domain.BALL, count, d, seed, 1000 + d);
            double[] a = new double[count];
            new ParameterStreams(seed).gaussian(2000 + d, ParameterStreams.Kind.OTHER, 0, 1.0, a, 0, count);
            Target raw = new Target(kernel, z, a);
            Matrix probe = Domains.sample(Domains.Domain.BALL, 20000, d, seed, 3000 + d);
            double[] v = raw.at(probe);
            double ms = 0;
            for (double e : v) {
                ms += e * e / v.length;
            }
            double scale = 1 / Math.sqrt(ms);
            for (int k = 0; k < count; k++) {
                a[k] *= scale;
            }
            return new Target(kernel, z, a);
        }

        double[] at(Matrix x) {
            Matrix k = kernel.ntk(x, centres);
            double[] f = new double[x.rows()];
            for (int i = 0; i < f.length; i++) {
                for (int c = 0; c < coefficients.length; c++) {
                    f[i] += coefficients[c] * k.get(i, c);
                }
            }
            return f;
        }
    }

    /** One trial's training set (noisy labels) and fresh test set (noiseless target). */
    private record Sample(Matrix x, double[] y, Matrix xTest, double[] target) {

        static Sample draw(Target f, int d, int n, int nTest, double noise, long seed, int sizeIndex, int trial) {
            long key = key(seed, d, sizeIndex, trial);
            Matrix x = Domains.sample(Domains.Domain.BALL, n, d, key, 1);
            Matrix xt = Domains.sample(Domains.Domain.BALL, nTest, d, key, 2);
            double[] eps = new double[n];
            new ParameterStreams(key).gaussian(3, ParameterStreams.Kind.OTHER, 0, noise, eps, 0, n);
            double[] y = f.at(x);
            for (int i = 0; i < n; i++) {
                y[i] += eps[i];
            }
            return new Sample(x, y, xt, f.at(xt));
        }
    }

}
