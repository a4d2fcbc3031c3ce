package org.ntklab.stats;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * The stratified nonparametric bootstrap over independent replicates: each group (e.g. one grid
 * point of an experiment) is resampled with replacement within itself, the statistic is recomputed
 * on every resample, and percentile or BCa intervals are read off the resulting distribution.
 *
 * <p>Only replicates are resampled — whole independent repetitions of the experiment (fresh data
 * and network) — never points of one Gram matrix or spectrum, whose errors are correlated.
 * The resampling stream is seeded, so the same seed gives the same interval.
 */
public final class Bootstrap {

    /** A statistic of a stratified sample: {@code indices[g]} are the chosen replicates of group g. */
    @FunctionalInterface
    public interface Statistic {
        /** The statistic (NaN when undefined on this resample). */
        double apply(int[][] indices);
    }

    /** The default number of resamples. */
    public static final int RESAMPLES = 2000;

    private final long seed;
    private final int resamples;

    /** A bootstrap with {@code resamples} resamples drawn from a stream seeded by {@code seed}. */
    public Bootstrap(long seed, int resamples) {
        if (resamples < 100) {
            throw new IllegalArgumentException("a bootstrap needs at least 100 resamples, got " + resamples);
        }
        this.seed = seed;
        this.resamples = resamples;
    }

    /** A bootstrap with {@link #RESAMPLES} resamples. */
    public Bootstrap(long seed) {
        this(seed, RESAMPLES);
    }

    /** The number of resamples. */
    public int resamples() {
        return resamples;
    }

    /**
     * The bootstrap distribution of a statistic of groups of replicates.
     *
     * @param groupSizes the number of replicates in each group (each ≥ 1)
     * @param statistic  the statistic, given index arrays into each group
     */
    public Distribution run(int[] groupSizes, Statistic statistic) {
        int g = groupSizes.length;
        if (g == 0) {
            throw new IllegalArgumentException("a bootstrap needs at least one group of replicates");
        }
        int[][] identity = new int[g][];
        for (int k = 0; k < g; k++) {
            if (groupSizes[k] < 1) {
                throw new IllegalArgumentException("group " + k + " has no replicates");
            }
            identity[k] = new int[groupSizes[k]];
            for (int i = 0; i < groupSizes[k]; i++) {
                identity[k][i] = i;
            }
        }
        double observed = statistic.apply(identity);
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        double[] draws = new double[resamples];
        int[][] idx = new int[g][];
        for (int k = 0; k < g; k++) {
            idx[k] = new int[groupSizes[k]];
        }
        for (int b = 0; b < resamples; b++) {
            for (int k = 0; k < g; k++) {
                int n = groupSizes[k];
                for (int i = 0; i < n; i++) {
                    idx[k][i] = rng.nextInt(n);
                }
            }
            draws[b] = statistic.apply(idx);
        }
        return new Distribution(observed, draws, identity, statistic);
    }

    /** The bootstrap distribution of a statistic of one group of {@code n} replicates. */
    public Distribution run(int n, Statistic statistic) {
        return run(new int[] {n}, statistic);
    }

    /** The bootstrap distribution of {@code statistic} of one sample of values. */
    public Distribution ofValues(double[] values, ToDoubleFunction<double[]> statistic) {
        return run(values.length, idx -> {
            double[] v = new double[idx[0].length];
            for (int i = 0; i < v.length; i++) {
                v[i] = values[idx[0][i]];
            }
            return statistic.applyAsDouble(v);
        });
    }

    /** The bootstrap distribution of the mean of {@code values}. */
    public Distribution ofMean(double[] values) {
        return ofValues(values, Replicates::mean);
    }

    /** A statistic's value on the data and its bootstrap draws. */
    public static final class Distribution {

        private final double observed;
        private final double[] sorted;
        private final int undefined;
        private final int[][] identity;
        private final Statistic statistic;

        Distribution(double observed, double[] draws, int[][] identity, Statistic statistic) {
            this.observed = observed;
            this.identity = identity;
            this.statistic = statistic;
            int bad = 0;
            for (double d : draws) {
                if (!Double.isFinite(d)) {
                    bad++;
                }
            }
            this.undefined = bad;
            this.sorted = Arrays.stream(draws).filter(Double::isFinite).sorted().toArray();
        }

        /** The statistic on the original data. */
        public double observed() {
            return observed;
        }

        /** The number of resamples on which the statistic was undefined. */
        public int undefined() {
            return undefined;
        }

