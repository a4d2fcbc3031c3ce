package org.ntklab.tools.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.ntklab.data.Domains;
import org.ntklab.eigen.DecayRate;
import org.ntklab.eigen.Smoothness;
import org.ntklab.eigen.Spectrum;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.KernelPair;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.stats.Claim;
import org.ntklab.stats.Estimate;
import org.ntklab.stats.Replicates;
import org.ntklab.stats.Verdict;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.train.GaussianProcessPrior;

/**
 * Seeds 000/001: f^GP ~ GP(0, Σ) (the NNGP, what a standard-initialised network outputs at
 * width → ∞) lies in [H^NT]^s with probability one for s &lt; 3/(d+1) and with probability zero
 * for s ≥ 3/(d+1), so its smoothness is 3/(d+1). Estimated by the tail-sum method: each replicate
 * draws fresh points and a fresh f^GP on them and gives one ŝ = r/β over a window fixed in the
 * spec, with β = (d+1)/d the theory's decay rate (not fitted: that would add a second noisy,
 * biased estimate); the verdict is the t interval over replicates against 3/(d+1) and the
 * competing 1 (f^GP as smooth as the RKHS boundary). At d = 2 the two coincide and no claim is
 * judged. The same estimator at a second n measures its finite-n drift.
 */
final class GpSmoothness implements Experiment<GpSmoothness.Spec> {

    /**
     * The spec.
     *
     * @param dims         input dimensions d
     * @param domain       sphere, ball or cube
     * @param n            points per replicate (the verdict's)
     * @param nCheck       a second number of points, same window and replicates, reported as data (finite-n drift)
     * @param depth        hidden layers of the chen-li-lin network
     * @param replicates   independent (points, f^GP) draws per d and n
     * @param window       the index window [from, to] of the tail-sum fit
     * @param otherWindows further windows on the same replicates, reported as data
     * @param seed         master seed
     */
    record Spec(List<Integer> dims, String domain, int n, int nCheck, int depth, int replicates, List<Integer> window,
                List<List<Integer>> otherWindows, long seed) implements ExperimentSpec {

        @Override
        public void validate() {
            ExperimentSpec.require(dims != null && !dims.isEmpty() && dims.stream().allMatch(d -> d != null && d >= 2 && d <= 100), "dims",
                    "need dimensions 2..100");
            ExperimentSpec.require(dims.stream().anyMatch(d -> d >= 3), "dims",
                    "need a d ≥ 3: at d = 2 the claimed 3/(d+1) equals the competing 1 and no claim can be judged");
            try {
                Domains.Domain.parse(domain == null ? "" : domain);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("spec key 'domain': " + e.getMessage());
            }
            ExperimentSpec.require(n >= 50 && n <= 10000, "n", "must be 50..10000 (dense eigendecomposition)");
            ExperimentSpec.require(nCheck >= 50 && nCheck <= 10000, "n_check", "must be 50..10000 (dense eigendecomposition)");
            ExperimentSpec.require(depth >= 1 && depth <= 10, "depth", "must be 1..10");
            ExperimentSpec.require(replicates >= 1 && replicates <= 100, "replicates", "must be 1..100");
            SpecWindows.of(window, "window", Math.min(n, nCheck));
            SpecWindows.list(otherWindows, "other_windows", Math.min(n, nCheck), 4);
        }

        DecayRate.Window fitWindow() {
            return SpecWindows.of(window, "window", Math.min(n, nCheck));
        }

        List<DecayRate.Window> checkWindows() {
            return SpecWindows.list(otherWindows, "other_windows", Math.min(n, nCheck), 4);
        }
    }

    @Override
    public String name() {
        return "gp-smoothness";
    }

