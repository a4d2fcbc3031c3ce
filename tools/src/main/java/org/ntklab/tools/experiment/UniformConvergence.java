package org.ntklab.tools.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.ntklab.data.Domains;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.ArchitectureSpec;
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
import org.ntklab.train.TrainingResult;

/**
 * Chen, Li &amp; Lin 2024 (seeds 000/001), main theorem: as the width m grows, the gradient-flow-trained
 * network converges to the NTK predictor uniformly in time and in the input, sup_{t ≥ 0} sup_x
 * |f_t^NN(x) − f_t^NTK(x)| → 0 in probability — from standard initialisation, where f_t^NTK is kernel
 * gradient flow started from the network's own initial function (in the limit f^GP), and from
 * mirrored initialisation, where it starts from 0. Networks of the {@code chen-li-lin} preset are
 * trained by GD (mean loss) and compared at log-spaced times up to {@code time} with GD in function
 * space under the analytic NTK, frozen, from the same f₀, with the same step: per network the largest
 * difference over the times and the test points; its slope in width with an interval over the
 * networks.
 */
final class UniformConvergence implements Experiment<UniformConvergence.Spec> {

    /** The claim's boundary: a difference that does not shrink with the width. */
    static final double NO_CONVERGENCE = 0.0;
    /** The fluctuation scale of the empirical NTK, m^{−1/2}. */
    static final double RATE = -0.5;
    /** Fewer networks than this per width give inconclusive. */
    static final int MIN_PER_WIDTH = 3;

    /**
     * The spec.
     *
     * @param widths      hidden widths (every hidden layer)
     * @param depth       hidden layers of the chen-li-lin network
     * @param dim         input dimension: points uniform on the unit ball of R^dim
     * @param n           training points
     * @param nTest       test points (the sup over x is over them)
     * @param noise       label noise standard deviation, y = f*(x) + noise, f*(x) = x₁x₂ + x₃
     * @param time        training time T = η · steps (mean loss 1/(2n) Σ (f − y)²)
     * @param checkpoints log-spaced times at which the two predictors are compared (the sup over t)
     * @param networks    networks per width and initialisation (each with its own data and weights)
     * @param seed        master seed
     */
    record Spec(List<Integer> widths, int depth, int dim, int n, int nTest, double noise, double time, int checkpoints, int networks,
                long seed) implements ExperimentSpec {

        @Override
        public void validate() {
            ExperimentSpec.require(widths != null && widths.size() >= 2 && widths.stream().allMatch(w -> w >= 2 && w <= 8192)
                    && widths.stream().distinct().count() == widths.size(), "widths", "need at least two different widths in 2..8192");
            ExperimentSpec.require(depth >= 1 && depth <= 4, "depth", "must be 1..4");
            ExperimentSpec.require(dim >= 3 && dim <= 1000, "dim", "must be 3..1000 (the target uses x₁, x₂, x₃)");
            ExperimentSpec.require(n >= 2 && n <= 2000, "n", "must be 2..2000");
            ExperimentSpec.require(nTest >= 1 && nTest <= 5000, "n_test", "must be 1..5000");
            ExperimentSpec.require(noise >= 0 && noise < 10, "noise", "must be in [0, 10)");
            ExperimentSpec.require(time > 0 && time <= 1e6, "time", "must be in (0, 1e6]");
            ExperimentSpec.require(checkpoints >= 1 && checkpoints <= 200, "checkpoints", "must be 1..200");
            ExperimentSpec.require(networks >= 2 && networks <= 200, "networks", "must be 2..200");
        }
    }

    @Override
    public String name() {
        return "uniform-convergence";
    }

