package org.ntklab.tools.experiment;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.eigen.CertifiedBracket;

/**
 * The repetitions of one (series, N, d) point of the lambda-min experiment: each repetition's
 * certified bracket, kept per repetition so the verdicts and error bars can use the replicates.
 */
final class LambdaMinStats {

    private final int n;
    private final int d;
    private final long parameters;
    private final List<double[]> brackets = new ArrayList<>();

    LambdaMinStats(int n, int d, long parameters) {
        this.n = n;
        this.d = d;
        this.parameters = parameters;
    }

    synchronized void add(CertifiedBracket b) {
        add(b.lower(), b.upper(), b.value());
    }

    /** Adds one repetition: its bracket lower ≤ λ_min ≤ upper and the estimate inside it. */
    synchronized void add(double lower, double upper, double estimate) {
        brackets.add(new double[] {lower, upper, estimate});
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

    synchronized int count() {
        return brackets.size();
    }

    /** Repetitions whose bracket proves λ_min &gt; 0. */
    synchronized int certifiedPositive() {
        return (int) brackets.stream().filter(b -> b[0] > 0).count();
    }

    /** Whether repetition r's bracket proves λ_min &gt; 0. */
    synchronized boolean certified(int r) {
        return brackets.get(r)[0] > 0;
    }

    /** The estimates (the value inside each repetition's bracket), in repetition order. */
    synchronized double[] estimates() {
        return brackets.stream().mapToDouble(b -> b[2]).toArray();
    }

    synchronized double meanEstimate() {
        return brackets.stream().mapToDouble(b -> b[2]).average().orElse(Double.NaN);
    }

    /** The smallest lower end over the repetitions: λ_min ≥ this for every one of them. */
    synchronized double minLower() {
        return brackets.stream().mapToDouble(b -> b[0]).min().orElse(Double.NaN);
    }

    /** The largest upper end over the repetitions. */
    synchronized double maxUpper() {
        return brackets.stream().mapToDouble(b -> b[1]).max().orElse(Double.NaN);
    }
}