    @Override
    public String description() {
        return "smoothness of f^GP (NNGP sample) w.r.t. the NTK by the tail-sum method vs the threshold 3/(d+1)";
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    /**
     * The estimates of one (d, n), one per replicate (fresh points and f^GP).
     *
     * @param d          input dimension
     * @param n          points
     * @param s          ŝ = r/β with β = (d+1)/d over the spec's window
     * @param others     the same over each other window: others[w][replicate]
     * @param sFitted    ŝ with β fitted over the spec's window on the replicate's own spectrum (data)
     * @param betaFitted that fitted β
     * @param jitter     the largest jitter the NNGP draws needed
     */
    record Measured(int d, int n, double[] s, double[][] others, double[] sFitted, double[] betaFitted, double jitter) {
    }

    /** The theory's decay rate (d+1)/d, the β of ŝ = r/β. */
    static double beta(int d) {
        return (d + 1.0) / d;
    }

    /** 3/(d+1): the smoothness of f^GP. */
    static double threshold(int d) {
        return 3.0 / (d + 1);
    }

    /** The claim at d ≥ 3 (at d = 2 the claimed and competing values coincide). */
    static Claim claim(int d, Spec s) {
        return Claim.equal("f^GP lies in [H^NT]^s exactly for s < 3/(d+1) (seeds 000/001, Thm 4.2): its tail-sum smoothness is 3/(d+1); "
                        + "competing: 1, f^GP as smooth as the RKHS boundary",
                String.format(Locale.ROOT, "ŝ = r/β, β = (d+1)/d, tail sums of f^GP on the NTK eigenvectors over i ∈ %s, %s of R^%d, n = %d",
                        s.fitWindow(), s.domain(), d, s.n()),
                threshold(d), 1.0);
    }

    /**
     * The verdicts, headline first (the largest d), one per d ≥ 3 of the verdict's n; d = 2 has
     * none (3/(d+1) = 1 is also the competitor).
     */
    static List<Verdict> verdicts(List<Measured> measured, Spec s) {
        List<Measured> judged = new ArrayList<>(measured.stream().filter(m -> m.n() == s.n() && m.d() >= 3).toList());
        judged.sort((a, b) -> Integer.compare(b.d(), a.d()));
        List<Verdict> out = new ArrayList<>();
        Measured head = judged.isEmpty() ? null : judged.get(0);
        if (head != null) {
            out.add(claim(head.d(), s).judge(estimate(head.s())));
        }
        for (Measured m : measured) {
            if (m != head && m.n() == s.n() && m.d() >= 3) {
                out.add(claim(m.d(), s).judge(estimate(m.s())));
            }
        }
        return out;
    }

    /** The t interval over replicates, named for what a replicate is. */
    static Estimate estimate(double[] perReplicate) {
        Estimate e = Replicates.summarise(perReplicate).estimate();
        return new Estimate(e.value(), e.interval(), e.replicates(), e.method() + " (fresh points and f^GP each)");
    }

    @Override
    public void run(Spec s, ExperimentContext ctx) {
        Domains.Domain domain = Domains.Domain.parse(s.domain());
        DecayRate.Window w = s.fitWindow();
        List<DecayRate.Window> others = s.checkWindows();
        int[] ns = s.nCheck() == s.n() ? new int[] {s.n()} : new int[] {s.n(), s.nCheck()};
        ctx.plan((long) s.dims().size() * s.replicates() * ns.length);
        CsvTable raw = new CsvTable("d", "n", "replicate", "window_from", "window_to", "role", "tail_exponent", "beta_theory", "s_hat",
                "beta_fitted", "s_hat_fitted_beta");
        List<Measured> measured = new ArrayList<>();
        for (int role = 0; role < ns.length; role++) {
            int n = ns[role];
            for (int d : s.dims()) {
                AnalyticKernel kernel = new AnalyticKernel(Preset.CHEN_LI_LIN.spec(d, s.depth(), null));
                double[] sh = new double[s.replicates()];
                double[][] oth = new double[others.size()][s.replicates()];
                double[] sf = new double[s.replicates()];
                double[] bf = new double[s.replicates()];
                double jitter = 0;
                for (int r = 0; r < s.replicates(); r++) {
                    int key = streamKey(role, d, r);
                    Matrix x = Domains.sample(domain, n, d, s.seed(), key);
                    KernelPair both = kernel.compute(x);
                    Spectrum.Eigensystem ntk = Spectrum.all(both.ntk(), true);
                    GaussianProcessPrior prior = new GaussianProcessPrior(both.nngp(), new Matrix(0, n, new double[0]),
                            new Matrix(0, 0, new double[0]));
                    jitter = Math.max(jitter, prior.jitter());
                    // the draw's Gaussian stream (layer GaussianProcessPrior.STREAM_LAYER, index = key) differs from the points'
                    // (layer = key < STREAM_LAYER is impossible to confuse: keys are ≥ 2000 and never 0x4750, whose r would be 256)
                    double[] f = prior.draw(s.seed(), key).trainAt(0);
                    Smoothness.Profile p = Smoothness.profile(ntk, f);
                    Smoothness.Estimate e = p.over(w, beta(d));
                    Smoothness.Estimate fitted = p.over(w, null);
                    sh[r] = e.s();
                    sf[r] = fitted.s();
                    bf[r] = fitted.edr();
                    String tag = role == 0 ? "verdict" : "n_check";
                    raw.add(d, n, r, w.from(), w.to(), tag, e.tailExponent(), beta(d), e.s(), fitted.edr(), fitted.s());
                    for (int o = 0; o < others.size(); o++) {
                        DecayRate.Window ow = others.get(o);
                        Smoothness.Estimate eo = p.over(ow, beta(d));
                        Smoothness.Estimate fo = p.over(ow, null);
                        oth[o][r] = eo.s();
                        raw.add(d, n, r, ow.from(), ow.to(), tag + "_other_window", eo.tailExponent(), beta(d), eo.s(), fo.edr(), fo.s());
                    }
                    ctx.step();
                }
                measured.add(new Measured(d, n, sh, oth, sf, bf, jitter));
            }
        }
        List<Verdict> verdicts = verdicts(measured, s);
        ctx.csv("estimates", raw);
        plot(s, ctx, measured);
        ctx.summary(summary(s, measured, verdicts));
        Map<String, Object> fits = new LinkedHashMap<>();
        for (Measured m : measured) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("s_hat_mean", Replicates.mean(m.s()));
            f.put("threshold", threshold(m.d()));
            f.put("beta_fitted_mean", Replicates.mean(m.betaFitted()));
            f.put("jitter", m.jitter());
            fits.put("d" + m.d() + " n" + m.n(), f);
        }
        ctx.record().put("fits", fits);
        ctx.verdicts(verdicts);
    }

