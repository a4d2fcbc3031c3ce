package org.ntklab.tools.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.ntklab.data.Domains;
import org.ntklab.eigen.CertifiedBracket;
import org.ntklab.eigen.DenseEigen;
import org.ntklab.eigen.EigenOptions;
import org.ntklab.eigen.Spectrum;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;
import org.ntklab.net.ParameterStreams;
import org.ntklab.stats.Claim;
import org.ntklab.stats.Estimate;
import org.ntklab.stats.Interval;
import org.ntklab.stats.Replicates;
import org.ntklab.stats.SlopeFit;
import org.ntklab.stats.Verdict;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.train.ProgressListener;
import org.ntklab.train.Trainer;
import org.ntklab.train.TrainingConfig;
import org.ntklab.train.TrainingData;
import org.ntklab.train.TrainingRecord;
import org.ntklab.train.TrainingResult;

/**
 * Du, Zhai, Póczos &amp; Singh 2019 (Fig. 1; Arora et al. 2019, Thm 3.2): a two-layer ReLU network
 * with fixed ±1 output weights ({@code du} preset) trained by full GD on the sum loss
 * ½Σ(f − y)². The loss follows ½‖(I − ηH^∞)^k (y − u(0))‖², activation patterns and neurons move
 * less as the width m grows, and λ₀ = λ_min(H^∞) &gt; 0 sets the rate.
 *
 * <p>Replicates: at every width, {@code networks} independent runs, each with its own data set
 * (points on the sphere and labels) and its own network (W and a), seeded by (seed, run, width).
 * The slopes in m are fitted through the per-width means with intervals from the runs' spread.
 */
final class GdDynamics implements Experiment<GdDynamics.Spec> {

    /** The theory's exponent of the movement bounds in m (Du et al. 2019, §3–4: R' ∝ m^{−1/2}). */
    static final double CLAIMED_SLOPE = -0.5;
    /** The alternative the bounds exclude: movement that does not shrink with the width. */
    static final double COMPETING_SLOPE = 0.0;
    /** Fewer runs than this at any width (as a total over the widths) give inconclusive: a per-width spread needs them. */
    static final int MIN_RUNS_PER_WIDTH = 3;

    /**
     * The spec.
     *
     * @param n          points uniform on the unit sphere S^{d−1}
     * @param dim        input dimension d
     * @param widths     widths m (a geometric grid)
     * @param networks   independent runs per width (fresh data and network each)
     * @param iterations GD iterations
     * @param lrFraction η = lr_fraction / λ_max(H^∞) (stable below 2)
     * @param records    log-spaced iterations recorded
     * @param gapFloor   the loss gap is taken over iterations whose predicted loss is at least this share of the start
     * @param seed       master seed
     */
    record Spec(int n, int dim, List<Integer> widths, int networks, int iterations, double lrFraction, int records, double gapFloor,
                long seed) implements ExperimentSpec {

        @Override
        public void validate() {
            ExperimentSpec.require(n >= 2 && n <= 5000, "n", "must be 2..5000");
            ExperimentSpec.require(dim >= 2 && dim <= 5000, "dim", "must be 2..5000");
            ExperimentSpec.require(widths != null && widths.size() >= 2 && widths.stream().allMatch(w -> w >= 2 && w <= 100000)
                    && widths.stream().distinct().count() == widths.size(), "widths", "need at least two different widths in 2..100000");
            ExperimentSpec.require(networks >= 2 && networks <= 1000, "networks", "must be 2..1000 (a slope interval needs 2 runs per width)");
            ExperimentSpec.require(iterations >= 1 && iterations <= 1_000_000, "iterations", "must be 1..1000000");
            ExperimentSpec.require(lrFraction > 0 && lrFraction < 2, "lr_fraction", "must be in (0, 2) for a stable step");
            ExperimentSpec.require(records >= 2 && records <= 1000, "records", "must be 2..1000");
            ExperimentSpec.require(gapFloor > 0 && gapFloor < 1, "gap_floor", "must be in (0, 1)");
        }
    }

