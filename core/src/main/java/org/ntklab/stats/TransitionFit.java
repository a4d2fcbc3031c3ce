package org.ntklab.stats;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Where a phase transition lies: a logistic model of success against covariates, and the 50 %
 * point (or line) with a delta-method interval. Runs are the replicates; each is one independent
 * repetition of the experiment at its grid point.
 */
public final class TransitionFit {

    /**
     * The 50 % contour u = α + γ·v of logit P = β₀ + β₁u + β₂v, or the point u = α of
     * logit P = β₀ + β₁u (then γ is absent).
     *
     * @param threshold α: the u at which P = 1/2 (at v = 0 for a line)
     * @param slope     γ = −β₂/β₁, the contour's slope in v (null for a point)
     * @param width     1/|β₁|: how sharp the transition is in u (a change of u by this moves logit P by 1)
     * @param model     the fitted logistic model
     * @param runs      the number of runs
     */
    public record Result(Estimate threshold, Estimate slope, double width, Logistic.Fit model, int runs) {
    }

    private TransitionFit() {
    }

    /** The 50 % point of success against one covariate u. */
    public static Result point(double[] u, boolean[] success, double level) {
        double[][] x = new double[u.length][];
        for (int i = 0; i < u.length; i++) {
            x[i] = new double[] {1, u[i]};
        }
        Logistic.Fit f = Logistic.firth(x, success);
        double b0 = f.beta()[0];
        double b1 = f.beta()[1];
        double[][] c = f.covariance();
        // α = −β₀/β₁; gradient (−1/β₁, β₀/β₁²)
        double[] g = {-1 / b1, b0 / (b1 * b1)};
        Estimate alpha = wald(-b0 / b1, g, new int[] {0, 1}, c, level, u.length);
        return new Result(alpha, null, 1 / Math.abs(b1), f, u.length);
    }

    /** The 50 % line u = α + γ·v of success against two covariates. */
    public static Result line(double[] u, double[] v, boolean[] success, double level) {
        if (v.length != u.length) {
            throw new IllegalArgumentException("a transition line needs as many v as u, got " + v.length + " and " + u.length);
        }
        double[][] x = new double[u.length][];
        for (int i = 0; i < u.length; i++) {
            x[i] = new double[] {1, u[i], v[i]};
        }
        Logistic.Fit f = Logistic.firth(x, success);
        double b0 = f.beta()[0];
        double b1 = f.beta()[1];
        double b2 = f.beta()[2];
        double[][] c = f.covariance();
        Estimate alpha = wald(-b0 / b1, new double[] {-1 / b1, b0 / (b1 * b1), 0}, new int[] {0, 1, 2}, c, level, u.length);
        Estimate gamma = wald(-b2 / b1, new double[] {0, b2 / (b1 * b1), -1 / b1}, new int[] {0, 1, 2}, c, level, u.length);
        return new Result(alpha, gamma, 1 / Math.abs(b1), f, u.length);
    }

    private static Estimate wald(double value, double[] g, int[] idx, double[][] c, double level, int runs) {
        double var = 0;
        for (int a = 0; a < idx.length; a++) {
            for (int b = 0; b < idx.length; b++) {
                var += g[a] * c[idx[a]][idx[b]] * g[b];
            }
        }
        double z = new NormalDistribution(null, 0, 1).inverseCumulativeProbability(0.5 + level / 2);
        double se = Math.sqrt(Math.max(var, 0));
        Interval ci = Double.isFinite(value) && Double.isFinite(se) ? new Interval(value - z * se, value + z * se, level) : Interval.unbounded(level);
        return new Estimate(value, ci, runs, "Firth logistic fit, delta-method Wald interval over " + runs + " runs");
    }
}
