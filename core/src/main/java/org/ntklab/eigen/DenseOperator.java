package org.ntklab.eigen;

import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.runtime.ThreadBudget;

/**
 * v ↦ K v for a dense symmetric K stored in full. Row i of the product is column i of K (K is
 * symmetric) dotted with v: unit-stride, split over fixed blocks of rows, so the result does not
 * depend on the thread count.
 */
public final class DenseOperator implements SymmetricOperator {

    /** Rows per parallel block: 32 columns of a large Gram are a few MiB of streaming reads. */
    private static final int GRAIN = 32;

    private final Matrix k;

    /** The product with the checked matrix {@code k}. */
    public DenseOperator(SymmetricInput k) {
        this.k = k.matrix();
    }

    @Override
    public int size() {
        return k.rows();
    }

    @Override
    public void apply(double[] v, double[] out) {
        int n = k.rows();
        double[] a = k.data();
        ThreadBudget.parallelFor(0, n, n < 512 ? n : GRAIN, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                out[i] = VectorOps.dot(n, a, i * n, v, 0);
            }
        });
    }
}