        /** Total number of replicates over all groups. */
        public int replicates() {
            int n = 0;
            for (int[] g : identity) {
                n += g.length;
            }
            return n;
        }

        /** The standard deviation of the draws (the bootstrap standard error). */
        public double standardError() {
            double m = Replicates.mean(sorted);
            double s = 0;
            for (double d : sorted) {
                s += (d - m) * (d - m);
            }
            return Math.sqrt(s / (sorted.length - 1));
        }

        /**
         * The percentile interval: the (1 − level)/2 and (1 + level)/2 quantiles of the draws.
         * Unbounded when the statistic was undefined on the original data or on some resample
         * (the data cannot support an interval then).
         */
        public Interval percentile(double level) {
            double a = (1 - level) / 2;
            return quantiles(a, 1 - a, level);
        }

        /**
         * The bias-corrected and accelerated interval (Efron 1987): the percentiles shifted by the
         * median bias z₀ of the draws and the acceleration a from the delete-one jackknife over all
         * replicates. Falls back to unbounded like {@link #percentile}.
         */
        public Interval bca(double level) {
            if (!defined()) {
                return Interval.unbounded(level);
            }
            int below = 0;
            int ties = 0;
            for (double d : sorted) {
                if (d < observed) {
                    below++;
                } else if (d == observed) {
                    ties++;
                }
            }
            double p0 = (below + 0.5 * ties) / sorted.length;
            NormalDistribution z = new NormalDistribution(null, 0, 1);
            p0 = Math.min(Math.max(p0, 0.5 / sorted.length), 1 - 0.5 / sorted.length);
            double z0 = z.inverseCumulativeProbability(p0);
            double acc = acceleration();
            if (Double.isNaN(acc)) {
                return Interval.unbounded(level);
            }
            double za = z.inverseCumulativeProbability((1 - level) / 2);
            double lo = z.cumulativeProbability(z0 + (z0 + za) / (1 - acc * (z0 + za)));
            double hi = z.cumulativeProbability(z0 + (z0 - za) / (1 - acc * (z0 - za)));
            return quantiles(lo, hi, level);
        }

        /** The statistic on the data with its BCa interval. */
        public Estimate bcaEstimate(double level) {
            return new Estimate(observed, bca(level), replicates(), "BCa bootstrap over replicates (" + (sorted.length + undefined) + " resamples)");
        }

        /** The statistic on the data with its percentile interval. */
        public Estimate percentileEstimate(double level) {
            return new Estimate(observed, percentile(level), replicates(),
                    "percentile bootstrap over replicates (" + (sorted.length + undefined) + " resamples)");
        }

        private boolean defined() {
            return Double.isFinite(observed) && undefined == 0 && sorted.length > 0;
        }

        private Interval quantiles(double a, double b, double level) {
            if (!defined()) {
                return Interval.unbounded(level);
            }
            return new Interval(quantile(a), quantile(b), level);
        }

        /** The type-7 (linear interpolation) quantile of the draws. */
        private double quantile(double p) {
            double h = (sorted.length - 1) * p;
            int lo = (int) Math.floor(h);
            int hi = Math.min(lo + 1, sorted.length - 1);
            return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
        }

        /** The jackknife acceleration; 0 when every replicate is alone in its group. */
        private double acceleration() {
            int total = replicates();
            double[] jack = new double[total];
            int t = 0;
            for (int g = 0; g < identity.length; g++) {
                int n = identity[g].length;
                if (n < 2) {
                    continue;
                }
                for (int leave = 0; leave < n; leave++) {
                    int[][] idx = identity.clone();
                    int[] kept = new int[n - 1];
                    for (int i = 0, j = 0; i < n; i++) {
                        if (i != leave) {
                            kept[j++] = i;
                        }
                    }
                    idx[g] = kept;
                    jack[t++] = statistic.apply(idx);
                }
            }
            if (t < 2) {
                return 0;
            }
            double m = 0;
            for (int i = 0; i < t; i++) {
                if (!Double.isFinite(jack[i])) {
                    return Double.NaN;
                }
                m += jack[i];
            }
            m /= t;
            double s2 = 0;
            double s3 = 0;
            for (int i = 0; i < t; i++) {
                double d = m - jack[i];
                s2 += d * d;
                s3 += d * d * d;
            }
            return s2 == 0 ? 0 : s3 / (6 * Math.pow(s2, 1.5));
        }
    }
}
