package org.ntklab.eigen;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * A least-squares fit log v_i = c − a·log i over the index window [from, to] (1-based, inclusive),
 * with the exponent's confidence interval from the t distribution of the OLS slope.
 *
 * <p>The interval treats the residuals as independent; along a spectrum or its tail sums they are
 * correlated, so it measures the fit's scatter rather than a sampling error.
 *
 * @param exponent  a (the negated slope)
 * @param intercept c
 * @param stdError  the standard error of a
 * @param low       lower end of the confidence interval of a
 * @param high      upper end of the confidence interval of a
 * @param level     the confidence level (e.g. 0.95)
 * @param from      first index of the window (1-based)
 * @param to        last index of the window (inclusive)
 * @param rSquared  the coefficient of determination
 */
public record PowerLawFit(double exponent, double intercept, double stdError, double low, double high, double level,
                          int from, int to, double rSquared) {

    /** Default confidence level. */
    public static final double LEVEL = 0.95;

    /** Number of points in the window. */
    public int points() {
        return to - from + 1;
    }

    /**
     * Fits {@code values[i − 1]} (all positive over the window) against i for i in [from, to].
     *
     * @throws IllegalArgumentException with fewer than 3 points or a non-positive value in the window
     */
    public static PowerLawFit fit(double[] values, int from, int to, double level) {
        if (from < 1 || to > values.length || to - from + 1 < 3) {
            throw new IllegalArgumentException("a power-law fit needs a window of at least 3 indices within 1.." + values.length
                    + ", got " + from + ".." + to);
        }
        double[] x = new double[to - from + 1];
        for (int i = from; i <= to; i++) {
            x[i - from] = i;
        }
        PowerLawFit f = fit(x, java.util.Arrays.copyOfRange(values, from - 1, to), level);
        return new PowerLawFit(f.exponent, f.intercept, f.stdError, f.low, f.high, level, from, to, f.rSquared);
    }

    /**
     * Fits y ≈ e^c x^{−a} through positive points (x_t, y_t) by least squares on the logarithms
     * (the window fields are then 1 … n).
     */
    public static PowerLawFit fit(double[] x, double[] y, double level) {
        int m = x.length;
        if (m < 3 || y.length != m) {
            throw new IllegalArgumentException("a power-law fit needs at least 3 points (x, y), got " + Math.min(m, y.length));
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("the confidence level must be in (0, 1), got " + level);
        }
        double mx = 0;
        double my = 0;
        double[] lx = new double[m];
        double[] ly = new double[m];
        for (int t = 0; t < m; t++) {
            if (!(y[t] > 0) || !Double.isFinite(y[t]) || !(x[t] > 0)) {
                throw new IllegalArgumentException("point " + (t + 1) + " is (" + x[t] + ", " + y[t] + "): a power law needs positive values");
            }
            lx[t] = Math.log(x[t]);
            ly[t] = Math.log(y[t]);
            mx += lx[t];
            my += ly[t];
        }
        mx /= m;
        my /= m;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int t = 0; t < m; t++) {
            sxx += (lx[t] - mx) * (lx[t] - mx);
            sxy += (lx[t] - mx) * (ly[t] - my);
            syy += (ly[t] - my) * (ly[t] - my);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double ssr = 0;
        for (int t = 0; t < m; t++) {
            double e = ly[t] - intercept - slope * lx[t];
            ssr += e * e;
        }
        double se = Math.sqrt(ssr / (m - 2) / sxx);
        double q = new TDistribution(null, m - 2).inverseCumulativeProbability(0.5 + level / 2);
        double a = -slope;
        double r2 = syy == 0 ? 1 : 1 - ssr / syy;
        return new PowerLawFit(a, intercept, se, a - q * se, a + q * se, level, 1, m, r2);
    }

    /** The fitted log-log slope −a (the exponent of y ∝ x^{slope}). */
    public double slope() {
        return -exponent;
    }

    /** True when the slope's confidence interval contains {@code s}. */
    public boolean slopeWithin(double s) {
        return -high <= s && s <= -low;
    }

    /** "slope [low, high]" of the log-log slope, e.g. "−0.41 [−0.47, −0.35]". */
    public String describeSlope() {
        return String.format(java.util.Locale.ROOT, "%.3f [%.3f, %.3f]", -exponent, -high, -low);
    }

    /** The fitted y at x. */
    public double at(double x) {
        return Math.exp(intercept) * Math.pow(x, -exponent);
    }
}
