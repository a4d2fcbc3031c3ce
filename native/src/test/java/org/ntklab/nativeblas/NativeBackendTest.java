package org.ntklab.nativeblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.Backend;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Diag;
import org.ntklab.linalg.Side;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/**
 * The bundled OpenBLAS binds, and agrees with the pure-Java backend to 1e-12 relative (max norm,
 * scaled by the largest entry) on every operation the project uses.
 */
class NativeBackendTest {

    private static final double TOL = 1e-12;

    private static Backend nativeBackend() {
        Backend b = Backends.current();
        assumeTrue(!"java".equals(System.getProperty(Backends.PROPERTY)), "pure-Java run: native backend disabled");
        return b;
    }

    @Test
    void bundledOpenBlasWithLapackIsBound() {
        Backend b = nativeBackend();
        assertEquals("native", b.info().kind(), () -> "fell back: " + b.info().note());
        assertTrue(b.info().library().endsWith("libopenblas.so.0"), b.info().library());
        assertTrue(b.info().version().startsWith("OpenBLAS 0.3."), b.info().version());
        assertTrue(b.blas().name().contains("JNIBLAS"), b.blas().name());
        assertTrue(b.lapack().name().contains("JNILAPACK"), b.lapack().name());
    }

    @Test
    void gemmAgreesWithJavaForAllTransposes() {
        Backend nat = nativeBackend();
        Backend jav = Backends.javaBackend();
        int m = 77, n = 131, k = 203;
        for (Trans ta : Trans.values()) {
            for (Trans tb : Trans.values()) {
                int lda = ta == Trans.N ? m + 3 : k + 1;
                int ldb = tb == Trans.N ? k + 2 : n;
                double[] a = random(lda * (ta == Trans.N ? k : m), 1);
                double[] b = random(ldb * (tb == Trans.N ? n : k), 2);
                double[] c1 = random(m * n, 3);
                double[] c2 = c1.clone();
                nat.blas().dgemm(ta, tb, m, n, k, 0.7, a, 0, lda, b, 0, ldb, -1.3, c1, 0, m);
                jav.blas().dgemm(ta, tb, m, n, k, 0.7, a, 0, lda, b, 0, ldb, -1.3, c2, 0, m);
                assertClose(c2, c1, ta + "" + tb);
            }
        }
    }

    @Test
    void syrkGemvDotAxpyTrsmAgree() {
        Backend nat = nativeBackend();
        Backend jav = Backends.javaBackend();
        int n = 150, k = 61;
        double[] a = random(n * k, 4);
        for (Uplo uplo : Uplo.values()) {
            for (Trans t : Trans.values()) {
                double[] c1 = random(n * n, 5);
                double[] c2 = c1.clone();
                int lda = t == Trans.N ? n : k;
                nat.blas().dsyrk(uplo, t, n, k, 1.5, a, 0, lda, 0.5, c1, 0, n);
                jav.blas().dsyrk(uplo, t, n, k, 1.5, a, 0, lda, 0.5, c2, 0, n);
                assertClose(c2, c1, "syrk " + uplo + t);
            }
        }
        double[] x = random(n, 6);
        double[] y1 = random(k, 7);
        double[] y2 = y1.clone();
        nat.blas().dgemv(Trans.T, n, k, 2.0, a, 0, n, x, 0, 0.25, y1, 0);
        jav.blas().dgemv(Trans.T, n, k, 2.0, a, 0, n, x, 0, 0.25, y2, 0);
        assertClose(y2, y1, "gemv");
        double d1 = nat.blas().ddot(n, x, 0, a, 3);
        double d2 = jav.blas().ddot(n, x, 0, a, 3);
        assertEquals(d2, d1, TOL * Math.abs(d2));
        double[] z1 = random(n, 8);
        double[] z2 = z1.clone();
        nat.blas().daxpy(n, -0.5, x, 0, z1, 0);
        jav.blas().daxpy(n, -0.5, x, 0, z2, 0);
        assertClose(z2, z1, "axpy");

        double[] l = spd(n, 9);
        for (Side side : Side.values()) {
            for (Trans t : Trans.values()) {
                int rows = side == Side.LEFT ? n : 40;
                int cols = side == Side.LEFT ? 40 : n;
                double[] b1 = random(rows * cols, 10);
                double[] b2 = b1.clone();
                nat.blas().dtrsm(side, Uplo.LOWER, t, Diag.NON_UNIT, rows, cols, 1.0, l, 0, n, b1, 0, rows);
                jav.blas().dtrsm(side, Uplo.LOWER, t, Diag.NON_UNIT, rows, cols, 1.0, l, 0, n, b2, 0, rows);
                assertClose(b2, b1, "trsm " + side + t);
            }
        }
    }

