package org.ntklab.tools.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.ntklab.data.Domains;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.EmpiricalNtk;
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

/**
 * Arora, Du, Hu, Li, Salakhutdinov &amp; Wang 2019 ("On exact computation with an infinitely wide
 * neural net"), Thm 3.1, seed 003: for ReLU networks in the {@code arora} parameterisation with all
 * hidden widths ≥ Ω(L⁶/ε⁴ · log(L/δ)), |⟨∂f(x)/∂θ, ∂f(x')/∂θ⟩ − Θ^{(L)}(x, x')| ≤ (L+1)ε with
 * probability ≥ 1 − δ for inputs of norm ≤ 1. At fixed L and δ this is an error falling at least as
 * fast as width^{−1/4}; the central limit suggests width^{−1/2}. The experiment measures the
 * empirical NTK of fresh networks at initialisation on fixed points of the unit sphere against the
 * analytic kernel, over widths spanning decades: per network the largest error over all pairs,
 * divided by L + 1 (the theorem's ε), and the slope of its mean in width with an interval over the
 * networks.
 */
final class NtkWidth implements Experiment<NtkWidth.Spec> {

    /** The theorem's guaranteed rate: ε ∝ width^{−1/4} (width ∝ ε^{−4}). */
    static final double THEOREM_SLOPE = -0.25;
    /** The central-limit rate of a kernel entry's fluctuation. */
    static final double CLT_SLOPE = -0.5;
    /** Fewer networks than this per width give inconclusive. */
    static final int MIN_PER_WIDTH = 3;

    /**
     * The spec.
     *
     * @param widths   hidden widths (every hidden layer), ascending
     * @param depth    hidden layers L
     * @param dim      input dimension: the points lie on the unit sphere of R^dim
     * @param points   fixed points; every pair (x, x') including x = x' is compared
     * @param networks independent initialisations per width (the replicates)
     * @param epsilons target errors ε whose width the fitted line predicts (reported, no verdict)
     * @param seed     master seed (the points and every network's parameters derive from it)
     */
    record Spec(List<Integer> widths, int depth, int dim, int points, int networks, List<Double> epsilons, long seed)
            implements ExperimentSpec {

        @Override
        public void validate() {
            ExperimentSpec.require(widths != null && widths.size() >= 2 && widths.stream().allMatch(w -> w >= 1 && w <= 16384)
                    && widths.stream().distinct().count() == widths.size(), "widths", "need at least two different widths in 1..16384");
            ExperimentSpec.require(depth >= 1 && depth <= 8, "depth", "must be 1..8");
            ExperimentSpec.require(dim >= 2 && dim <= 10000, "dim", "must be 2..10000");
            ExperimentSpec.require(points >= 2 && points <= 2000, "points", "must be 2..2000");
            ExperimentSpec.require(networks >= 2 && networks <= 1000, "networks", "must be 2..1000");
            ExperimentSpec.require(epsilons != null && epsilons.stream().allMatch(e -> e > 0 && e < 10), "epsilons", "values must be in (0, 10)");
            long largest = widths.stream().mapToLong(Integer::longValue).max().orElse(0);
            long bytes = 8L * (largest * largest * Math.max(0, depth - 1) + largest * (dim + 4L * points)) * 2 * org.ntklab.runtime.ThreadBudget.threads();
            ExperimentSpec.require(bytes < Runtime.getRuntime().maxMemory(), "widths",
                    "width " + largest + " needs about " + (bytes >> 20) + " MiB for the networks side by side, more than the heap");
        }
    }

    /**
     * The errors of one network.
     *
     * @param max  max over pairs |K_emp − Θ| / (L + 1)
     * @param mean mean over pairs |K_emp − Θ| / (L + 1)
     */
    record Run(double max, double mean) {
    }

    @Override
    public String name() {
        return "ntk-width";
    }

