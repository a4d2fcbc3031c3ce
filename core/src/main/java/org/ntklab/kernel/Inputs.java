package org.ntklab.kernel;

import org.ntklab.linalg.Matrix;

/** Checks data matrices at the boundary of the kernel code, with messages naming the row. */
public final class Inputs {

    private Inputs() {
    }

    /**
     * Checks that X has d = {@code spec.inputDim()} columns and finite entries and, when the first
     * layer has no bias, no zero rows (the correlation ρ is undefined for them).
     *
     * @param name how the user knows the matrix, e.g. "X" or the file name
     */
    public static void validate(Matrix x, ArchitectureSpec spec, String name) {
        if (x.cols() != spec.inputDim()) {
            throw new IllegalArgumentException(name + " has " + x.cols() + " columns but the spec's input dimension is "
                    + spec.inputDim());
        }
        validateFinite(x, name);
        if (!spec.hasBias(1)) {
            int n = x.rows();
            double[] a = x.data();
            for (int i = 0; i < n; i++) {
                boolean zero = true;
                for (int k = 0; k < x.cols() && zero; k++) {
                    zero = a[i + k * n] == 0;
                }
                if (zero) {
                    throw new IllegalArgumentException("row " + i + " of " + name + " is all zeros: a kernel without a "
                            + "first-layer bias needs nonzero inputs (correlations are undefined); remove the row or add a bias");
                }
            }
        }
    }

    /** Checks that every entry is finite, naming the first bad one. */
    public static void validateFinite(Matrix x, String name) {
        int n = x.rows();
        double[] a = x.data();
        for (int k = 0; k < a.length; k++) {
            if (!Double.isFinite(a[k])) {
                throw new IllegalArgumentException("row " + (k % Math.max(1, n)) + ", column " + (k / Math.max(1, n)) + " of "
                        + name + " is " + a[k] + ": inputs must be finite");
            }
        }
    }
}
