package org.ntklab.tools.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ntklab.eigen.PowerLawFit;

/** The lambda-min experiment's summary.md and the facts it records in meta.json, computed from the measured points. */
final class LambdaMinReport {

    /** Points with d² at least this multiple of N count as "parameters ≳ N" in the verdict. */
    static final double WELL_ABOVE = 2.0;

    private final LambdaMin.Spec s;
    private final Map<LambdaMin.Series, Map<Integer, Map<Integer, LambdaMinStats>>> cells;
    private final LambdaMinThroughput.Figure speed;
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private final List<PowerLawFit> slopes = new ArrayList<>();
    private boolean allCertifiedAbove = true;
    private double singularMax;
    private int singularPoints;
    private PowerLawFit sweepFit;
    private double sweepLastOverFirst = Double.NaN;

    LambdaMinReport(LambdaMin.Spec s, Map<LambdaMin.Series, Map<Integer, Map<Integer, LambdaMinStats>>> cells,
                    LambdaMinThroughput.Figure speed) {
        this.s = s;
        this.cells = cells;
        this.speed = speed;
    }

    Map<String, Object> facts() {
        return facts;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# lambda-min: smallest NTK eigenvalue with minimum over-parameterisation\n\n");
        md.append("Claim (Bombari, Amani & Mondelli 2022, seed 002; formulas sheet §6): for deep networks with a loose pyramidal ")
                .append("topology and smooth activations, λ_min(K) = Ω(d_{L−1} d_{L−2}) with high probability as soon as the number of ")
                .append("parameters is of order N (up to logs); below that (fewer parameters in the differentiated layers than samples) ")
                .append("λ_min = 0 by rank.\n\n");
        md.append("Setup: the `bombari` preset — three layers, sigmoid, widths n₁ = n₂ = d, no bias, Kaiming-normal init (std ")
                .append("1/√fan_in, output layer std 1), standard parameterisation; inputs x ~ N(0, I_d); the partial NTK of the middle ")
                .append("layer J₂J₂ᵀ = (G¹G¹ᵀ)∘(B²B²ᵀ) assembled by the structured formula (the Jacobian is never formed), whose rank is ")
                .append("at most d² (its parameter count). d = ⌊√(").append(s.dUnit()).append("·i)⌋ for i = ").append(s.iFrom()).append(", ")
                .append(s.iFrom() + s.iStep()).append(", …, ").append(s.iTo())
                .append(s.extraD2().isEmpty() ? "" : " (the paper's grid), plus d = ⌊√v⌋ for v ∈ " + s.extraD2() + " around the rank boundary")
                .append("; N ∈ ").append(s.n()).append("; ")
                .append(s.repetitions()).append(" repetitions (fresh network and data) per point. Every λ_min is a certified bracket ")
                .append("lower ≤ λ_min ≤ upper (`org.ntklab.eigen`: the lower end is a successful Cholesky of K − sI with an explicit ")
                .append("rounding margin, the upper end an enclosed Rayleigh quotient); `lambda-min.csv` keeps both ends per repetition. ")
                .append("Where parameters < N the matrix is singular and no positive lower bound can exist: there the lower end is ≤ 0 ")
                .append("by construction and the upper end shows how close to 0 λ_min is.\n\n");
        mainSeries(md);
        variants(md);
        sweep(md);
        verdict(md);
        throughput(md);
        md.append("\nFiles: `lambda-min.csv` (every repetition, both bracket ends), `lambda-min.png|svg` (λ_min against d² per N, ")
                .append("dashed lines at d² = N), `lambda-min-over-d2.png|svg` (λ_min/d²), `lambda-min-variants.png|svg` (partial vs full ")
                .append("NTK vs ReLU, log scale, positive points only), `lambda-min-sweep.png|svg` (fixed d²/N).\n");
        return md.toString();
    }

