package org.ntklab.eigen;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Level-1 kernels of the eigensolvers. Every reduction runs in a fixed order (lanes added in lane
 * order, never {@code reduceLanes}), so results do not depend on the thread count or on whether
 * the JIT has compiled the loop.
 */
final class VectorOps {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorOps() {
    }

    /** xᵀy over n elements from the given offsets. */
    static double dot(int n, double[] x, int xo, double[] y, int yo) {
        DoubleVector s0 = DoubleVector.zero(S);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int i = 0;
        for (; i <= n - 4 * L; i += 4 * L) {
            s0 = DoubleVector.fromArray(S, x, xo + i).fma(DoubleVector.fromArray(S, y, yo + i), s0);
            s1 = DoubleVector.fromArray(S, x, xo + i + L).fma(DoubleVector.fromArray(S, y, yo + i + L), s1);
            s2 = DoubleVector.fromArray(S, x, xo + i + 2 * L).fma(DoubleVector.fromArray(S, y, yo + i + 2 * L), s2);
            s3 = DoubleVector.fromArray(S, x, xo + i + 3 * L).fma(DoubleVector.fromArray(S, y, yo + i + 3 * L), s3);
        }
        for (; i <= n - L; i += L) {
            s0 = DoubleVector.fromArray(S, x, xo + i).fma(DoubleVector.fromArray(S, y, yo + i), s0);
        }
        DoubleVector v = s0.add(s1).add(s2.add(s3));
        double sum = 0;
        for (int lane = 0; lane < L; lane++) {
            sum += v.lane(lane);
        }
        for (; i < n; i++) {
            sum = Math.fma(x[xo + i], y[yo + i], sum);
        }
        return sum;
    }

    /** xᵀy of whole vectors. */
    static double dot(double[] x, double[] y) {
        return dot(x.length, x, 0, y, 0);
    }

    /** ‖x‖₂. */
    static double norm(double[] x) {
        return Math.sqrt(dot(x, x));
    }

    /** y[from, to) += alpha · x[from, to). */
    static void axpy(double alpha, double[] x, double[] y, int from, int to) {
        DoubleVector a = DoubleVector.broadcast(S, alpha);
        int i = from;
        for (; i <= to - L; i += L) {
            DoubleVector.fromArray(S, x, i).fma(a, DoubleVector.fromArray(S, y, i)).intoArray(y, i);
        }
        for (; i < to; i++) {
            y[i] = Math.fma(alpha, x[i], y[i]);
        }
    }

    /** x := alpha · x. */
    static void scale(double alpha, double[] x) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= alpha;
        }
    }
}
