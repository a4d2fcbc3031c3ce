package org.ntklab.eigen;

import org.ntklab.linalg.Matrix;

/**
 * The smoothness s of a target y with respect to a kernel (formulas sheet §6, Chen, Li &amp; Lin):
 * with K = Σ λ_j u_j u_jᵀ in decreasing order, p_j = (u_jᵀy)² and the tail sums T(i) = Σ_{j≥i} p_j,
 * fit log T(i) ≈ c − r·log i over an index window; then ŝ = r/β, β the eigenvalue decay rate.
 *
 * <p>Why: if λ_j ≍ j^{−β} and f = Σ a_j e_j lies just inside [H]^s, a_j² ≍ λ_j^s·j^{−1} = j^{−sβ−1},
 * so T(i) ≍ i^{−sβ} and r = sβ.
 *
 * <p><b>Windows.</b> {@link #estimate(Spectrum.Eigensystem, double[], Double, DecayRate.Window)} fits
 * over a window the caller fixed before seeing the data (what an experiment's verdict needs); a tail
 * sum at the rounding level 10⁴(n·u)²·T(1) of the projections inside it is refused, not cut. The
 * forms without a window use the decay-rate rule of the same spectrum ({@link DecayRate#window}),
 * ended earlier where T(i) falls to that rounding level: a data-dependent window, for exploration.
 *
 * <p><b>No interval.</b> One target on one Gram gives one ŝ. The OLS standard errors of the fits
 * ({@link PowerLawFit#stdError()}) measure how far the points of one curve scatter about its line
 * — residuals along a spectrum are strongly correlated — not how ŝ would vary over fresh data; a
 * confidence interval needs independent replicates (fresh points, fresh targets), one ŝ each.
 */
public final class Smoothness {

    private Smoothness() {
    }

    /**
     * The estimate.
     *
     * @param s        ŝ = r/β
     * @param tail     the fit of the tail sums (exponent r and its window)
     * @param edr      β
     * @param edrFit   the decay-rate fit β came from (same window), or null when β was given
     * @param tailSums T(1..n) in decreasing order of the eigenvalues
     */
    public record Estimate(double s, PowerLawFit tail, double edr, PowerLawFit edrFit, double[] tailSums) {

        /** r, the exponent of the tail sums. */
        public double tailExponent() {
            return tail.exponent();
        }

        /** The fitted window. */
        public DecayRate.Window window() {
            return new DecayRate.Window(tail.from(), tail.to());
        }
    }

    /**
     * The eigenvalues (decreasing) and the tail sums of one target, from which estimates over any
     * window follow without a new decomposition.
     *
     * @param eigenvalues λ_1 ≥ … ≥ λ_n
     * @param tailSums    T(1..n)
     */
    public record Profile(double[] eigenvalues, double[] tailSums) {

        /** The rounding level of the tail sums: 10⁴(n·u)²·T(1). */
        public double floor() {
            double n = tailSums.length;
            return 1e4 * (n * Rounding.U) * (n * Rounding.U) * tailSums[0];
        }

        /**
         * ŝ over the given window; β fitted over the same window when {@code edr} is null.
         *
         * @throws IllegalArgumentException when the window leaves 1..n, or a tail sum in it is at the
         *                                  rounding level, or the fitted β is not positive
         */
        public Estimate over(DecayRate.Window w, Double edr) {
            int n = tailSums.length;
            if (w.to() > n) {
                throw new IllegalArgumentException("the window " + w.from() + ".." + w.to() + " runs past the " + n + " eigenvalues");
            }
            double floor = floor();
            for (int i = w.from(); i <= w.to(); i++) {
                if (!(tailSums[i - 1] > floor)) {
                    throw new IllegalArgumentException("the tail sum T(" + i + ") is at the rounding level of the projections ("
                            + String.format(java.util.Locale.ROOT, "%.3g", floor) + "): the window " + w.from() + ".." + w.to()
                            + " reaches past the labels' resolved energy");
                }
            }
            return fit(w.from(), w.to(), edr);
        }

        /** ŝ over the rule's window (data-dependent: {@link DecayRate#window}, cut at the rounding level). */
        public Estimate overRuleWindow(Double edr) {
            DecayRate.Window w = DecayRate.window(eigenvalues);
            double floor = floor();
            int to = w.from() - 1;
            while (to < w.to() && tailSums[to] > floor) {
                to++;
            }
            if (to - w.from() + 1 < 3) {
                throw new IllegalArgumentException("the labels have no energy above the rounding level past eigenvalue " + w.from()
                        + ": the tail sums cannot be fitted");
            }
            return fit(w.from(), to, edr);
        }

        private Estimate fit(int from, int to, Double edr) {
            if (edr != null && (!(edr > 0) || !Double.isFinite(edr))) {
                throw new IllegalArgumentException("the decay rate β must be positive and finite, got " + edr);
            }
            PowerLawFit tailFit = PowerLawFit.fit(tailSums, from, to, PowerLawFit.LEVEL);
            PowerLawFit edrFit = edr == null ? PowerLawFit.fit(eigenvalues, from, to, PowerLawFit.LEVEL) : null;
            double beta = edr == null ? edrFit.exponent() : edr;
            if (!(beta > 0)) {
                throw new IllegalArgumentException("the fitted decay rate is " + beta + ": the spectrum does not decay");
            }
            return new Estimate(tailFit.exponent() / beta, tailFit, beta, edrFit, tailSums);
        }
    }

    /** From a Gram matrix (full eigen-decomposition, O(n³)) and labels y over the rule's window; β fitted when {@code edr} is null. */
    public static Estimate estimate(Matrix k, double[] y, Double edr) {
        return estimate(Spectrum.all(k, true), y, edr);
    }

    /** From an eigen-decomposition with vectors over the rule's window (data-dependent). */
    public static Estimate estimate(Spectrum.Eigensystem es, double[] y, Double edr) {
        return profile(es, y).overRuleWindow(edr);
    }

    /** From an eigen-decomposition with vectors over a fixed window; β fitted over the same window when {@code edr} is null. */
    public static Estimate estimate(Spectrum.Eigensystem es, double[] y, Double edr, DecayRate.Window window) {
        return profile(es, y).over(window, edr);
    }

    /** The eigenvalues and tail sums of y on an eigen-decomposition with vectors (ascending, as {@link Spectrum} returns it). */
    public static Profile profile(Spectrum.Eigensystem es, double[] y) {
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
        return new Profile(lambda, tail);
    }
}