    private void mainSeries(StringBuilder md) {
        Map<Integer, Map<Integer, LambdaMinStats>> main = cells.getOrDefault(LambdaMin.Series.PARTIAL, Map.of());
        md.append("## Partial NTK, sigmoid (the paper's protocol)\n\n");
        table(md, main);
        Map<String, Object> perN = new LinkedHashMap<>();
        List<String> verdicts = new ArrayList<>();
        for (var e : main.entrySet()) {
            int n = e.getKey();
            Map<String, Object> f = describeN(n, e.getValue(), verdicts, true);
            perN.put("n" + n, f);
        }
        facts.put("partial", perN);
        md.append("\n").append(String.join("\n", verdicts)).append("\n");
    }

    /** The verdict for one N: the singular side, the first certified-positive d², λ_min/d² well above d² = N ({@code main}: counts toward the overall verdict). */
    private Map<String, Object> describeN(int n, Map<Integer, LambdaMinStats> byD, List<String> verdicts, boolean main) {
        Map<String, Object> f = new LinkedHashMap<>();
        double singularUpper = 0;
        double singularScale = 0;
        int singularPoints = 0;
        int singularProvedPositive = 0;
        Double firstCertified = null;
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        int wellAbove = 0;
        int wellAboveCertified = 0;
        int wellAboveCount = 0;
        for (LambdaMinStats st : byD.values()) {
            if (st.rankDeficient()) {
                singularPoints++;
                singularUpper = Math.max(singularUpper, Math.abs(st.maxUpper()));
                singularScale = Math.max(singularScale, st.d2());
                singularProvedPositive += st.certifiedPositive();
            } else if (firstCertified == null && st.certifiedPositive() == st.count()) {
                firstCertified = st.d2();
            }
            if (st.d2() >= WELL_ABOVE * n) {
                wellAbove++;
                wellAboveCertified += st.certifiedPositive();
                wellAboveCount += st.count();
                lo = Math.min(lo, st.minLower() / st.d2());
                hi = Math.max(hi, st.meanEstimate() / st.d2());
            }
        }
        PowerLawFit growth = growth(n, byD);
        f.put("loglog_slope_lambda_vs_d2_with_d2_at_least_2n", growth == null ? null : growth.slope());
        if (growth != null && main) {
            slopes.add(growth);
        }
        f.put("rank_deficient_points", singularPoints);
        f.put("rank_deficient_max_abs_upper", singularUpper);
        f.put("rank_deficient_certified_positive", singularProvedPositive);
        f.put("first_d2_all_certified_positive", firstCertified);
        f.put("points_with_d2_at_least_2n", wellAbove);
        f.put("certified_positive_with_d2_at_least_2n", wellAboveCertified + "/" + wellAboveCount);
        f.put("min_lower_over_d2_with_d2_at_least_2n", wellAbove > 0 ? lo : null);
        f.put("max_mean_over_d2_with_d2_at_least_2n", wellAbove > 0 ? hi : null);
        StringBuilder v = new StringBuilder(String.format(Locale.ROOT, "- **N = %d.** ", n));
        if (singularPoints > 0) {
            v.append(String.format(Locale.ROOT, "%d grid points have d² < N: there every upper end is within %.2e of 0 (λ_min = 0 as the "
                    + "rank bound says; the floating-point K is PSD only up to rounding, so an end may be slightly negative; ", singularPoints,
                    singularUpper)).append(singularProvedPositive == 0 ? "no bracket claims positivity). "
                    : singularProvedPositive + " brackets claim positivity — a contradiction of the rank bound to investigate). ");
        }
        if (firstCertified != null) {
            v.append(String.format(Locale.ROOT, "From d² = %.0f (%.2f·N) on, every repetition's bracket proves λ_min > 0. ", firstCertified,
                    firstCertified / n));
        } else {
            v.append("No grid point with d² ≥ N has all repetitions certified positive. ");
        }
        if (wellAbove > 0) {
            v.append(String.format(Locale.ROOT, "For d² ≥ %.0fN (%d points): %d/%d brackets certified positive, λ_min/d² between %.3e "
                    + "(smallest certified lower end) and %.3e (largest mean estimate).", WELL_ABOVE, wellAbove, wellAboveCertified,
                    wellAboveCount, lo, hi));
            if (growth != null) {
                v.append(String.format(Locale.ROOT, " Log-log slope of λ_min against d² there: %s (1 = λ_min ∝ d²).", growth.describeSlope()));
            }
        } else {
            v.append(String.format(Locale.ROOT, "The grid has no d² ≥ %.0fN.", WELL_ABOVE));
        }
        if (main) {
            allCertifiedAbove &= wellAboveCertified == wellAboveCount;
            singularMax = Math.max(singularMax, singularUpper);
            this.singularPoints += singularPoints;
        }
        verdicts.add(v.toString());
        return f;
    }

