package org.ntklab.eigen;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.ntklab.linalg.Matrix;

/** Test matrices with known spectra. */
final class Matrices {

    private Matrices() {
    }

    /** The 1-D Laplacian tridiag(−1, 2, −1) of order n. */
    static Matrix laplacian(int n) {
        Matrix k = new Matrix(n, n, new double[n * n]);
        for (int i = 0; i < n; i++) {
            k.set(i, i, 2);
            if (i + 1 < n) {
                k.set(i, i + 1, -1);
                k.set(i + 1, i, -1);
            }
        }
        return k;
    }

    /** Its k-th smallest eigenvalue (k from 1): 2 − 2cos(kπ/(n+1)) = 4 sin²(kπ/(2(n+1))), without cancellation. */
    static double laplacianEigenvalue(int n, int k) {
        double s = Math.sin(k * Math.PI / (2.0 * (n + 1)));
        return 4 * s * s;
    }

    /** A random orthogonal matrix: Q of the QR decomposition of a Gaussian matrix. */
    static double[][] orthogonal(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] g = new double[n][n];
        for (double[] row : g) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextGaussian();
            }
        }
        RealMatrix q = new QRDecomposition(new Array2DRowRealMatrix(g, false)).getQ();
        return q.getData();
    }

    /** Q diag(values) Qᵀ, exactly symmetric; Q's columns are the eigenvectors. */
    static Matrix withSpectrum(double[] values, double[][] q) {
        int n = values.length;
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[i][k] * values[k] * q[j][k];
                }
                a[i + j * n] = s;
                a[j + i * n] = s;
            }
        }
        return new Matrix(n, n, a);
    }

    /** Column k of Q. */
    static double[] column(double[][] q, int k) {
        double[] c = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            c[i] = q[i][k];
        }
        return c;
    }
}
