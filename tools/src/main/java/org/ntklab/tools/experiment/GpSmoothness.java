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
import org.ntklab.eigen.SphereMercer;
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
     * @param sphereCheck  also run the estimator on the sphere S^d of R^{d+1} and check it against the exact (Funk–Hecke)
     *                     population ŝ over the same windows
     * @param seed         master seed
     */
    record Spec(List<Integer> dims, String domain, int n, int nCheck, int depth, int replicates, List<Integer> window,
                List<List<Integer>> otherWindows, boolean sphereCheck, long seed) implements ExperimentSpec {

        @Override
        public void validate() {
            ExperimentSpec.require(dims != null && !dims.isEmpty() && dims.stream().allMatch(d -> d != null && d >= 2 && d <= 100), "dims",
                    "need dimensions 2..100");
            ExperimentSpec.require(dims.stream().anyMatch(d -> d >= 3), "dims",
                    "need a d ≥ 3: at d = 2 the claimed 3/(d+1) equals the competing 1 and no claim can be judged");
            Domains.Domain parsed;
            try {
                parsed = Domains.Domain.parse(domain == null ? "" : domain);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("spec key 'domain': " + e.getMessage());
            }
            // 3/(d+1) and β = (d+1)/d belong to a d-dimensional domain; S^{d−1} has dimension d − 1 (there they are 3/d and
            // d/(d−1)), and mixing the two silently would judge the sphere against the ball's threshold
            ExperimentSpec.require(parsed != Domains.Domain.SPHERE, "domain",
                    "must be ball, cube or gaussian (d-dimensional): the sphere S^{d-1} of R^d has dimension d-1, so 3/(d+1) is "
                            + "not its threshold; the sphere S^d of R^{d+1} is run by sphere_check: true");
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

    /**
     * The estimator against its exact counterpart on the sphere S^d of R^{d+1} (dimension d, so the same β = (d+1)/d
     * and 3/(d+1) as the main rows).
     *
     * @param d           the sphere's dimension
     * @param s           the estimator's ŝ over the spec's window, one per replicate (n = the verdict's n)
     * @param others      the same over each other window
     * @param exact       the exact population ŝ over the spec's window: the same fit to E T(i) from the Funk–Hecke
     *                    coefficients of the NTK (order) and the NNGP (variances)
     * @param exactOthers the same over each other window
     * @param precision   the quadrature's measured error relative to the smallest NTK eigenvalue in the profile
     */
    record SphereCheck(int d, double[] s, double[][] others, double exact, double[] exactOthers, double precision) {
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

    /** The estimator check on S^d: its replicate mean recovers the exact population ŝ; competing, the asymptotic 3/(d+1). */
    static Claim estimatorCheck(int d, double exact, Spec s) {
        return Claim.equal(String.format(Locale.ROOT, "the tail-sum estimator recovers the exact population ŝ over the same window "
                        + "(Funk–Hecke coefficients of the NTK and NNGP on S^%d), %.4f; competing: the asymptotic 3/(d+1)", d, exact),
                String.format(Locale.ROOT, "ŝ = r/β, β = (d+1)/d, tail sums of f^GP on the NTK eigenvectors over i ∈ %s, sphere S^%d of "
                        + "R^%d, n = %d", s.fitWindow(), d, d + 1, s.n()), exact, threshold(d));
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
        ctx.plan((long) s.dims().size() * s.replicates() * (ns.length + (s.sphereCheck() ? 1 : 0)));
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
        List<SphereCheck> checks = new ArrayList<>();
        if (s.sphereCheck()) {
            for (int d : s.dims()) {
                checks.add(sphereCheck(s, d, raw, ctx));
            }
        }
        List<Verdict> verdicts = new ArrayList<>(verdicts(measured, s));
        for (SphereCheck c : checks) {
            verdicts.add(estimatorCheck(c.d(), c.exact(), s).judge(estimate(c.s())));
        }
        ctx.csv("estimates", raw);
        plot(s, ctx, measured);
        ctx.summary(summary(s, measured, checks, verdicts));
        Map<String, Object> fits = new LinkedHashMap<>();
        for (Measured m : measured) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("s_hat_mean", Replicates.mean(m.s()));
            f.put("threshold", threshold(m.d()));
            f.put("beta_fitted_mean", Replicates.mean(m.betaFitted()));
            f.put("jitter", m.jitter());
            fits.put("d" + m.d() + " n" + m.n(), f);
        }
        for (SphereCheck c : checks) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("s_hat_mean", Replicates.mean(c.s()));
            f.put("exact", c.exact());
            f.put("exact_other_windows", c.exactOthers());
            f.put("quadrature_error_relative", c.precision());
            fits.put("sphere S^" + c.d() + " n" + s.n(), f);
        }
        ctx.record().put("fits", fits);
        ctx.verdicts(verdicts);
    }

    /** The exact population ŝ on S^d and the estimator's on n uniform points of S^d, over every window of the spec. */
    private static SphereCheck sphereCheck(Spec s, int d, CsvTable raw, ExperimentContext ctx) {
        int p = d + 1;
        AnalyticKernel kernel = new AnalyticKernel(Preset.CHEN_LI_LIN.spec(p, s.depth(), null));
        List<DecayRate.Window> others = s.checkWindows();
        DecayRate.Window w = s.fitWindow();
        int count = Math.max(w.to(), others.stream().mapToInt(DecayRate.Window::to).max().orElse(0));
        ExactProfile ep = exactProfile(kernel, p, count);
        Smoothness.Profile exact = ep.profile();
        double exactS = exact.over(w, beta(d)).s();
        raw.add(d, "inf", "exact", w.from(), w.to(), "sphere_exact", exact.over(w, beta(d)).tailExponent(), beta(d), exactS, "", "");
        double[] exactOthers = new double[others.size()];
        for (int o = 0; o < others.size(); o++) {
            Smoothness.Estimate e = exact.over(others.get(o), beta(d));
            exactOthers[o] = e.s();
            raw.add(d, "inf", "exact", others.get(o).from(), others.get(o).to(), "sphere_exact_other_window", e.tailExponent(), beta(d),
                    e.s(), "", "");
        }
        double[] sh = new double[s.replicates()];
        double[][] oth = new double[others.size()][s.replicates()];
        for (int r = 0; r < s.replicates(); r++) {
            int key = streamKey(2, d, r);
            Matrix x = Domains.sample(Domains.Domain.SPHERE, s.n(), p, s.seed(), key);
            KernelPair both = kernel.compute(x);
            Spectrum.Eigensystem ntk = Spectrum.all(both.ntk(), true);
            GaussianProcessPrior prior = new GaussianProcessPrior(both.nngp(), new Matrix(0, s.n(), new double[0]),
                    new Matrix(0, 0, new double[0]));
            Smoothness.Profile prof = Smoothness.profile(ntk, prior.draw(s.seed(), key).trainAt(0));
            Smoothness.Estimate e = prof.over(w, beta(d));
            sh[r] = e.s();
            raw.add(d, s.n(), r, w.from(), w.to(), "sphere", e.tailExponent(), beta(d), e.s(), "", "");
            for (int o = 0; o < others.size(); o++) {
                Smoothness.Estimate eo = prof.over(others.get(o), beta(d));
                oth[o][r] = eo.s();
                raw.add(d, s.n(), r, others.get(o).from(), others.get(o).to(), "sphere_other_window", eo.tailExponent(), beta(d), eo.s(),
                        "", "");
            }
            ctx.step();
        }
        return new SphereCheck(d, sh, oth, exactS, exactOthers, ep.relativeError());
    }

    /** An exact profile and its quadrature error relative to the smallest eigenvalue and tail sum it holds. */
    record ExactProfile(Smoothness.Profile profile, double relativeError) {
    }

    /** The exact GP tail-sum profile on S^{p−1}, indices 1..count: enough degrees to hold them, the quadrature error checked. */
    static ExactProfile exactProfile(AnalyticKernel kernel, int p, int count) {
        int degrees = 1;
        double held = 1;
        while (held < 1.2 * count + 2 * SphereMercer.multiplicity(p, degrees) && degrees < 400) {
            held += SphereMercer.multiplicity(p, degrees++);
        }
        SphereMercer.Spectrum ntk = SphereMercer.ofKernel(kernel, true, p, degrees, 2 * degrees + 200);
        SphereMercer.Spectrum nngp = SphereMercer.ofKernel(kernel, false, p, degrees, 2 * degrees + 200);
        double[] e1 = new double[p];
        e1[0] = 1;
        Matrix pt = new Matrix(1, p, e1);
        double trace = kernel.nngp(pt, pt).get(0, 0);
        Smoothness.Profile prof = SphereMercer.gaussianProcessProfile(ntk, nngp, trace, count);
        double smallest = prof.eigenvalues()[count - 1];
        double err = Math.max(ntk.precision() / smallest, nngp.precision() / prof.tailSums()[count - 1]);
        if (err > 1e-6) {
            throw new IllegalStateException("Funk–Hecke quadrature error " + err + " (relative) is not small at index " + count);
        }
        return new ExactProfile(prof, err);
    }

    /** The stream key of replicate r at dimension d for the verdict's n (role 0), the check n (role 1) or the sphere check (2). */
    static int streamKey(int role, int d, int r) {
        return ((role + 2) * 1000 + d) * 1000 + r;
    }

    private static String ci(double[] v) {
        Replicates.Summary sm = Replicates.summarise(v);
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", sm.mean(), sm.ci().low(), sm.ci().high());
    }

    private static String summary(Spec s, List<Measured> measured, List<SphereCheck> checks, List<Verdict> verdicts) {
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
        md.append('\n').append(discussion(s, measured, verdicts.subList(0, verdicts.size() - checks.size())));
        if (!checks.isEmpty()) {
            md.append('\n').append(sphereSection(s, checks));
        }
        return md.toString();
    }

    /** The estimator against the exact population ŝ on S^d, and the exact ŝ's own window dependence. */
    private static String sphereSection(Spec s, List<SphereCheck> checks) {
        DecayRate.Window w = s.fitWindow();
        List<DecayRate.Window> others = s.checkWindows();
        StringBuilder md = new StringBuilder("## Exact check on the sphere\n\n");
        md.append("On the sphere S^d of R^{d+1} (dimension d: the same β = (d+1)/d and 3/(d+1) as above) both kernels are dot-product ")
                .append("kernels, so their eigenfunctions are the spherical harmonics and the population quantity the estimator ")
                .append("targets is known exactly: f^GP's coefficient on a degree-k harmonic has variance μ_k(NNGP), the index j runs ")
                .append("over the harmonics in decreasing order of μ_k(NTK), and E T(i) = Σ_{j≥i} μ(NNGP) (the tail past the degrees ")
                .append("kept is κ_NNGP(1) minus what they hold). The μ_k are Funk–Hecke integrals (`org.ntklab.eigen.SphereMercer`, ")
                .append("Gauss–Legendre in θ, error measured by doubling the nodes; the largest relative error here is ")
                .append(String.format(Locale.ROOT, "%.1e", checks.stream().mapToDouble(SphereCheck::precision).max().orElse(0)))
                .append("). 'exact' is the same least-squares fit over the same window applied to E T(i): the estimator's value at ")
                .append("n = ∞. The estimator runs on ").append(s.replicates()).append(" replicates of n = ").append(s.n())
                .append(" uniform points of S^d with a fresh f^GP each; its check is a verdict (claimed: the exact value; competing: ")
                .append("the asymptotic 3/(d+1)).\n\n");
        md.append("| d | exact ŝ over ").append(w).append(" | estimator over ").append(w).append(", n = ").append(s.n())
                .append(" [95 % CI] | verdict |");
        for (DecayRate.Window ow : others) {
            md.append(" exact over ").append(ow).append(" | estimator over ").append(ow).append(" [95 % CI] |");
        }
        md.append(" asymptotic 3/(d+1) |\n|---|---|---|---|").append("---|---|".repeat(others.size())).append("---|\n");
        for (SphereCheck c : checks) {
            md.append(String.format(Locale.ROOT, "| %d | %.4f | %s | %s |", c.d(), c.exact(), ci(c.s()),
                    estimatorCheck(c.d(), c.exact(), s).judge(estimate(c.s())).outcome().word()));
            for (int o = 0; o < others.size(); o++) {
                md.append(String.format(Locale.ROOT, " %.4f | %s |", c.exactOthers()[o], ci(c.others()[o])));
            }
            md.append(String.format(Locale.ROOT, " %.4f |%n", threshold(c.d())));
        }
        List<String> ratios = new ArrayList<>();
        for (SphereCheck c : checks) {
            ratios.add(String.format(Locale.ROOT, "%.2f× at d = %d", c.exact() / threshold(c.d()), c.d()));
        }
        md.append("\nThe exact population ŝ over the verdict's window is ").append(String.join(", ", ratios))
                .append(" the asymptotic 3/(d+1).");
        md.append("\nReading: where 'exact' already sits away from 3/(d+1), the window is pre-asymptotic for the population ")
                .append("quantity itself (the Funk–Hecke variances reach their j^{−(d+3)/d} law only at large j), and no n can bring ")
                .append("the estimator to the theorem's value over this window; where the estimator sits away from 'exact', the ")
                .append("gap is its finite-n bias.\n");
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