    /** Log-log fit of the mean λ_min against d² over the points with d² ≥ 2N (null with fewer than 3 positive ones). */
    private static PowerLawFit growth(int n, Map<Integer, LambdaMinStats> byD) {
        List<double[]> pts = new ArrayList<>();
        for (LambdaMinStats st : byD.values()) {
            if (st.d2() >= WELL_ABOVE * n && st.meanEstimate() > 0) {
                pts.add(new double[] {st.d2(), st.meanEstimate()});
            }
        }
        if (pts.size() < 3) {
            return null;
        }
        return PowerLawFit.fit(pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray(),
                PowerLawFit.LEVEL);
    }

    /** The overall verdict against the claim, from the main series and the sweep. */
    private void verdict(StringBuilder md) {
        md.append("\n## Verdict (the paper's protocol: partial NTK, sigmoid; and the sweep)\n\n");
        md.append(singularPoints == 0 ? "- The grid has no point with d² < N, so the rank side is not tested here.\n"
                : String.format(Locale.ROOT, "- Below the rank boundary (d² < N, %d points) every bracket lies within %.1e of 0 and none "
                + "claims positivity: λ_min = 0, as the rank bound says.%n", singularPoints, singularMax));
        md.append(allCertifiedAbove
                ? String.format(Locale.ROOT, "- Once d² ≥ %.0fN, every repetition at every N is certified λ_min > 0: bounded away from 0, "
                        + "as claimed.%n", WELL_ABOVE)
                : String.format(Locale.ROOT, "- Some repetition with d² ≥ %.0fN is not certified positive (see the per-N lines): there the "
                        + "data do not show λ_min bounded away from 0.%n", WELL_ABOVE));
        if (!slopes.isEmpty()) {
            double lo = slopes.stream().mapToDouble(PowerLawFit::slope).min().orElse(Double.NaN);
            double hi = slopes.stream().mapToDouble(PowerLawFit::slope).max().orElse(Double.NaN);
            md.append(String.format(Locale.ROOT, "- Above d² = %.0fN, λ_min grows like (d²)^a with a between %.2f and %.2f across N. ", WELL_ABOVE,
                    lo, hi));
            md.append(lo >= 1 ? "a ≥ 1: λ_min/d² does not fall as d² grows, consistent with λ_min = Ω(d²); a > 1 means the grid is still in "
                    + "the approach to the asymptotic regime (λ_min/d² not yet flat).\n"
                    : "a < 1 for some N: over this range λ_min/d² falls as d² grows, which the Ω(d²) bound does not predict (or the "
                    + "constant is approached from above).\n");
        }
        if (sweepFit != null) {
            md.append(String.format(Locale.ROOT, "- At fixed d²/N = %.3g, λ_min/d² against N has log-log slope %s and changes by a factor %.2f "
                    + "over the sweep: %s%n", s.sweepRatio(), sweepFit.describeSlope(), sweepLastOverFirst,
                    sweepFit.slopeWithin(0) || sweepFit.slope() > 0 ? "no decay to 0 is visible, consistent with λ_min/(d_{L−1}d_{L−2}) "
                            + "= Ω(1) at parameters ∝ N."
                            : "it decays with N; with parameters only proportional to N (no log factor) this is within what the claim's "
                            + "'up to logs' allows only if the decay is logarithmic — see the table."));
        }
    }

