package org.ntklab.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Summaries of independent replicates of one quantity: mean, standard deviation, standard error
 * and the Student-t interval of the mean.
 */
public final class Replicates {

    private Replicates() {
    }

    /**
     * Mean, spread and interval of finite values.
     *
     * @param n     number of replicates
     * @param mean  sample mean
     * @param sd    sample standard deviation (n − 1 in the denominator; 0 when n = 1)
     * @param se    standard error sd/√n
     * @param min   smallest replicate
     * @param max   largest replicate
     * @param ci    Student-t interval of the mean (unbounded when n &lt; 2)
     */
    public record Summary(int n, double mean, double sd, double se, double min, double max, Interval ci) {

        /** The mean with its interval, as an {@link Estimate}. */
        public Estimate estimate() {
            return new Estimate(mean, ci, n, "t interval over " + n + " replicates");
        }
    }

    /** Summarises {@code values} with a t interval at {@code level}. */
    public static Summary summarise(double[] values, double level) {
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("a summary needs at least one replicate");
        }
        double mean = mean(values);
        double ss = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("replicate value " + v + " is not finite");
            }
            ss += (v - mean) * (v - mean);
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        double se = sd / Math.sqrt(n);
        Interval ci;
        if (n < 2) {
            ci = Interval.unbounded(level);
        } else {
            double t = new TDistribution(null, n - 1, 1e-14).inverseCumulativeProbability(0.5 + level / 2);
            ci = new Interval(mean - t * se, mean + t * se, level);
        }
        return new Summary(n, mean, sd, se, min, max, ci);
    }

    /** Summarises at the default level 0.95. */
    public static Summary summarise(double[] values) {
        return summarise(values, Interval.LEVEL);
    }

    /** The arithmetic mean (pairwise-free, in index order, so it is reproducible). */
    public static double mean(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s / values.length;
    }
}
