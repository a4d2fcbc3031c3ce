package org.ntklab.eigen;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;
import org.ntklab.runtime.ThreadBudget;

/**
 * An n × r matrix with orthonormal columns stored in single precision, applied as Uᵀv and U t in
 * double arithmetic.
 *
 * <p>Why single precision: a preconditioner's basis is read twice per iteration and dominates the
 * memory traffic of a preconditioned eigensolver at large n (n·r doubles is gigabytes); its rounding
 * only perturbs the preconditioner, which changes the speed of convergence, never the eigenpair
 * converged to. Both products are split into fixed blocks (columns for Uᵀv, rows for U t), each
 * summed in one order, so the results do not depend on the thread count.
 */
final class FloatBasis {

    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** As many float lanes as D has double lanes: a load of floats widens to exactly one D vector. */
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int ROWS = 4096;

    private final int n;
    private final int r;
    private final float[] u; // column-major n × r

    FloatBasis(int n, int r, float[] u) {
        this.n = n;
        this.r = r;
        this.u = u;
    }

    int rows() {
        return n;
    }

    int cols() {
        return r;
    }

    /** t := Uᵀ v (length r). */
    void transposeTimes(double[] v, double[] t) {
        ThreadBudget.parallelFor(0, r, 16, (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                t[j] = dot(j, v);
            }
        });
    }

    /** out := alpha·v + U t. */
    void times(double[] t, double alpha, double[] v, double[] out) {
        ThreadBudget.parallelFor(0, n, ROWS, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                out[i] = alpha * v[i];
            }
            for (int j = 0; j < r; j++) {
                axpy(t[j], j, i0, i1, out);
            }
        });
    }

    private double dot(int j, double[] v) {
        int base = j * n;
        int lanes = D.length();
        DoubleVector acc = DoubleVector.zero(D);
        int i = 0;
        for (; i <= n - lanes; i += lanes) {
            DoubleVector uj = widen(base + i);
            acc = uj.fma(DoubleVector.fromArray(D, v, i), acc);
        }
        // lanes added in lane order: reduceLanes(ADD) has no fixed order and rounds differently
        // before and after JIT compilation
        double s = 0;
        for (int k = 0; k < lanes; k++) {
            s += acc.lane(k);
        }
        for (; i < n; i++) {
            s += u[base + i] * v[i];
        }
        return s;
    }

    private void axpy(double a, int j, int i0, int i1, double[] out) {
        int base = j * n;
        int lanes = D.length();
        DoubleVector av = DoubleVector.broadcast(D, a);
        int i = i0;
        for (; i <= i1 - lanes; i += lanes) {
            DoubleVector o = DoubleVector.fromArray(D, out, i);
            widen(base + i).fma(av, o).intoArray(out, i);
        }
        for (; i < i1; i++) {
            out[i] += a * u[base + i];
        }
    }

    /** D.length() floats from u[at], widened to doubles. */
    private DoubleVector widen(int at) {
        return (DoubleVector) FloatVector.fromArray(F, u, at).convertShape(VectorOperators.F2D, D, 0);
    }
}
