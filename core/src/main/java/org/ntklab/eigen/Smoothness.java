package org.ntklab.eigen;

import org.apache.commons.math3.distribution.TDistribution;
import org.ntklab.linalg.Matrix;

/**
 * The smoothness s of a target y with respect to a kernel (formulas sheet §6, Chen, Li &amp; Lin):
 * with K = Σ λ_j u_j u_jᵀ in decreasing order, p_j = (u_jᵀy)² and the tail sums T(i) = Σ_{j≥i} p_j,
 * fit log T(i) ≈ c − r·log i over an index window; then ŝ = r/β, β the eigenvalue decay rate.
 *
 * <p>Why: if λ_j ≍ j^{−β} and f = Σ a_j e_j lies just inside [H]^s, a_j² ≍ λ_j^s·j^{−1} = j^{−sβ−1},
 * so T(i) ≍ i^{−sβ} and r = sβ.
 *
 * <p>The window is the decay-rate window of the same spectrum ({@link DecayRate}) — directions with
 * numerically-zero eigenvalues carry no kernel information — ended earlier where T(i) falls to the
 * rounding level 10⁴(n·u)²·T(1) of the projections. The confidence interval of ŝ combines those of r
 * and (when fitted) β by the delta method, se(ŝ)² = ŝ²((se_r/r)² + (se_β/β)²), with the t quantile of
 * the smaller window's degrees of freedom.
 */
public final class Smoothness {

    private Smoothness() {
    }

    /**
     * The estimate.
     *
     * @param s        ŝ = r/β
     * @param low      lower end of the confidence interval of ŝ
     * @param high     upper end
     * @param level    the confidence level
     * @param tail     the fit of the tail sums (exponent r, its window and interval)
     * @param edr      β
     * @param edrFit   the decay-rate fit β came from, or null when β was given
     * @param tailSums T(1..n) in decreasing order of the eigenvalues
     */
    public record Estimate(double s, double low, double high, double level, PowerLawFit tail, double edr, PowerLawFit edrFit,
                           double[] tailSums) {
    }

    /** From a Gram matrix (full eigen-decomposition, O(n³)) and labels y; β fitted when {@code edr} is null. */
    public static Estimate estimate(Matrix k, double[] y, Double edr) {
        return estimate(Spectrum.all(k, true), y, edr);
    }

    /** From an eigen-decomposition with vectors (ascending, as {@link Spectrum} returns it). */
    public static Estimate estimate(Spectrum.Eigensystem es, double[] y, Double edr) {
        Matrix u = es.vectors();
        if (u == null) {
            throw new IllegalArgumentException("the smoothness estimate needs the eigenvectors");
        }
        int n = es.values().length;
        if (y.length != n) {
            throw new IllegalArgumentException("the labels have " + y.length + " entries but the Gram matrix is " + n + "×" + n);
        }
        double yy = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("label " + i + " is " + y[i]);
            }
            yy += y[i] * y[i];
        }
        if (yy == 0) {
            throw new IllegalArgumentException("the labels are all zero: no smoothness to estimate");
        }
        if (edr != null && (!(edr > 0) || !Double.isFinite(edr))) {
            throw new IllegalArgumentException("the decay rate β must be positive and finite, got " + edr);
        }
        // descending order: position i − 1 holds λ_i, the (n − i)-th of the ascending eigensystem
        double[] lambda = new double[n];
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            int col = n - 1 - i;
            lambda[i] = es.values()[col];
            double d = RayleighEnclosure.dot2(n, u.data(), col * n, y);
            p[i] = d * d;
        }
        double[] tail = new double[n];
        double acc = 0;
        for (int i = n - 1; i >= 0; i--) {
            acc += p[i];
            tail[i] = acc;
        }
        DecayRate.Window w = DecayRate.window(lambda);
        double floor = 1e4 * (n * Rounding.U) * (n * Rounding.U) * tail[0];
        int to = w.from() - 1;
        while (to < w.to() && tail[to] > floor) {
            to++;
        }
        if (to - w.from() + 1 < 3) {
            throw new IllegalArgumentException("the labels have no energy above the rounding level past eigenvalue " + w.from()
                    + ": the tail sums cannot be fitted");
        }
        PowerLawFit tailFit = PowerLawFit.fit(tail, w.from(), to, PowerLawFit.LEVEL);
        PowerLawFit edrFit = edr == null ? PowerLawFit.fit(lambda, w.from(), w.to(), PowerLawFit.LEVEL) : null;
        double beta = edr == null ? edrFit.exponent() : edr;
        if (!(beta > 0)) {
            throw new IllegalArgumentException("the fitted decay rate is " + beta + ": the spectrum does not decay");
        }
        double r = tailFit.exponent();
        double s = r / beta;
        double relR = tailFit.stdError() / Math.abs(r);
        double relB = edrFit == null ? 0 : edrFit.stdError() / beta;
        double se = Math.abs(s) * Math.sqrt(relR * relR + relB * relB);
        int df = Math.min(tailFit.points(), edrFit == null ? Integer.MAX_VALUE : edrFit.points()) - 2;
        double q = new TDistribution(null, df).inverseCumulativeProbability(0.5 + PowerLawFit.LEVEL / 2);
        return new Estimate(s, s - q * se, s + q * se, PowerLawFit.LEVEL, tailFit, beta, edrFit, tail);
    }
}
