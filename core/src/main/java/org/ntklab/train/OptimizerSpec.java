package org.ntklab.train;

import java.util.Locale;

/**
 * The update rule and its hyper-parameters.
 *
 * @param kind  gradient descent (the Euler discretisation of gradient flow), heavy-ball momentum,
 *              Adam, or mini-batch SGD
 * @param lr    the step η (NaN: a safe fraction of the stability limit 2n/λ_max(K₀), see {@link Trainer})
 * @param beta1 momentum coefficient (momentum), first-moment decay (Adam)
 * @param beta2 second-moment decay (Adam)
 * @param eps   Adam's denominator guard
 */
public record OptimizerSpec(Kind kind, double lr, double beta1, double beta2, double eps) {

    /** Update rules. */
    public enum Kind {
        /** θ ← θ − η ∇L: time t = η · steps follows gradient flow. */
        GD,
        /** v ← β v + ∇L, θ ← θ − η v. */
        MOMENTUM,
        /** Adam (Kingma &amp; Ba) with bias correction. */
        ADAM,
        /** GD on a random mini-batch per step (batches drawn from the seed, not from scheduling). */
        SGD;

        /** Parses a name. */
        public static Kind parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("optimizer must be gd, momentum, adam or sgd, got '" + s + "'");
            }
        }
    }

    /** Validates. */
    public OptimizerSpec {
        if (!Double.isNaN(lr) && !(lr > 0 && Double.isFinite(lr))) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + lr);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
            throw new IllegalArgumentException("need 0 ≤ β1, β2 < 1 and ε > 0");
        }
    }

    /** Plain gradient descent with step η (NaN for the default). */
    public static OptimizerSpec gd(double lr) {
        return new OptimizerSpec(Kind.GD, lr, 0.9, 0.999, 1e-8);
    }

    /** The named rule with its usual defaults (β = 0.9; Adam β2 = 0.999, ε = 1e-8). */
    public static OptimizerSpec of(Kind kind, double lr) {
        return new OptimizerSpec(kind, lr, 0.9, 0.999, 1e-8);
    }

    /** The same rule with another step. */
    public OptimizerSpec withLr(double newLr) {
        return new OptimizerSpec(kind, newLr, beta1, beta2, eps);
    }
}