    /**
     * What one run measured at the end of training.
     *
     * @param patterns share of (neuron, point) activation patterns changed since k = 0
     * @param move     max_r ‖w_r(k) − w_r(0)‖
     * @param gap      max over the recorded iterations (predicted loss ≥ gap_floor of the start) of |loss − predicted| / predicted
     */
    record Run(double patterns, double move, double gap) {
    }

    @Override
    public String name() {
        return "gd-dynamics";
    }

    @Override
    public String description() {
        return "Du et al. Fig. 1: two-layer ReLU GD loss vs (I − ηH^∞)^k prediction, pattern changes and neuron moves by width";
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    /** The seed of run {@code r} at width index {@code w}, for {@code kind} 0 (data) or 1 (network). */
    static long runSeed(long seed, int r, int w, int kind) {
        return new ParameterStreams(seed).stream(40 + kind, ParameterStreams.Kind.OTHER, 1_000_000L * w + r).nextLong();
    }

    @Override
    public void run(Spec s, ExperimentContext ctx) {
        int widthsCount = s.widths().size();
        int runs = s.networks();
        ctx.plan((long) widthsCount * runs);
        CsvTable raw = new CsvTable("width", "network", "iteration", "loss", "predicted_loss", "pattern_change", "max_neuron_move",
                "rel_param_move");
        CsvTable finals = new CsvTable("width", "network", "lambda0_lower", "lambda0_upper", "lambda_max", "lr", "final_loss",
                "final_predicted_loss", "pattern_change", "max_neuron_move", "loss_gap");
        double[] ms = new double[widthsCount];
        Run[][] out = new Run[widthsCount][runs];
        double[][][][] curves = new double[2][widthsCount][runs][];
        double[][] loss0 = new double[widthsCount][];
        double[][] pred0 = new double[widthsCount][];
        double[] iters = null;
        double lambda0Lo = Double.POSITIVE_INFINITY;
        double lambda0Hi = 0;
        double lrLo = Double.POSITIVE_INFINITY;
        double lrHi = 0;
        for (int wi = 0; wi < widthsCount; wi++) {
            int m = s.widths().get(wi);
            ms[wi] = m;
            for (int r = 0; r < runs; r++) {
                long dataSeed = runSeed(s.seed(), r, wi, 0);
                Matrix x = Domains.sample(Domains.Domain.SPHERE, s.n(), s.dim(), dataSeed, 1);
                double[] y = new double[s.n()];
                new ParameterStreams(dataSeed).gaussian(2, ParameterStreams.Kind.OTHER, 0, 1.0, y, 0, y.length);
                Matrix h = new AnalyticKernel(Preset.DU.spec(s.dim(), 1, null)).ntk(x);
                Spectrum.Eigensystem eig = Spectrum.all(h, true);
                double lambdaMax = eig.values()[eig.values().length - 1];
                CertifiedBracket lambda0 = DenseEigen.certifyLambdaMin(h, EigenOptions.defaults());
                double lr = s.lrFraction() / lambdaMax;
                lambda0Lo = Math.min(lambda0Lo, lambda0.lower());
                lambda0Hi = Math.max(lambda0Hi, lambda0.upper());
                lrLo = Math.min(lrLo, lr);
                lrHi = Math.max(lrHi, lr);
                FiniteNetwork net = FiniteNetwork.initialise(Preset.DU.spec(s.dim(), 1, new int[] {m}), Initialisation.standard(),
                        runSeed(s.seed(), r, wi, 1));
                double[] u0 = net.output(x);
                double[] proj = new double[s.n()];
                Matrix v = eig.vectors();
                for (int j = 0; j < s.n(); j++) {
                    double p = 0;
                    for (int i = 0; i < s.n(); i++) {
                        p += v.get(i, j) * (y[i] - u0[i]);
                    }
                    proj[j] = p;
                }
                TrainingResult res = Trainer.train(net, TrainingData.of(x, y),
                        TrainingConfig.gradientFlow(s.iterations() * lr, lr).withMeanLoss(false)
                                .withRecords(s.records(), 0), ProgressListener.NONE);
                List<TrainingRecord> recs = res.records();
                int len = recs.size();
                int[] at = new int[len];
                double[] actual = new double[len];
                double[] pat = new double[len];
                double[] mv = new double[len];
                for (int k = 0; k < len; k++) {
                    at[k] = (int) recs.get(k).step();
                    actual[k] = recs.get(k).trainLoss();
                    pat[k] = recs.get(k).patternChange();
                    mv[k] = recs.get(k).maxNeuronMove();
                }
                double[] predicted = KernelDescent.predictedLoss(eig.values(), proj, lr, at);
                double gap = 0;
                for (int k = 0; k < len; k++) {
                    raw.add(m, r, at[k], actual[k], predicted[k], pat[k], mv[k], recs.get(k).relParamMove());
                    if (predicted[k] >= s.gapFloor() * predicted[0]) {
                        gap = Math.max(gap, Math.abs(actual[k] - predicted[k]) / predicted[k]);
                    }
                }
                out[wi][r] = new Run(pat[len - 1], mv[len - 1], gap);
                finals.add(m, r, lambda0.lower(), lambda0.upper(), lambdaMax, lr, actual[len - 1], predicted[len - 1], pat[len - 1],
                        mv[len - 1], gap);
                if (iters == null) {
                    iters = new double[len];
                    for (int k = 0; k < len; k++) {
                        iters[k] = at[k];
                    }
                }
                curves[0][wi][r] = pat;
                curves[1][wi][r] = mv;
                if (r == 0) {
                    loss0[wi] = actual;
                    pred0[wi] = predicted;
                }
                ctx.step();
            }
        }
        ctx.csv("dynamics", raw);
        ctx.csv("final", finals);
        List<Verdict> verdicts = verdicts(ms, out, Interval.LEVEL);
        SlopeFit.Fit[] fits = fits(ms, out, Interval.LEVEL);
        plots(ctx, s, ms, iters, loss0, pred0, curves, out, fits);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("lambda0_range", List.of(lambda0Lo, lambda0Hi));
        rec.put("lr_range", List.of(lrLo, lrHi));
        String[] names = {"slope_patterns", "slope_neuron_move", "slope_loss_gap"};
        for (int q = 0; q < 3; q++) {
            rec.put(names[q], fits[q].slope().value());
        }
        ctx.record().put("fits", rec);
        ctx.verdicts(verdicts);
        ctx.summary(summary(s, ms, out, fits, verdicts, lambda0Lo, lambda0Hi, lrLo, lrHi));
    }

    /** The three slope fits (patterns, neuron move, loss gap) against m, through the per-width means. */
    static SlopeFit.Fit[] fits(double[] ms, Run[][] runs, double level) {
        int w = ms.length;
        double[][][] y = new double[3][w][];
        for (int k = 0; k < w; k++) {
            int r = runs[k].length;
            for (int q = 0; q < 3; q++) {
                y[q][k] = new double[r];
            }
            for (int i = 0; i < r; i++) {
                y[0][k][i] = runs[k][i].patterns();
                y[1][k][i] = runs[k][i].move();
                y[2][k][i] = runs[k][i].gap();
            }
        }
        SlopeFit.Fit[] f = new SlopeFit.Fit[3];
        for (int q = 0; q < 3; q++) {
            f[q] = SlopeFit.acrossLevels(ms, y[q], SlopeFit.Centre.MEAN, level);
        }
        return f;
    }

    /**
     * The verdicts, headline first: (a) the slope in m of the share of activation patterns changed
     * at the end of training = −1/2 against 0; (b) the slope of max_r ‖w_r(k) − w_r(0)‖ = −1/2
     * against 0; (c) the slope of the gap between the loss and the H^∞ prediction &lt; 0 (the loss
     * approaches the prediction as m grows; the theorem gives no rate).
     *
     * @param ms   the widths
     * @param runs {@code runs[w][r]}: run r at width ms[w]; fewer than {@link #MIN_RUNS_PER_WIDTH} per width on
     *             average give inconclusive, fewer than 2 at some width no interval at all
     */
    static List<Verdict> verdicts(double[] ms, Run[][] runs, double level) {
        int total = 0;
        int fewest = Integer.MAX_VALUE;
        for (Run[] r : runs) {
            total += r.length;
            fewest = Math.min(fewest, r.length);
        }
        Estimate[] e = new Estimate[3];
        if (fewest < 2) {
            Estimate none = new Estimate(Double.NaN, Interval.unbounded(level), total, "no interval: a width has fewer than 2 runs");
            java.util.Arrays.fill(e, none);
        } else {
            SlopeFit.Fit[] f = fits(ms, runs, level);
            for (int q = 0; q < 3; q++) {
                e[q] = f[q].slope();
            }
        }
        int needed = MIN_RUNS_PER_WIDTH * ms.length;
        Claim patterns = Claim.equal("the share of ReLU activation patterns changed by GD shrinks as m^{-1/2} (Du et al. 2019, §3–4: a pattern "
                + "can flip only where |w_r(0)ᵀx_i| ≤ R' ∝ m^{-1/2}; Arora et al. 2019, discussion of Thm 3.2)", "log-log slope of the mean share of changed patterns "
                + "at the last iteration vs width m", CLAIMED_SLOPE, COMPETING_SLOPE).withMinReplicates(needed);
        Claim move = Claim.equal("every first-layer neuron stays within O(m^{-1/2}) of its initialisation (Du et al. 2019, Lemma 3.3 and "
                + "Thm 4.1: ‖w_r(k) − w_r(0)‖ ≤ R' ∝ √n‖y − u(0)‖/(√m λ₀))", "log-log slope of the mean max_r ‖w_r(k) − w_r(0)‖ at the last "
                + "iteration vs width m", CLAIMED_SLOPE, COMPETING_SLOPE).withMinReplicates(needed);
        Claim gap = Claim.less("the GD loss approaches ½‖(I − ηH^∞)^k (y − u(0))‖² as m grows (Arora et al. 2019, Thm 4.1, informally their Thm 3.2: the gap "
                + "vanishes for m large; no rate is claimed)", "log-log slope of the mean max relative gap |loss − predicted|/predicted "
                + "vs width m", 0.0).withMinReplicates(needed);
        return List.of(patterns.judge(e[0]), move.judge(e[1]), gap.judge(e[2]));
    }

    private static void plots(ExperimentContext ctx, Spec s, double[] ms, double[] iters, double[][] loss0, double[][] pred0,
                              double[][][][] curves, Run[][] out, SlopeFit.Fit[] fits) {
        XYChart loss = Plots.chart("training loss of run 0: GD (solid) vs ½‖(I − ηH^∞)^k (y − u(0))‖² (dashed)", "iteration k",
                "loss Φ(W(k)) = ½Σ(f − y)²", false, true);
        XYChart patterns = Plots.chart(String.format(Locale.ROOT, "share of activation patterns changed: mean and 95 %% CI of %d runs",
                s.networks()), "iteration k", "share of (neuron, point) patterns changed", false, false);
        XYChart moves = Plots.chart(String.format(Locale.ROOT, "max_r ‖w_r(k) − w_r(0)‖: mean and 95 %% CI of %d runs", s.networks()),
                "iteration k", "max_r ‖w_r(k) − w_r(0)‖", false, false);
        for (int wi = 0; wi < ms.length; wi++) {
            Plots.Meaning colour = Plots.Meaning.series(wi);
            String label = "m = " + (int) ms[wi];
            Plots.line(loss, label, iters, loss0[wi], colour);
            Plots.line(loss, label + " predicted", iters, pred0[wi], colour).setLineStyle(SeriesLines.DASH_DASH).setShowInLegend(false);
            XYChart[] charts = {patterns, moves};
            for (int q = 0; q < 2; q++) {
                int len = iters.length;
                double[] mean = new double[len];
                double[] lo = new double[len];
                double[] hi = new double[len];
                for (int k = 0; k < len; k++) {
                    double[] v = new double[curves[q][wi].length];
                    for (int r = 0; r < v.length; r++) {
                        v[r] = curves[q][wi][r][k];
                    }
                    Replicates.Summary sum = Replicates.summarise(v);
                    mean[k] = sum.mean();
                    lo[k] = sum.ci().low();
                    hi[k] = sum.ci().high();
                }
                Plots.band(charts[q], label + " (95 % CI)", iters, lo, hi, colour).setShowInLegend(false);
                Plots.line(charts[q], label, iters, mean, colour);
            }
        }
        ctx.plot("loss", loss);
        ctx.plot("pattern-changes", patterns);
        ctx.plot("neuron-moves", moves);
        XYChart scaling = Plots.chart(String.format(Locale.ROOT, "at the last iteration vs width: mean and 95 %% CI of %d runs, fits, "
                + "theory slope m^-1/2", s.networks()), "width m (hidden neurons)", "value at the last iteration", true, true);
        String[] names = {"share of patterns changed", "max_r ‖w_r − w_r(0)‖", "max relative gap |loss − predicted|/predicted"};
        for (int q = 0; q < 3; q++) {
            Plots.Meaning colour = Plots.Meaning.series(q);
            double[] mean = new double[ms.length];
            double[] lo = new double[ms.length];
            double[] hi = new double[ms.length];
            for (int wi = 0; wi < ms.length; wi++) {
                double[] v = new double[out[wi].length];
                for (int r = 0; r < v.length; r++) {
                    v[r] = q == 0 ? out[wi][r].patterns() : q == 1 ? out[wi][r].move() : out[wi][r].gap();
                }
                double[] b = logScaleBar(v);
                mean[wi] = b[0];
                lo[wi] = b[1];
                hi[wi] = b[2];
            }
            Plots.errorBars(scaling, names[q], ms, mean, lo, hi, colour);
            double[] fx = {ms[0], ms[ms.length - 1]};
            Plots.line(scaling, String.format(Locale.ROOT, "%s: fit, slope %.3f", names[q], fits[q].slope().value()), fx,
                    new double[] {fits[q].at(fx[0]), fits[q].at(fx[1])}, colour);
            if (q < 2) {
                Plots.slopeGuide(scaling, q == 0 ? "theory: slope −1/2" : "theory: slope −1/2 ", ms[0], 1.3 * mean[0], ms[ms.length - 1],
                        CLAIMED_SLOPE).setShowInLegend(q == 0);
            }
        }
        ctx.plot("scaling", scaling);
    }

    /**
     * {mean, low, high} of positive replicates for a log axis: the 95 % t interval of the mean carried
     * to the log scale by the delta method, mean·exp(±t·se/mean) — the per-level uncertainty that
     * {@link SlopeFit#acrossLevels} uses, and positive however few the replicates.
     */
    static double[] logScaleBar(double[] v) {
        Replicates.Summary sum = Replicates.summarise(v);
        double half = (sum.ci().high() - sum.mean()) / sum.mean();
        return new double[] {sum.mean(), sum.mean() * Math.exp(-half), sum.mean() * Math.exp(half)};
    }

    private static String summary(Spec s, double[] ms, Run[][] out, SlopeFit.Fit[] fits, List<Verdict> verdicts, double l0lo,
                                  double l0hi, double lrLo, double lrHi) {
        StringBuilder md = new StringBuilder("# gd-dynamics: gradient descent on a wide two-layer ReLU network\n\n");
        md.append("Claim (Du et al. 2019; Arora et al. 2019, Thm 3.2 and 4.1): with m large, Φ(W(k)) ≈ ½‖(I − ηH^∞)^k (y − u(0))‖² ")
                .append("(here with the network's own u(0), which standard initialisation does not make small), the share of changed ")
                .append("activation patterns and max_r ‖w_r(k) − w_r(0)‖ shrink like m^{−1/2}, and λ₀ = λ_min(H^∞) > 0 sets the rate.\n\n")
                .append("Setup: `du` preset (f = m^{−1/2} Σ a_r relu(w_rᵀx), a_r = ±1 fixed, W ~ N(0, I) trained), ")
                .append(String.format(Locale.ROOT, "n = %d points uniform on S^%d, labels y ~ N(0, 1), full GD on ½Σ(f − y)² with ", s.n(),
                        s.dim() - 1))
                .append(String.format(Locale.ROOT, "η = %.3g/λ_max(H^∞) for %d iterations. ", s.lrFraction(), s.iterations()))
                .append(String.format(Locale.ROOT, "**Replicates:** %d independent runs per width, each with its own data set (points "
                        + "and labels) and its own network (W and a), seeded by (seed, run, width).%n%n", s.networks()))
                .append(String.format(Locale.ROOT, "Over the %d data sets: λ₀ = λ_min(H^∞) ∈ [%.6g, %.6g] (certified brackets), η ∈ "
                        + "[%.4g, %.4g].%n%n", ms.length * s.networks(), l0lo, l0hi, lrLo, lrHi));
        md.append("## Verdicts\n\nEach slope is the OLS slope of log(mean over runs) on log m; its 95 % interval is the delta-method ")
                .append("t interval (Welch–Satterthwaite) from the runs' spread at each width (`SlopeFit.acrossLevels`). A point claim ")
                .append("is supported when the interval holds the claimed slope and excludes the competing one, contradicted when it ")
                .append("excludes the claimed slope.\n\n");
        String[] tags = {"(a, headline) patterns changed", "(b) max neuron move", "(c) loss gap"};
        for (int q = 0; q < verdicts.size(); q++) {
            Verdict v = verdicts.get(q);
            md.append(String.format(Locale.ROOT, "- **%s** — %s. %s; interval over %d independent runs (%d widths × %d).%n",
                    tags[q], v.claim().text(), v.line(), v.estimate().replicates(), ms.length, s.networks()));
        }
        md.append("\n| width m | runs | patterns changed at the end, mean (min–max) | max_r ‖w_r − w_r(0)‖, mean (min–max) | ")
                .append("max relative loss gap, mean (min–max) |\n|---|---|---|---|---|\n");
        for (int wi = 0; wi < ms.length; wi++) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s |%n", (int) ms[wi], out[wi].length, range(out[wi], 0),
                    range(out[wi], 1), range(out[wi], 2)));
        }
        md.append("\nThe movement bounds are worst-case upper bounds; what is tested is their exponent in m. The loss gap is taken over ")
                .append(String.format(Locale.ROOT, "the recorded iterations whose predicted loss is at least %.0e of the start (later ", s.gapFloor()))
                .append("iterations sit at rounding level); the theorem says it vanishes for m large but gives no exponent, so only its ")
                .append("sign is judged.\n\nFiles: `dynamics.csv` (every run's recorded iterations), `final.csv` (one row per run: the ")
                .append("values the verdicts use). Plots: `loss.png` (run 0 per width), `pattern-changes.png` and `neuron-moves.png` ")
                .append("(per-iteration mean over the runs with its 95 % t band), `scaling.png` (the final values against m: means with ")
                .append("95 % intervals over the runs on the log scale, mean·exp(±t·se/mean), the fitted lines, and the theory's slope −1/2 as a dotted guide drawn 30 % above ")
                .append("the first mean).\n");
        return md.toString();
    }

    private static String range(Run[] runs, int q) {
        double sum = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Run r : runs) {
            double v = q == 0 ? r.patterns() : q == 1 ? r.move() : r.gap();
            sum += v;
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return String.format(Locale.ROOT, "%.4g (%.4g–%.4g)", sum / runs.length, lo, hi);
    }
}
