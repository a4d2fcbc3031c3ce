package org.ntklab.stats;

/**
 * A two-sided confidence interval [low, high] at a stated level.
 *
 * @param low   lower end (may be −∞ when the data cannot bound it)
 * @param high  upper end (may be +∞)
 * @param level confidence level in (0, 1), e.g. 0.95
 */
public record Interval(double low, double high, double level) {

    /** The default confidence level. */
    public static final double LEVEL = 0.95;

    /** Checks low ≤ high (no NaN) and a level in (0, 1). */
    public Interval {
        if (Double.isNaN(low) || Double.isNaN(high) || low > high) {
            throw new IllegalArgumentException("an interval needs low ≤ high, got [" + low + ", " + high + "]");
        }
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("a confidence level must lie in (0, 1), got " + level);
        }
    }

    /** The interval that says nothing (−∞, ∞). */
    public static Interval unbounded(double level) {
        return new Interval(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, level);
    }

    /** Whether x lies in the closed interval. */
    public boolean contains(double x) {
        return x >= low && x <= high;
    }

    /** Whether both ends are finite. */
    public boolean bounded() {
        return Double.isFinite(low) && Double.isFinite(high);
    }

    /** high − low. */
    public double width() {
        return high - low;
    }

    /** The image under an increasing map (e.g. exp of a log-scale interval). */
    public Interval map(java.util.function.DoubleUnaryOperator increasing) {
        return new Interval(increasing.applyAsDouble(low), increasing.applyAsDouble(high), level);
    }
}