    /** The stream key of replicate r at dimension d for the verdict's n (role 0) or the check n (role 1). */
    static int streamKey(int role, int d, int r) {
        return ((role + 2) * 1000 + d) * 1000 + r;
    }

    private static String ci(double[] v) {
        Replicates.Summary sm = Replicates.summarise(v);
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", sm.mean(), sm.ci().low(), sm.ci().high());
    }

    private static String summary(Spec s, List<Measured> measured, List<Verdict> verdicts) {
        DecayRate.Window w = s.fitWindow();
        List<DecayRate.Window> others = s.checkWindows();
        StringBuilder md = new StringBuilder("# gp-smoothness: how smooth is the initial function of a wide network?\n\n");
        md.append("Claim (seeds 000/001, Thm 4.2): P(f^GP ∈ [H^NT]^s) = 1 for s < 3/(d+1) and 0 for s ≥ 3/(d+1): the smoothness of ")
                .append("f^GP with respect to the NTK is 3/(d+1). Competing value: 1, the naive belief that a GP sample has the ")
                .append("smoothness of the kernel's RKHS boundary.\n\n")
                .append("Setup: `chen-li-lin` network, ").append(s.depth()).append(" hidden layers; per d, ").append(s.replicates())
                .append(" replicates, each n = ").append(s.n()).append(" fresh points uniform on the ").append(s.domain())
                .append(" of R^d and a fresh f^GP drawn from the NNGP at those points (jitter in meta.json); the tail sums ")
                .append("T(i) = Σ_{j≥i} (u_jᵀf)² on the NTK Gram's eigenvectors, r = the least-squares slope of −log T(i) on log i ")
                .append("over the fixed window i ∈ ").append(w).append(", and ŝ = r/β with **β = (d+1)/d, the theory's decay rate**. ")
                .append("β is not fitted: a fitted β is a second noisy estimate from the same spectrum, and at this n it sits below ")
                .append("(d+1)/d (see the edr experiment); the ŝ a fitted β gives is shown as data.\n\n")
                .append("Window (fixed in the spec before the data): n/100 to n/10 of the verdict's n, as in the edr experiment. ")
                .append("Interval: 95 % t interval of the mean of ŝ over the replicates (independent points and GP draws). ")
                .append("Verdict by the shared rule: `contradicts` when it excludes 3/(d+1), `supports` when it keeps 3/(d+1) and ")
                .append("excludes 1, else `inconclusive`.\n\n");
        md.append("| d | ŝ over ").append(w).append(", n = ").append(s.n()).append(" [95 % CI] | claimed 3/(d+1) | competing | replicates | verdict |");
        if (s.nCheck() != s.n()) {
            md.append(" ŝ at n = ").append(s.nCheck()).append(" [95 % CI] |");
        }
        for (DecayRate.Window ow : others) {
            md.append(" ŝ over ").append(ow).append(" [95 % CI] |");
        }
        md.append(" ŝ with fitted β [95 % CI] | fitted β [95 % CI] |\n|---|---|---|---|---|---|");
        md.append("---|".repeat((s.nCheck() != s.n() ? 1 : 0) + others.size() + 2)).append('\n');
        for (Measured m : measured) {
            if (m.n() != s.n()) {
                continue;
            }
            String verdict = m.d() >= 3 ? claim(m.d(), s).judge(estimate(m.s())).outcome().word() : "none (3/(d+1) = 1: no competitor)";
            md.append(String.format(Locale.ROOT, "| %d | %s | %.4f | 1 | %d | %s |", m.d(), ci(m.s()), threshold(m.d()), m.s().length, verdict));
            if (s.nCheck() != s.n()) {
                md.append(' ').append(ci(check(measured, m.d(), s.nCheck()).s())).append(" |");
            }
            for (double[] o : m.others()) {
                md.append(' ').append(ci(o)).append(" |");
            }
            md.append(' ').append(ci(m.sFitted())).append(" | ").append(ci(m.betaFitted())).append(" |\n");
        }
        md.append("\nVerdicts (headline first: the largest d; the interval is over replicates = fresh points and f^GP):\n\n");
        for (Verdict v : verdicts) {
            md.append("- ").append(v.line()).append('\n');
        }
        if (s.dims().contains(2)) {
            Measured m2 = check(measured, 2, s.n());
            md.append(String.format(Locale.ROOT, "%n**d = 2 is data only.** There 3/(d+1) = 1: the theorem's value and the competing belief "
                    + "coincide, so no interval can tell them apart and no claim is judged. Measured: ŝ = %s.%n", ci(m2.s())));
        }
        md.append('\n').append(discussion(s, measured, verdicts));
        return md.toString();
    }

