package org.ntklab.train;

import java.util.SplittableRandom;
import org.ntklab.linalg.Matrix;

/**
 * Plain-loop references for the training tests, independent of BLAS, LAPACK and the classes under
 * test: RK4 integration of linear ODEs, Gaussian elimination, products.
 */
final class Reference {

    private Reference() {
    }

    /** A linear ODE dz/dt = A z + b, given by its right-hand side. */
    interface Rhs {
        void derivative(double[] z, double[] dz);
    }

    /**
     * Classical RK4 from z(0) = z0, with steps of at most h, returning z at each time of the
     * ascending {@code times} (each reached exactly by shortening the last step).
     */
    static double[][] rk4(Rhs f, double[] z0, double[] times, double h) {
        int d = z0.length;
        double[] z = z0.clone();
        double[] k1 = new double[d], k2 = new double[d], k3 = new double[d], k4 = new double[d], tmp = new double[d];
        double[][] out = new double[times.length][];
        double now = 0;
        for (int j = 0; j < times.length; j++) {
            while (now < times[j]) {
                double step = Math.min(h, times[j] - now);
                f.derivative(z, k1);
                for (int i = 0; i < d; i++) {
                    tmp[i] = z[i] + step / 2 * k1[i];
                }
                f.derivative(tmp, k2);
                for (int i = 0; i < d; i++) {
                    tmp[i] = z[i] + step / 2 * k2[i];
                }
                f.derivative(tmp, k3);
                for (int i = 0; i < d; i++) {
                    tmp[i] = z[i] + step * k3[i];
                }
                f.derivative(tmp, k4);
                for (int i = 0; i < d; i++) {
                    z[i] += step / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
                }
                now = times[j] - now <= h ? times[j] : now + step;
            }
            out[j] = z.clone();
        }
        return out;
    }

    /** Solves A x = b by Gaussian elimination with partial pivoting (A is not modified). */
    static double[] solve(Matrix a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = a.get(i, j);
            }
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[p][c])) {
                    p = r;
                }
            }
            double[] s = m[c];
            m[c] = m[p];
            m[p] = s;
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int j = c; j <= n; j++) {
                    m[r][j] -= f * m[c][j];
                }
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = m[i][n];
            for (int j = i + 1; j < n; j++) {
                s -= m[i][j] * x[j];
            }
            x[i] = s / m[i][i];
        }
        return x;
    }

    /** A v. */
    static double[] times(Matrix a, double[] v) {
        double[] out = new double[a.rows()];
        for (int i = 0; i < a.rows(); i++) {
            double s = 0;
            for (int j = 0; j < a.cols(); j++) {
                s += a.get(i, j) * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    /** A Bᵀ. */
    static Matrix timesTransposed(Matrix a, Matrix b) {
        Matrix c = new Matrix(a.rows(), b.rows(), new double[a.rows() * b.rows()]);
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < b.rows(); j++) {
                double s = 0;
                for (int k = 0; k < a.cols(); k++) {
                    s += a.get(i, k) * b.get(j, k);
                }
                c.set(i, j, s);
            }
        }
        return c;
    }

    /** An upper bound on the largest eigenvalue of a symmetric matrix (Gershgorin). */
    static double gershgorin(Matrix a) {
        double bound = 0;
        for (int i = 0; i < a.rows(); i++) {
            double s = 0;
            for (int j = 0; j < a.cols(); j++) {
                s += Math.abs(a.get(i, j));
            }
            bound = Math.max(bound, s);
        }
        return bound;
    }

    static Matrix gaussian(int rows, int cols, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[rows * cols];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        return new Matrix(rows, cols, a);
    }

    static double[] gaussian(int n, long seed) {
        return gaussian(n, 1, seed).data();
    }

    /** max_i |expected_i − actual_i| / max_i |expected_i|. */
    static double relativeError(double[] expected, double[] actual) {
        double err = 0, scale = 0;
        for (int i = 0; i < expected.length; i++) {
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return err / scale;
    }

    static double[] concat(double[] a, double[] b) {
        double[] c = new double[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