    @Override
    public String description() {
        return "seeds 000/001, main theorem: sup over t and x of |f_t^NN − f_t^NTK| → 0 as the width grows, standard and mirrored init";
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    /** A seed of replicate r at width index w for {@code kind} 0 (data) or 1 (network), the same for both initialisations. */
    static long runSeed(long seed, int w, int r, int kind) {
        return new ParameterStreams(seed).stream(80 + kind, ParameterStreams.Kind.OTHER, 1_000_000L * w + r).nextLong();
    }

    /** The steps at which the predictors are compared: S^{j/K} rounded, for j = 1 … K, distinct, the last S. */
    static long[] checkpointSteps(long total, int count) {
        TreeSet<Long> at = new TreeSet<>();
        for (int j = 1; j <= count; j++) {
            at.add(Math.max(1, Math.round(Math.pow(total, (double) j / count))));
        }
        at.add(total);
        return at.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public void run(Spec s, ExperimentContext ctx) {
        int nw = s.widths().size();
        ctx.plan(2L * nw * s.networks());
        AnalyticKernel kernel = new AnalyticKernel(Preset.CHEN_LI_LIN.spec(s.dim(), s.depth(), null));
        List<Initialisation> inits = List.of(Initialisation.standard(), Initialisation.mirrored());
        double[][][] sup = new double[2][nw][s.networks()];
        double[][][] atEnd = new double[2][nw][s.networks()];
        CsvTable raw = new CsvTable("init", "width", "network", "lr", "steps", "sup_over_t_and_x", "at_end_sup_over_x", "t_of_sup");
        int units = 2 * nw * s.networks();
        double[][] results = new double[units][];
        PoolTasks.run(units, k -> Math.pow(s.widths().get((k / s.networks()) % nw), 2), k -> {
            int q = k / (nw * s.networks());
            int wi = (k / s.networks()) % nw;
            int r = k % s.networks();
            results[k] = ctx.unit("uniform-convergence " + q + " " + wi + " " + r, double[].class, () -> compare(s, kernel, inits.get(q), wi, r));
            ctx.step();
        });
        // rows in unit order, not in the order the pool finished them: the CSV must not depend on scheduling
        for (int k = 0; k < units; k++) {
            int q = k / (nw * s.networks());
            int wi = (k / s.networks()) % nw;
            int r = k % s.networks();
            double[] res = results[k];
            sup[q][wi][r] = res[0];
            atEnd[q][wi][r] = res[1];
            raw.add(q == 0 ? "standard" : "mirrored", s.widths().get(wi), r, res[3], (long) res[4], res[0], res[1], res[2]);
        }
        ctx.csv("differences", raw);
        List<Verdict> verdicts = verdicts(s, sup);
        ctx.plot("sup-difference", plot(s, sup));
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int q = 0; q < 2; q++) {
            Estimate e = slope(s, sup[q]);
            facts.put(q == 0 ? "standard" : "mirrored", Map.of("estimate", e.value(), "ci_low", e.low(), "ci_high", e.high()));
        }
        ctx.record().put("uniform_convergence", facts);
        ctx.verdicts(verdicts);
        ctx.summary(summary(s, sup, atEnd, verdicts));
    }

    /** One network against the kernel predictor: {sup over checkpoints and x, sup over x at the end, t of the sup, lr, steps}. */
    private static double[] compare(Spec s, AnalyticKernel kernel, Initialisation init, int wi, int r) {
        long dataSeed = runSeed(s.seed(), wi, r, 0);
        Matrix x = Domains.sample(Domains.Domain.BALL, s.n(), s.dim(), dataSeed, 1);
        Matrix xt = Domains.sample(Domains.Domain.BALL, s.nTest(), s.dim(), dataSeed, 2);
        double[] y = new double[s.n()];
        double[] eps = new double[s.n()];
        new ParameterStreams(dataSeed).gaussian(3, ParameterStreams.Kind.OTHER, 0, 1.0, eps, 0, s.n());
        for (int i = 0; i < y.length; i++) {
            y[i] = x.get(i, 0) * x.get(i, 1) + x.get(i, 2) + s.noise() * eps[i];
        }
        int[] widths = new int[s.depth()];
        java.util.Arrays.fill(widths, s.widths().get(wi));
        ArchitectureSpec spec = Preset.CHEN_LI_LIN.spec(s.dim(), s.depth(), widths);
        FiniteNetwork net = FiniteNetwork.initialise(spec, init, runSeed(s.seed(), wi, r, 1));
        Matrix k = kernel.ntk(x);
        Matrix kt = kernel.ntk(xt, x);
        KernelDescent.Outputs ref = new KernelDescent.Outputs(net.output(x), net.output(xt));
        TrainingData data = new TrainingData(x, y, xt, null, null);
        // the trainer's default step for this network, then that step for every chunk (GD keeps no state beyond the weights)
        TrainingResult first = Trainer.train(net, data, TrainingConfig.gradientFlow(0, Double.NaN).withRecords(1, 0), ProgressListener.NONE);
        double lr = first.lr();
        long total = Math.max(1, Math.round(s.time() / lr));
        double best = 0;
        double bestT = 0;
        double last = 0;
        long done = 0;
        for (long step : checkpointSteps(total, s.checkpoints())) {
            long chunk = step - done;
            TrainingResult res = Trainer.train(net, data, TrainingConfig.gradientFlow(chunk * lr, lr).withRecords(1, 0), ProgressListener.NONE);
            ref = KernelDescent.run(k, kt, y, ref.train(), ref.test(), lr / s.n(), chunk);
            done = step;
            double[] fnn = res.testOutput();
            last = 0;
            for (int i = 0; i < fnn.length; i++) {
                last = Math.max(last, Math.abs(fnn[i] - ref.test()[i]));
            }
            if (last > best) {
                best = last;
                bestT = step * lr;
            }
        }
        return new double[] {best, last, bestT, lr, total};
    }

    /** The log-log slope in width of the mean over networks, delta-method t interval over the networks at each width. */
    static Estimate slope(Spec s, double[][] perWidth) {
        double[] w = s.widths().stream().mapToDouble(Integer::doubleValue).toArray();
        try {
            return SlopeFit.acrossLevels(w, perWidth, SlopeFit.Centre.MEAN, Interval.LEVEL).slope();
        } catch (IllegalArgumentException e) {
            int total = java.util.Arrays.stream(perWidth).mapToInt(v -> v.length).sum();
            return new Estimate(Double.NaN, Interval.unbounded(Interval.LEVEL), total, "no fit: " + e.getMessage());
        }
    }

    /**
     * The verdicts, headline first: per initialisation (standard first) the slope in width of the mean sup difference is below 0
     * (uniform convergence: the difference vanishes as the width grows), then = −1/2 (the empirical NTK's fluctuation scale)
     * against 0.
     */
    static List<Verdict> verdicts(Spec s, double[][][] sup) {
        List<Verdict> out = new ArrayList<>();
        List<Verdict> rates = new ArrayList<>();
        int needed = MIN_PER_WIDTH * s.widths().size();
        for (int q = 0; q < 2; q++) {
            String init = q == 0 ? "standard initialisation (f_t^NTK from the network's own f₀, in the limit f^GP)"
                    : "mirrored initialisation (f₀ = 0)";
            String stat = String.format(Locale.ROOT, "log-log slope in width of the mean over networks of sup over t ≤ %s and test points of "
                    + "|f_t^NN − f_t^NTK|, %s", fmt(s.time()), q == 0 ? "standard init" : "mirrored init");
            Estimate e = slope(s, sup[q]);
            out.add(Claim.less("the trained network converges to the NTK predictor uniformly in t and x as the width grows (Chen, Li & Lin "
                    + "2024, main theorem), " + init, stat, NO_CONVERGENCE).withMinReplicates(needed).judge(e));
            rates.add(Claim.equal("the difference shrinks at the empirical NTK's fluctuation scale m^{−1/2}, " + init + "; competing: no "
                    + "convergence", stat, RATE, NO_CONVERGENCE).withMinReplicates(needed).judge(e));
        }
        out.addAll(rates);
        return out;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    private static XYChart plot(Spec s, double[][][] sup) {
        XYChart c = Plots.chart(String.format(Locale.ROOT, "sup over t ≤ %s and test points of |f_t^NN − f_t^NTK|: mean over %d networks, 95 %% CI",
                fmt(s.time()), s.networks()), "width m (every hidden layer)", "sup |f_t^NN − f_t^NTK|", true, true);
        double[] w = s.widths().stream().mapToDouble(Integer::doubleValue).toArray();
        for (int q = 0; q < 2; q++) {
            double[] mean = new double[w.length];
            double[] lo = new double[w.length];
            double[] hi = new double[w.length];
            double[] xs = w.clone();
            for (int i = 0; i < w.length; i++) {
                double[] b = GdDynamics.logScaleBar(sup[q][i]);
                mean[i] = b[0];
                lo[i] = b[1];
                hi[i] = b[2];
                xs[i] *= q == 0 ? 1 : 1.04;
            }
            Plots.Meaning m = q == 0 ? Plots.Meaning.STANDARD_INIT : Plots.Meaning.MIRRORED_INIT;
            Plots.errorBars(c, q == 0 ? "standard initialisation" : "mirrored initialisation (drawn 4 % right)", xs, mean, lo, hi, m);
            if (q == 0) {
                Plots.slopeGuide(c, "slope −1/2", w[0], 1.5 * mean[0], w[w.length - 1], RATE);
            }
        }
        return c;
    }

    private static String summary(Spec s, double[][][] sup, double[][][] atEnd, List<Verdict> verdicts) {
        StringBuilder md = new StringBuilder("# uniform-convergence: the trained network follows the NTK predictor, uniformly in time\n\n");
        md.append("Claim (Chen, Li & Lin 2024, seeds 000/001, main theorem): as the width m → ∞, sup_{t ≥ 0} sup_x |f_t^NN(x) − ")
                .append("f_t^NTK(x)| → 0 in probability, for standard initialisation (f_t^NTK is kernel gradient flow from the network's ")
                .append("initial function, f^GP in the limit) and for mirrored initialisation (from 0). The theorem gives no rate; the ")
                .append("empirical NTK's fluctuation scale m^{−1/2} is tested as a second claim.\n\n")
                .append(String.format(Locale.ROOT, "Setup: the `chen-li-lin` preset (ReLU, He scaling, first-layer bias), %d hidden layers; n = %d "
                        + "training and %d test points uniform on the unit ball of R^%d, y = x₁x₂ + x₃ + %s·N(0, 1); GD on "
                        + "1/(2n)Σ(f − y)² with the trainer's default step for each network, to t = %s; f_t^NTK is GD in function space "
                        + "with the analytic NTK frozen, from the same f₀ (the network's outputs; 0 for mirrored), the same step and the "
                        + "same steps. The sup over t is over %d log-spaced times up to t = %s. **Replicates:** %d networks per width and "
                        + "initialisation, each with its own data and weights (the standard and mirrored network of one replicate share "
                        + "them), seeded by (seed, width, replicate). Widths %s.%n%n", s.depth(), s.n(), s.nTest(), s.dim(), fmt(s.noise()),
                        fmt(s.time()), s.checkpoints(), fmt(s.time()), s.networks(), s.widths()));
        md.append("| init | width | sup over t and x, mean [95 % CI] | at t = T only, mean |\n|---|---:|---|---|\n");
        for (int q = 0; q < 2; q++) {
            for (int i = 0; i < s.widths().size(); i++) {
                Replicates.Summary sm = Replicates.summarise(sup[q][i]);
                md.append(String.format(Locale.ROOT, "| %s | %d | %.4g [%.4g, %.4g] | %.4g |%n", q == 0 ? "standard" : "mirrored",
                        s.widths().get(i), sm.mean(), sm.ci().low(), sm.ci().high(), Replicates.mean(atEnd[q][i])));
            }
        }
        md.append("\n## Verdicts\n\nSlopes: the delta-method t interval (Welch–Satterthwaite) over the networks at each width ")
                .append("(`SlopeFit.acrossLevels`), judged by the shared rule.\n\n");
        for (Verdict v : verdicts) {
            md.append("- ").append(v.line()).append('\n');
        }
        md.append("\nThe time horizon is finite (t ≤ ").append(fmt(s.time())).append("): the theorem's sup over all t ≥ 0 is approximated by ")
                .append("a horizon at which the training loss has levelled off; `differences.csv` records at which t each network's ")
                .append("largest difference occurred.\n\nFiles: `differences.csv`, `sup-difference.png|svg`, `verdict.json`, `meta.json`.\n");
        return md.toString();
    }
}
