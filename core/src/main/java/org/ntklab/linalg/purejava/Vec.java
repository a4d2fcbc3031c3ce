package org.ntklab.linalg.purejava;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** Vectorised level-1 primitives on unit-stride slices, shared by the BLAS and LAPACK routines. */
final class Vec {

    private static final VectorSpecies<Double> S = MicroKernel.S;
    private static final int L = MicroKernel.L;

    private Vec() {
    }

    /** xᵀy over n elements. Four accumulators hide the FMA latency. */
    static double dot(int n, double[] x, int xo, double[] y, int yo) {
        DoubleVector s0 = DoubleVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
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
        double sum = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            sum = Math.fma(x[xo + i], y[yo + i], sum);
        }
        return sum;
    }

    /**
     * The lanes of v added in lane order. Not {@code reduceLanes(ADD)}: its order is unspecified
     * for floating point, and in practice differs between the interpreter and C2, so the same
     * call could round differently before and after JIT compilation.
     */
    static double sumLanes(DoubleVector v) {
        double sum = 0.0;
        for (int i = 0; i < L; i++) {
            sum += v.lane(i);
        }
        return sum;
    }

    /** y := alpha x + y over n elements. */
    static void axpy(int n, double alpha, double[] x, int xo, double[] y, int yo) {
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector.fromArray(S, x, xo + i).fma(va, DoubleVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = Math.fma(x[xo + i], alpha, y[yo + i]);
        }
    }

    /** x := alpha x over n elements. */
    static void scal(int n, double alpha, double[] x, int xo) {
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector.fromArray(S, x, xo + i).mul(alpha).intoArray(x, xo + i);
        }
        for (; i < n; i++) {
            x[xo + i] *= alpha;
        }
    }
}
