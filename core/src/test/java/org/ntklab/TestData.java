package org.ntklab;

import java.util.SplittableRandom;
import org.ntklab.linalg.Matrix;

/** Shared test fixtures: seeded random data sets and the comparisons the tests state tolerances in. */
public final class TestData {

    private TestData() {
    }

    /** n×d matrix of standard normal entries. */
    public static Matrix gaussian(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        return new Matrix(n, d, a);
    }

    /** n points uniform on the unit sphere in R^d. */
    public static Matrix sphere(int n, int d, long seed) {
        Matrix x = gaussian(n, d, seed);
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < d; k++) {
                s += x.get(i, k) * x.get(i, k);
            }
            for (int k = 0; k < d; k++) {
                x.set(i, k, x.get(i, k) / Math.sqrt(s));
            }
        }
        return x;
    }

    /** max |expected − actual| / max |expected|. */
    public static double relErr(Matrix expected, Matrix actual) {
        return relDiff(actual.data(), expected.data());
    }

    /** max |a − b| / max |b|. */
    public static double relDiff(double[] a, double[] b) {
        double d = 0;
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
            s = Math.max(s, Math.abs(b[i]));
        }
        return d / s;
    }

    /** Least-squares slope of y against x. */
    public static double slope(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }
}