    /** One row per d: per N, mean λ_min/d² with the smallest certified lower end and the count certified positive. */
    private static void table(StringBuilder md, Map<Integer, Map<Integer, LambdaMinStats>> byN) {
        List<Integer> ns = new ArrayList<>(byN.keySet());
        java.util.TreeSet<Integer> ds = new java.util.TreeSet<>();
        byN.values().forEach(m -> ds.addAll(m.keySet()));
        md.append("| d | d² |");
        ns.forEach(n -> md.append(" N = ").append(n).append(": λ_min/d² mean [min lower/d²] (certified > 0) |"));
        md.append("\n|---:|---:|");
        ns.forEach(n -> md.append("---|"));
        md.append("\n");
        for (int d : ds) {
            md.append(String.format(Locale.ROOT, "| %d | %d |", d, (long) d * d));
            for (int n : ns) {
                LambdaMinStats st = byN.get(n).get(d);
                if (st == null) {
                    md.append(" |");
                    continue;
                }
                md.append(String.format(Locale.ROOT, " %.3e [%.2e] (%d/%d)%s |", st.meanEstimate() / st.d2(), st.minLower() / st.d2(),
                        st.certifiedPositive(), st.count(), st.rankDeficient() ? " *P < N*" : ""));
            }
            md.append("\n");
        }
    }

    private void variants(StringBuilder md) {
        for (LambdaMin.Series v : new LambdaMin.Series[] {LambdaMin.Series.FULL, LambdaMin.Series.RELU}) {
            Map<Integer, Map<Integer, LambdaMinStats>> byN = cells.get(v);
            if (byN == null) {
                continue;
            }
            md.append("\n## ").append(v.label).append(" (").append(s.variantRepetitions()).append(" repetitions)\n\n");
            md.append(v == LambdaMin.Series.FULL
                    ? "All three weight layers differentiated: 2d² + d parameters, so the rank boundary moves to 2d² + d = N.\n\n"
                    : "The same network with ReLU (same init: std 1/√fan_in, no He factor), middle layer differentiated. ReLU is not "
                    + "smooth: the paper's bound does not cover it.\n\n");
            table(md, byN);
            Map<String, Object> perN = new LinkedHashMap<>();
            List<String> verdicts = new ArrayList<>();
            byN.forEach((n, byD) -> perN.put("n" + n, describeN(n, byD, verdicts, false)));
            facts.put(v.id(), perN);
            md.append("\n").append(String.join("\n", verdicts)).append("\n");
        }
    }

    private void sweep(StringBuilder md) {
        Map<Integer, Map<Integer, LambdaMinStats>> byN = cells.get(LambdaMin.Series.SWEEP);
        if (byN == null) {
            return;
        }
        md.append(String.format(Locale.ROOT, "%n## Sweep over N at fixed d²/N ≈ %.3g (%d repetitions)%n%n", s.sweepRatio(),
                s.sweepRepetitions()));
        md.append("The claim in the form λ_min / (d_{L−1} d_{L−2}) = Ω(1): along d = ⌈√(ratio·N)⌉ the ratio should not drift to 0 as N ")
                .append("grows.\n\n| N | d | d²/N | λ_min/d² mean | min lower/d² | certified > 0 |\n|---:|---:|---:|---:|---:|---:|\n");
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        List<Double> means = new ArrayList<>();
        for (var e : byN.entrySet()) {
            for (LambdaMinStats st : e.getValue().values()) {
                double m = st.meanEstimate() / st.d2();
                means.add(m);
                lo = Math.min(lo, m);
                hi = Math.max(hi, m);
                md.append(String.format(Locale.ROOT, "| %d | %d | %.3f | %.4e | %.4e | %d/%d |%n", st.n(), st.d(), st.d2() / st.n(), m,
                        st.minLower() / st.d2(), st.certifiedPositive(), st.count()));
            }
        }
        double first = means.get(0);
        double last = means.get(means.size() - 1);
        md.append(String.format(Locale.ROOT, "%nAcross N = %d … %d the mean λ_min/d² stays within [%.3e, %.3e] (max/min %.2f); from the "
                + "smallest to the largest N it changes by a factor %.2f.%n", byN.keySet().stream().mapToInt(i -> i).min().orElse(0),
                byN.keySet().stream().mapToInt(i -> i).max().orElse(0), lo, hi, hi / lo, last / first));
        if (means.size() >= 3) {
            double[] xs = byN.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
            if (xs.length == means.size() && means.stream().allMatch(m -> m > 0)) {
                sweepFit = PowerLawFit.fit(xs, means.stream().mapToDouble(Double::doubleValue).toArray(), PowerLawFit.LEVEL);
            }
        }
        sweepLastOverFirst = last / first;
        facts.put("sweep", Map.of("ratio", s.sweepRatio(), "min_mean_over_d2", lo, "max_mean_over_d2", hi, "last_over_first", last / first));
    }