    private static Measured check(List<Measured> measured, int d, int n) {
        return measured.stream().filter(m -> m.d() == d && m.n() == n).findFirst().orElseThrow();
    }

    /** The finite-n drift and window sensitivity, in numbers. */
    private static String discussion(Spec s, List<Measured> measured, List<Verdict> verdicts) {
        StringBuilder md = new StringBuilder();
        long contra = verdicts.stream().filter(v -> v.outcome() == Verdict.Outcome.CONTRADICTS).count();
        if (contra > 0) {
            md.append("**").append(contra).append(" of ").append(verdicts.size()).append(" claims are contradicted**: the estimates sit ");
            List<String> parts = new ArrayList<>();
            for (Measured m : measured) {
                if (m.n() == s.n() && m.d() >= 3) {
                    parts.add(String.format(Locale.ROOT, "%.2f× the claimed value at d = %d", Replicates.mean(m.s()) / threshold(m.d()), m.d()));
                }
            }
            md.append(String.join(", ", parts)).append(". ");
        }
        if (s.nCheck() != s.n()) {
            md.append("Finite-n drift of the estimator (same window, same number of replicates): ");
            List<String> parts = new ArrayList<>();
            for (Measured m : measured) {
                if (m.n() == s.n()) {
                    Measured c = check(measured, m.d(), s.nCheck());
                    parts.add(String.format(Locale.ROOT, "d = %d: ŝ = %.3f at n = %d, %.3f at n = %d", m.d(), Replicates.mean(c.s()), c.n(),
                            Replicates.mean(m.s()), m.n()));
                }
            }
            md.append(String.join("; ", parts)).append(". ");
            md.append("Where ŝ moves with n at a fixed window by more than its interval, the estimator has not converged at these n: ")
                    .append("the projections of f^GP on the Gram's eigenvectors u_j approximate its coefficients on the operator's ")
                    .append("eigenfunctions only for j ≪ n, and the theorem's j^{−(d+3)/d} decay of their variances is asymptotic in j. ")
                    .append("A verdict of `contradicts` here is a statement about this estimator at this n and window, not a ")
                    .append("measured violation of the theorem; the spec was not tuned to change it. ");
        }
        md.append("The other windows (data, no verdict) show how much ŝ depends on where the tail sums are read.\n");
        return md.toString();
    }