    @Override
    public String description() {
        return "Arora et al. 2019, Thm 3.1: the width at which the empirical NTK is ε-close to the analytic one (ε ∝ width^{-1/4} or faster)";
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    /** The parameter seed of network r at width index w: a function of the job alone. */
    static long networkSeed(long seed, int w, int r) {
        return new ParameterStreams(seed).stream(70, ParameterStreams.Kind.OTHER, 1_000_000L * w + r).nextLong();
    }

    @Override
    public void run(Spec s, ExperimentContext ctx) {
        int nw = s.widths().size();
        ctx.plan((long) nw * s.networks());
        Matrix x = Domains.sample(Domains.Domain.SPHERE, s.points(), s.dim(), s.seed(), 71);
        double[] theta = new AnalyticKernel(Preset.ARORA.spec(s.dim(), s.depth(), null)).ntk(x).data();
        Run[][] runs = new Run[nw][s.networks()];
        PoolTasks.run(nw * s.networks(), k -> Math.pow(s.widths().get(k / s.networks()), 2), k -> {
            int wi = k / s.networks();
            int r = k % s.networks();
            int[] widths = new int[s.depth()];
            java.util.Arrays.fill(widths, s.widths().get(wi));
            ArchitectureSpec spec = Preset.ARORA.spec(s.dim(), s.depth(), widths);
            runs[wi][r] = ctx.unit("ntk-width " + wi + " " + r, Run.class, () -> errors(EmpiricalNtk.structured(
                    FiniteNetwork.initialise(spec, Initialisation.standard(), networkSeed(s.seed(), wi, r)), x).data(), theta, s.points(), s.depth()));
            ctx.step();
        });
        CsvTable csv = new CsvTable("width", "network", "max_error_over_l_plus_1", "mean_error_over_l_plus_1");
        for (int wi = 0; wi < nw; wi++) {
            for (int r = 0; r < s.networks(); r++) {
                csv.add(s.widths().get(wi), r, runs[wi][r].max(), runs[wi][r].mean());
            }
        }
        ctx.csv("errors", csv);
        Analysis a = analyse(s, runs);
        ctx.plot("error-vs-width", plot(s, runs, a));
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("slope", Map.of("estimate", a.fit() == null ? Double.NaN : a.fit().slope().value(),
                "ci_low", a.fit() == null ? Double.NaN : a.fit().slope().low(), "ci_high", a.fit() == null ? Double.NaN : a.fit().slope().high()));
        facts.put("width_for_epsilon", a.needed());
        ctx.record().put("ntk_width", facts);
        ctx.verdicts(a.verdicts());
        ctx.summary(summary(s, runs, a));
    }

    /** Max and mean over the pairs i ≤ j of |K_emp − Θ| / (L + 1). */
    static Run errors(double[] emp, double[] theta, int n, int depth) {
        double max = 0;
        double sum = 0;
        int count = 0;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i <= j; i++) {
                double e = Math.abs(emp[i + j * n] - theta[i + j * n]) / (depth + 1);
                max = Math.max(max, e);
                sum += e;
                count++;
            }
        }
        return new Run(max, sum / count);
    }

    /**
     * The analysis.
     *
     * @param verdicts headline first
     * @param fit      the fit of the mean max error against width (null when it could not be made)
     * @param needed   per target ε, the width at which the fitted mean max error reaches it
     */
    record Analysis(List<Verdict> verdicts, SlopeFit.Fit fit, Map<String, Double> needed) {
    }

    /** The verdicts of the runs (headline first); what {@link #run} writes to verdict.json. */
    static List<Verdict> verdicts(Spec s, Run[][] runs) {
        return analyse(s, runs).verdicts();
    }

    /**
     * The slope of log(mean over networks of the max error) on log width, its interval the delta-method t interval over the
     * networks at each width ({@code SlopeFit.acrossLevels}). Headline: at most −1/4 (the theorem's guarantee; contradicted
     * when the interval lies above it). Then: = −1/2 (the central limit), against −1/4.
     */
    static Analysis analyse(Spec s, Run[][] runs) {
        double[] w = s.widths().stream().mapToDouble(Integer::doubleValue).toArray();
        double[][] y = new double[runs.length][];
        for (int i = 0; i < runs.length; i++) {
            y[i] = java.util.Arrays.stream(runs[i]).mapToDouble(Run::max).toArray();
        }
        SlopeFit.Fit fit = null;
        Estimate slope;
        int total = java.util.Arrays.stream(y).mapToInt(v -> v.length).sum();
        try {
            fit = SlopeFit.acrossLevels(w, y, SlopeFit.Centre.MEAN, Interval.LEVEL);
            slope = fit.slope();
        } catch (IllegalArgumentException e) {
            slope = new Estimate(Double.NaN, Interval.unbounded(Interval.LEVEL), total, "no fit: " + e.getMessage());
        }
        String stat = String.format(Locale.ROOT, "log-log slope in width of the mean over networks of max over pairs |K_emp − Θ|/(L+1), "
                + "arora ReLU, L = %d, %d points on S^%d", s.depth(), s.points(), s.dim() - 1);
        int needed = MIN_PER_WIDTH * runs.length;
        Claim theorem = Claim.less("the empirical NTK at initialisation is within (L+1)ε of the analytic NTK once every width is "
                + "Ω(L⁶ε⁻⁴ log(L/δ)) (Arora et al. 2019, Thm 3.1): at fixed L and δ the error falls at least as fast as width^{−1/4}",
                stat, THEOREM_SLOPE).withMinReplicates(needed);
        Claim clt = Claim.equal("the error falls at the central-limit rate width^{−1/2}, faster than the theorem guarantees; competing: "
                + "the theorem's width^{−1/4}", stat, CLT_SLOPE, THEOREM_SLOPE).withMinReplicates(needed);
        Map<String, Double> widthFor = new LinkedHashMap<>();
        if (fit != null) {
            for (double eps : s.epsilons()) {
                widthFor.put(String.valueOf(eps), Math.exp((Math.log(eps) - fit.intercept()) / fit.slope().value()));
            }
        }
        return new Analysis(List.of(theorem.judge(slope), clt.judge(slope)), fit, widthFor);
    }

    private static XYChart plot(Spec s, Run[][] runs, Analysis a) {
        XYChart c = Plots.chart(String.format(Locale.ROOT, "empirical vs analytic NTK at initialisation: max over pairs |K_emp − Θ|/(L+1), "
                + "%d networks per width", s.networks()), "width (every hidden layer)", "error / (L+1)", true, true);
        double[] w = s.widths().stream().mapToDouble(Integer::doubleValue).toArray();
        double[] mean = new double[w.length];
        double[] lo = new double[w.length];
        double[] hi = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            double[] b = GdDynamics.logScaleBar(java.util.Arrays.stream(runs[i]).mapToDouble(Run::max).toArray());
            mean[i] = b[0];
            lo[i] = b[1];
            hi[i] = b[2];
        }
        Plots.errorBars(c, "mean max error [95 % CI]", w, mean, lo, hi, Plots.Meaning.MEASURED);
        if (a.fit() != null) {
            double[] fx = {w[0], w[w.length - 1]};
            Plots.line(c, String.format(Locale.ROOT, "fit: slope %.3f [%.3f, %.3f]", a.fit().slope().value(), a.fit().slope().low(),
                    a.fit().slope().high()), fx, new double[] {a.fit().at(fx[0]), a.fit().at(fx[1])}, Plots.Meaning.FIT);
        }
        Plots.slopeGuide(c, "theorem: slope −1/4 (width ∝ ε^{−4})", w[0], 1.3 * mean[0], w[w.length - 1], THEOREM_SLOPE);
        Plots.slopeGuide(c, "central limit: slope −1/2", w[0], 1.3 * mean[0], w[w.length - 1], CLT_SLOPE);
        return c;
    }

    private static String summary(Spec s, Run[][] runs, Analysis a) {
        StringBuilder md = new StringBuilder("# ntk-width: how wide before the empirical NTK is ε-close to the analytic one\n\n");
        md.append("Claim (Arora, Du, Hu, Li, Salakhutdinov & Wang 2019, Thm 3.1, seed 003): for ReLU networks with every hidden width ")
                .append("≥ Ω(L⁶/ε⁴ · log(L/δ)), |⟨∂f(x)/∂θ, ∂f(x')/∂θ⟩ − Θ^{(L)}(x, x')| ≤ (L+1)ε with probability ≥ 1 − δ for ‖x‖, ")
                .append("‖x'‖ ≤ 1. At fixed L and δ: an error falling at least as fast as width^{−1/4}. The central limit suggests ")
                .append("width^{−1/2} per entry.\n\n")
                .append(String.format(Locale.ROOT, "Setup: the `arora` preset (ReLU, √(2/m) scaling, no bias), L = %d hidden layers of equal "
                        + "width, %d fixed points uniform on the unit sphere S^%d ⊂ R^%d (every pair compared, x = x' included); per width ",
                        s.depth(), s.points(), s.dim() - 1, s.dim()))
                .append(s.networks()).append(" networks at initialisation, each with its own parameters (seeded by (seed, width, ")
                .append("network)): the empirical NTK by the structured formula against the analytic NTK. Statistic of one network: the ")
                .append("largest error over the pairs divided by L + 1 (the theorem's ε). Widths ").append(s.widths()).append(".\n\n");
        md.append("| width | mean max error/(L+1) [95 % CI] | min–max over networks | mean over pairs, mean over networks |\n|---:|---|---|---|\n");
        for (int i = 0; i < runs.length; i++) {
            double[] mx = java.util.Arrays.stream(runs[i]).mapToDouble(Run::max).toArray();
            Replicates.Summary sm = Replicates.summarise(mx);
            md.append(String.format(Locale.ROOT, "| %d | %.4g [%.4g, %.4g] | %.4g–%.4g | %.4g |%n", s.widths().get(i), sm.mean(), sm.ci().low(),
                    sm.ci().high(), sm.min(), sm.max(), java.util.Arrays.stream(runs[i]).mapToDouble(Run::mean).average().orElse(Double.NaN)));
        }
        md.append("\n## Verdicts\n\nThe slope's interval is the delta-method t interval (Welch–Satterthwaite) over the networks at each ")
                .append("width (`SlopeFit.acrossLevels`); the shared rule decides (`org.ntklab.stats.Claim`).\n\n");
        for (Verdict v : a.verdicts()) {
            md.append("- ").append(v.line()).append('\n');
        }
        if (!a.needed().isEmpty()) {
            md.append("\nWidth at which the fitted mean max error reaches ε (from the fitted line, no interval; the theorem gives the form ")
                    .append("L⁶ε⁻⁴ log(L/δ) without its constant): ");
            List<String> parts = new ArrayList<>();
            a.needed().forEach((eps, width) -> parts.add(String.format(Locale.ROOT, "ε = %s: %.3g", eps, width)));
            md.append(String.join("; ", parts)).append(".\n");
        }
        md.append("\nFiles: `errors.csv` (every network's max and mean error over pairs), `error-vs-width.png|svg`, `verdict.json`, ")
                .append("`meta.json`.\n");
        return md.toString();
    }
}