    private void throughput(StringBuilder md) {
        int threads = org.ntklab.linalg.ThreadBudget.threads();
        md.append(String.format(Locale.ROOT, "%n## Throughput%n%nOne evaluation = draw the data and the network, assemble the partial NTK "
                + "of the middle layer, certify λ_min. At N = %d, d = %d (d² = %d): **%.1f evaluations per minute** (%d evaluations as "
                + "parallel tasks on %d threads, %.2f s wall; per evaluation inside its single-threaded task %.2f s on average, %.2f s "
                + "at best).%n", speed.n(), speed.d(), (long) speed.d() * speed.d(), speed.perMinute(), speed.evaluations(), threads,
                speed.wallSeconds(), speed.meanSeconds(), speed.bestSeconds()));
        if (Double.isNaN(speed.numpySeconds())) {
            md.append("\nnumpy/scipy baseline: ").append(speed.numpyNote()).append(".\n");
        } else {
            md.append(String.format(Locale.ROOT, "%nThe same workload in numpy/scipy, timed in the same run right after by calling "
                    + "`bench/numpy/lambda_min_partial.py` (`scipy.linalg.eigh(K, subset_by_index=[0, 0])`, one evaluation after "
                    + "another, OpenBLAS's own threads inside numpy; %s): %.2f s per evaluation on average, %.2f s at best, "
                    + "**%.1f evaluations per minute**. Java/numpy throughput ratio: %.2f× (%.2f× on the best single evaluations, "
                    + "Java single-threaded against numpy on all threads).%n", speed.numpyNote(), speed.numpySeconds(),
                    speed.numpyBestSeconds(), speed.numpyPerMinute(), speed.perMinute() / speed.numpyPerMinute(),
                    speed.numpyBestSeconds() / speed.bestSeconds()));
            md.append(String.format(Locale.ROOT, "%nPer core: numpy with OPENBLAS_NUM_THREADS=1 took %.2f s at best per evaluation, against "
                    + "%.2f s for one single-threaded Java task (%.2f×).%n", speed.numpySingleBestSeconds(), speed.bestSeconds(),
                    speed.numpySingleBestSeconds() / speed.bestSeconds()));
            if (speed.numpyBestSeconds() > speed.numpySingleBestSeconds()) {
                md.append(String.format(Locale.ROOT, "%n**numpy on all threads was slower than numpy on one thread** (%.2f s against %.2f s "
                        + "at best): its OpenBLAS threads were oversubscribed by other processes, so the all-threads numpy figure above "
                        + "measures the machine's load, not numpy. The per-core comparison is the one to read.%n",
                        speed.numpyBestSeconds(), speed.numpySingleBestSeconds()));
            }
            md.append("\nThe two sides do different work for λ_min: scipy reduces K to tridiagonal form (≈ 4N³/3 flops) and returns an "
                    + "uncertified value; the Java side factorises K − σI a few times (N³/3 flops each) and returns a certified bracket.\n");
        }
        md.append(String.format(Locale.ROOT, "%nThe machine's load average was %.1f on %d cores when the measurement ended: other processes "
                + "shared the cores, which slows both sides and multi-threaded OpenBLAS (numpy's) the most; the best-case times are the "
                + "less load-sensitive comparison.%n", speed.loadAverage(), Runtime.getRuntime().availableProcessors()));
    }
}