    @Test
    void choleskySolveAndEigenvaluesAgree() {
        Backend nat = nativeBackend();
        Backend jav = Backends.javaBackend();
        int n = 300;
        double[] a = spd(n, 11);
        double[] f1 = a.clone();
        double[] f2 = a.clone();
        assertEquals(0, nat.lapack().dpotrf(Uplo.LOWER, n, f1, 0, n));
        assertEquals(0, jav.lapack().dpotrf(Uplo.LOWER, n, f2, 0, n));
        assertClose(lower(f2, n), lower(f1, n), "potrf");
        double[] b1 = random(n * 3, 12);
        double[] b2 = b1.clone();
        nat.lapack().dpotrs(Uplo.LOWER, n, 3, f1, 0, n, b1, 0, n);
        jav.lapack().dpotrs(Uplo.LOWER, n, 3, f2, 0, n, b2, 0, n);
        assertClose(b2, b1, "potrs");
        double[] w1 = new double[n];
        double[] w2 = new double[n];
        assertEquals(0, nat.lapack().dsyevd(false, Uplo.LOWER, n, a.clone(), 0, n, w1));
        assertEquals(0, jav.lapack().dsyevd(false, Uplo.LOWER, n, a.clone(), 0, n, w2));
        assertClose(w2, w1, "syevd");
    }

    @Test
    void nonPositiveDefiniteIsReportedNotThrown() {
        Backend nat = nativeBackend();
        int n = 50;
        double[] a = spd(n, 13);
        a[20 + 20 * n] = -1e6;
        assertEquals(21, nat.lapack().dpotrf(Uplo.LOWER, n, a, 0, n));
    }

    @Test
    void blasIsSingleThreadedInsideParallelRegionsAndGetsTheBudgetOutside() {
        Backend b = nativeBackend();
        OpenBlasLibrary lib = new OpenBlasLibrary(java.nio.file.Path.of(b.info().library()));
        int budget = ThreadBudget.threads();
        assertEquals(budget, lib.threads());
        int inside = ThreadBudget.invoke(lib::threads);
        assertEquals(budget == 1 ? budget : 1, inside);
        assertEquals(budget, lib.threads());
    }

    static double[] random(int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[len];
        for (int i = 0; i < len; i++) {
            v[i] = r.nextDouble(-1, 1);
        }
        return v;
    }

    /** A well-conditioned symmetric positive definite matrix: B Bᵀ/n + I, lower triangle meaningful. */
    static double[] spd(int n, long seed) {
        double[] b = random(n * n, seed);
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int p = 0; p < n; p++) {
                    s += b[i + p * n] * b[j + p * n];
                }
                a[i + j * n] = s / n + (i == j ? 1 : 0);
            }
        }
        return a;
    }

    static double[] lower(double[] a, int n) {
        double[] l = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                l[i + j * n] = a[i + j * n];
            }
        }
        return l;
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        double scale = 0, err = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
        }
        double rel = err / Math.max(scale, Double.MIN_NORMAL);
        assertTrue(rel <= TOL, what + ": relative difference " + rel + " > " + TOL);
    }
}