    private static void plot(Spec s, ExperimentContext ctx, List<Measured> measured) {
        XYChart c = Plots.chart("smoothness of f^GP w.r.t. the NTK: tail sums over i ∈ " + s.fitWindow() + ", β = (d+1)/d",
                "input dimension d", "ŝ (mean and 95 % CI over " + s.replicates() + " replicates)", false, false);
        int[] ns = measured.stream().mapToInt(Measured::n).distinct().toArray();
        for (int k = 0; k < ns.length; k++) {
            int n = ns[k];
            List<Measured> ms = measured.stream().filter(m -> m.n() == n).toList();
            double shift = (k - (ns.length - 1) / 2.0) * 0.12;
            double[] x = ms.stream().mapToDouble(m -> m.d() + shift).toArray();
            double[] y = new double[ms.size()];
            double[] lo = new double[ms.size()];
            double[] hi = new double[ms.size()];
            for (int i = 0; i < ms.size(); i++) {
                Replicates.Summary sm = Replicates.summarise(ms.get(i).s());
                y[i] = sm.mean();
                lo[i] = Double.isFinite(sm.ci().low()) ? sm.ci().low() : sm.mean();
                hi[i] = Double.isFinite(sm.ci().high()) ? sm.ci().high() : sm.mean();
            }
            Plots.errorBars(c, "measured ŝ, n = " + n + (n == s.n() ? " (the verdict's)" : " (finite-n check)"), x, y, lo, hi,
                    Plots.Meaning.series(k));
        }
        double[] ds = s.dims().stream().mapToDouble(Integer::doubleValue).sorted().toArray();
        double[] span = {ds[0] - 0.3, ds[ds.length - 1] + 0.3};
        Plots.theory(c, "claimed 3/(d+1) (seeds 000/001, Thm 4.2)", span, d -> 3 / (d + 1));
        Plots.theory(c, "competing 1: as smooth as the RKHS boundary", span, d -> 1)
                .setLineStyle(org.knowm.xchart.style.lines.SeriesLines.DOT_DOT);
        ctx.plot("smoothness", c);
    }
}
