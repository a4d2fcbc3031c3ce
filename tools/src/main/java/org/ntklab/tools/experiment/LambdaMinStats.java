package org.ntklab.tools.experiment;

import org.ntklab.eigen.CertifiedBracket;

/** The repetitions of one (series, N, d) point of the lambda-min experiment. */
final class LambdaMinStats {

    private final int n;
    private final int d;
    private final long parameters;
    private int count;
    private int certifiedPositive;
    private double sumEstimate;
    private double minLower = Double.POSITIVE_INFINITY;
    private double maxUpper = Double.NEGATIVE_INFINITY;

    LambdaMinStats(int n, int d, long parameters) {
        this.n = n;
        this.d = d;
        this.parameters = parameters;
    }

    synchronized void add(CertifiedBracket b) {
        count++;
        sumEstimate += b.value();
        minLower = Math.min(minLower, b.lower());
        maxUpper = Math.max(maxUpper, b.upper());
        if (b.lower() > 0) {
            certifiedPositive++;
        }
    }

    int n() {
        return n;
    }

    int d() {
        return d;
    }

    /** d² = d_{L−1} d_{L−2}, the scale of the claimed lower bound. */
    double d2() {
        return (double) d * d;
    }

    long parameters() {
        return parameters;
    }

    /** Whether the differentiated layers have fewer parameters than samples (λ_min = 0 by rank). */
    boolean rankDeficient() {
        return LambdaMinEvaluation.rankDeficient(parameters, n);
    }

    int count() {
        return count;
    }

    /** Repetitions whose bracket proves λ_min &gt; 0. */
    int certifiedPositive() {
        return certifiedPositive;
    }

    double meanEstimate() {
        return sumEstimate / count;
    }

    /** The smallest lower end over the repetitions: λ_min ≥ this for every one of them. */
    double minLower() {
        return minLower;
    }

    /** The largest upper end over the repetitions. */
    double maxUpper() {
        return maxUpper;
    }
}
