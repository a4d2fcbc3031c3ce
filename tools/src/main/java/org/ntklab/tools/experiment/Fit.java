package org.ntklab.tools.experiment;

import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * An ordinary least-squares line y = a + b x with a 95 % confidence interval for the slope
 * (Student t with n − 2 degrees of freedom).
 *
 * @param intercept a
 * @param slope     b
 * @param lo        lower end of the slope's 95 % interval
 * @param hi        upper end
 * @param points    number of points fitted
 */
public record Fit(double intercept, double slope, double lo, double hi, int points) {

    /** Fits y on x. */
    public static Fit of(double[] x, double[] y) {
        int n = x.length;
        if (n < 3) {
            throw new IllegalArgumentException("a slope with a confidence interval needs at least 3 points, got " + n);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i] / n;
            my += y[i] / n;
        }
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
        }
        double b = sxy / sxx;
        double a = my - b * mx;
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - a - b * x[i];
            rss += r * r;
        }
        double se = Math.sqrt(rss / (n - 2) / sxx);
        double t = new TDistribution(n - 2).inverseCumulativeProbability(0.975);
        return new Fit(a, b, b - t * se, b + t * se, n);
    }

    /** Fits log y on log x (a power law y ∝ x^b). */
    public static Fit logLog(double[] x, double[] y) {
        double[] lx = new double[x.length];
        double[] ly = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            lx[i] = Math.log(x[i]);
            ly[i] = Math.log(y[i]);
        }
        return of(lx, ly);
    }

    /** True when {@code value} lies inside the slope's 95 % interval. */
    public boolean contains(double value) {
        return lo <= value && value <= hi;
    }

    /** "−0.41 [−0.47, −0.35]". */
    public String describe() {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", slope, lo, hi);
    }
}
