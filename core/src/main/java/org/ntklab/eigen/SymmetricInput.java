package org.ntklab.eigen;

import org.ntklab.linalg.Matrix;
import org.ntklab.runtime.ThreadBudget;

/**
 * A dense symmetric matrix checked for use by the spectral routines, with the cheap facts they
 * need: an upper bound of its 2-norm, its Gershgorin lower bound and its largest diagonal entry.
 *
 * <p>The matrix must be square, finite, and symmetric to within {@code tol · max|K_ij|}. A matrix
 * that is symmetric only to within the tolerance is replaced by the symmetric matrix of its lower
 * triangle (the triangle LAPACK reads), so that every routine sees the same matrix.
 *
 * @param matrix         the exactly symmetric matrix the routines use
 * @param normBound      max_j Σ_i |K_ij| rounded up: ‖K‖₂ ≤ ‖K‖₁ for a symmetric K
 * @param gershgorinLow  min_i (K_ii − Σ_{j≠i} |K_ij|) rounded down: no eigenvalue lies below it
 * @param maxAbsDiagonal max_i |K_ii|
 * @param asymmetry      max |K_ij − K_ji| / max |K_ij| of the input (0 when exactly symmetric)
 */
public record SymmetricInput(Matrix matrix, double normBound, double gershgorinLow, double maxAbsDiagonal,
                             double asymmetry) {

    /** Tile edge of the symmetry check. */
    private static final int TILE = 64;

    /** Default relative symmetry tolerance: what a Gram assembled in double precision easily meets. */
    public static final double DEFAULT_TOLERANCE = 1e-10;

    /** {@link #of(Matrix, String, double)} with {@link #DEFAULT_TOLERANCE}. */
    public static SymmetricInput of(Matrix k, String name) {
        return of(k, name, DEFAULT_TOLERANCE);
    }

    /**
     * Checks {@code k} (called {@code name} in messages) and measures it.
     *
     * @throws IllegalArgumentException if it is not square, has a NaN or infinite entry, or is not
     *                                  symmetric to within {@code tol}
     */
    public static SymmetricInput of(Matrix k, String name, double tol) {
        if (k.rows() != k.cols()) {
            throw new IllegalArgumentException(name + " is " + k.rows() + "×" + k.cols() + ", not square");
        }
        if (k.rows() == 0) {
            throw new IllegalArgumentException(name + " is empty");
        }
        int n = k.rows();
        double[] a = k.data();
        double[] colSum = new double[n];
        double[] offSum = new double[n];
        double[] maxAbs = new double[n];
        long[] bad = {-1};
        ThreadBudget.parallelFor(0, n, 64, (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                double s = 0;
                double m = 0;
                int base = j * n;
                for (int i = 0; i < n; i++) {
                    double v = a[base + i];
                    if (!Double.isFinite(v)) {
                        synchronized (bad) {
                            long at = (long) base + i;
                            if (bad[0] < 0 || at < bad[0]) {
                                bad[0] = at;
                            }
                        }
                    }
                    double av = Math.abs(v);
                    s += av;
                    m = Math.max(m, av);
                }
                colSum[j] = s;
                offSum[j] = s - Math.abs(a[base + j]);
                maxAbs[j] = m;
            }
        });
        if (bad[0] >= 0) {
            int i = (int) (bad[0] % n);
            int j = (int) (bad[0] / n);
            throw new IllegalArgumentException(name + " has " + a[(int) bad[0]] + " at row " + i + ", column " + j);
        }
        double scale = 0;
        for (double m : maxAbs) {
            scale = Math.max(scale, m);
        }
        // the largest |K_ij − K_ji|, the first in (column, row) order on ties; tiled because K_ji is
        // a strided read, and per column so that the threads cannot change which pair is reported
        double[] colWorst = new double[n];
        int[] colRow = new int[n];
        ThreadBudget.parallelFor(0, n, TILE, (j0, j1) -> {
            for (int i0 = j0; i0 < n; i0 += TILE) {
                int i1 = Math.min(n, i0 + TILE);
                for (int j = j0; j < j1; j++) {
                    int base = j * n;
                    double w = colWorst[j];
                    int row = colRow[j];
                    for (int i = Math.max(i0, j + 1); i < i1; i++) {
                        double d = Math.abs(a[base + i] - a[j + i * n]);
                        if (d > w) {
                            w = d;
                            row = i;
                        }
                    }
                    colWorst[j] = w;
                    colRow[j] = row;
                }
            }
        });
        double worst = 0;
        int wi = 0;
        int wj = 0;
        for (int j = 0; j < n; j++) {
            if (colWorst[j] > worst) {
                worst = colWorst[j];
                wi = colRow[j];
                wj = j;
            }
        }
        double asym = scale == 0 ? 0 : worst / scale;
        if (asym > tol) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%s is not symmetric: |K[%d,%d] − K[%d,%d]| = %.3g is %.3g of max|K|, above the tolerance %.1g",
                    name, wi, wj, wj, wi, worst, asym, tol));
        }
        Matrix sym = k;
        if (worst > 0) {
            double[] s = a.clone();
            for (int j = 0; j < n; j++) {
                for (int i = j + 1; i < n; i++) {
                    s[j + i * n] = s[i + j * n];
                }
            }
            sym = new Matrix(n, n, s);
            return of(sym, name, tol);
        }
        // n nonnegative terms: the computed sum is at most a factor (1 − γ_n) below the exact one
        double inflate = 1 / (1 - Rounding.gamma(n + 1));
        double norm = 0;
        double gersh = Double.POSITIVE_INFINITY;
        double maxDiag = 0;
        for (int j = 0; j < n; j++) {
            norm = Math.max(norm, colSum[j]);
            double d = a[j + j * n];
            gersh = Math.min(gersh, d - offSum[j] * inflate * (1 + 2 * Rounding.U));
            maxDiag = Math.max(maxDiag, Math.abs(d));
        }
        return new SymmetricInput(sym, Math.nextUp(norm * inflate), Math.nextDown(gersh), maxDiag, asym);
    }

    /** The dimension n. */
    public int size() {
        return matrix.rows();
    }
}
