package org.ntklab.train;

/**
 * The scalar functions that kernel gradient flow applies to each eigenvalue of the train Gram
 * matrix (formulas sheet §5). With τ = t/n, an eigenvalue λ ≥ 0 of K and the ridge ρ ≥ 0
 * (μ = λ + ρ):
 * <pre>
 *   coefficient  φ_τ(μ)    = (1 − e^{−τμ}) / μ              (→ τ as μ → 0)
 *   residual     r_τ(λ, ρ) = (ρ + λ e^{−τμ}) / μ  = 1 − λ φ_τ(μ)   (→ 1 as μ → 0)
 * </pre>
 * Both are evaluated without cancellation for every τ ≥ 0 and μ ≥ 0, including μ = 0 and
 * τμ below the smallest normal double.
 */
public final class FlowFilter {

    /**
     * Below this τμ the series τ(1 − x/2 + x²/6) replaces −expm1(−x)/μ: its truncation error
     * x³/24 is under 1e−16 relative there, and it cannot lose τ to an underflowing product.
     */
    private static final double SERIES_LIMIT = 1e-5;

    private FlowFilter() {
    }

    /** φ_τ(μ) = (1 − e^{−τμ})/μ for τ ≥ 0 (finite) and μ ≥ 0; exactly τ at μ = 0. */
    public static double coefficient(double tau, double mu) {
        double x = tau * mu;
        if (x < SERIES_LIMIT) {
            return tau * (1 - x / 2 + x * x / 6);
        }
        return -Math.expm1(-x) / mu;
    }

    /**
     * r_τ(λ, ρ) = (ρ + λ e^{−τ(λ+ρ)})/(λ + ρ): the factor by which gradient flow keeps a train
     * residual component; exactly 1 when λ + ρ = 0 (nothing drives that component).
     */
    public static double residual(double tau, double lambda, double ridge) {
        double mu = lambda + ridge;
        if (mu == 0) {
            return 1;
        }
        // two ratios in [0, 1], so no cancellation and no overflow whatever the magnitudes
        return ridge / mu + (lambda / mu) * Math.exp(-tau * mu);
    }
}
