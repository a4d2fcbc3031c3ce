package org.ntklab.stats;

/**
 * A point estimate with its confidence interval and how it was obtained.
 *
 * @param value      the estimate
 * @param interval   its confidence interval
 * @param replicates the number of independent replicates behind it
 * @param method     how the interval was made, e.g. {@code "t over replicates"}, {@code "BCa bootstrap (2000)"}
 */
public record Estimate(double value, Interval interval, int replicates, String method) {

    /** Lower end of the interval. */
    public double low() {
        return interval.low();
    }

    /** Upper end of the interval. */
    public double high() {
        return interval.high();
    }
}
