package org.ntklab.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.backend.Backends;

/**
 * {@link Lapack#symmetricEigen}: divide and conquer, and MRRR when divide and conquer reports a
 * convergence failure. The failure is injected (a real one needs a spectrum DLAED4 cannot solve,
 * which depends on the last bits of the platform's arithmetic); the oracle is the healthy dsyevd.
 */
class SymmetricEigenTest {

    private static final Lapack JAVA = Backends.javaBackend().lapack();

    /** Fails every dsyevd with a positive (convergence) or negative (argument) info after scribbling over A. */
    private record Failing(int dsyevdInfo, int dsyevrInfo, int[] dsyevrCalls) implements Lapack {
        @Override
        public String name() {
            return "failing";
        }

        @Override
        public int dpotrf(Uplo uplo, int n, double[] a, int aOff, int lda) {
            return JAVA.dpotrf(uplo, n, a, aOff, lda);
        }

        @Override
        public int dpotrs(Uplo uplo, int n, int nrhs, double[] a, int aOff, int lda, double[] b, int bOff, int ldb) {
            return JAVA.dpotrs(uplo, n, nrhs, a, aOff, lda, b, bOff, ldb);
        }

        @Override
        public int dsyevd(boolean vectors, Uplo uplo, int n, double[] a, int aOff, int lda, double[] w) {
            Arrays.fill(a, Double.NaN); // a failed LAPACK call leaves A destroyed
            return dsyevdInfo;
        }

        @Override
        public int dsyevr(boolean vectors, Uplo uplo, int n, double[] a, int aOff, int lda, int il, int iu, double[] w,
                          double[] z, int zOff, int ldz) {
            dsyevrCalls[0]++;
            return dsyevrInfo != 0 ? dsyevrInfo : JAVA.dsyevr(vectors, uplo, n, a, aOff, lda, il, iu, w, z, zOff, ldz);
        }
    }

    private static double[] randomSymmetric(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int i = j; i < n; i++) {
                a[i + j * n] = a[j + i * n] = r.nextGaussian();
            }
        }
        return a;
    }

    @Test
    void aConvergenceFailureOfDivideAndConquerFallsBackToMrrr() {
        int n = 40;
        double[] source = randomSymmetric(n, 81);
        double[] original = source.clone();
        double[] expectedW = new double[n];
        double[] expectedV = source.clone();
        assertEquals(0, JAVA.dsyevd(true, Uplo.LOWER, n, expectedV, 0, n, expectedW));

        int[] calls = {0};
        double[] a = new double[n * n];
        double[] w = new double[n];
        assertEquals(0, new Failing(81, 0, calls).symmetricEigen(true, n, source, a, w));
        assertEquals(1, calls[0]);
        assertArrayEquals(original, source, 0.0, "the source is left intact");
        double scale = Math.max(Math.abs(expectedW[0]), Math.abs(expectedW[n - 1]));
        for (int j = 0; j < n; j++) {
            assertEquals(expectedW[j], w[j], 1e-13 * scale, "eigenvalue " + j);
            // residual ‖A v − λ v‖ and unit norm: MRRR's vectors, checked against A itself
            double norm = 0;
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int k = 0; k < n; k++) {
                    av += original[i + k * n] * a[k + j * n];
                }
                assertEquals(w[j] * a[i + j * n], av, 1e-12 * scale, "residual of pair " + j + " row " + i);
                norm += a[i + j * n] * a[i + j * n];
            }
            assertEquals(1.0, norm, 1e-13, "vector " + j + " has unit norm");
        }
    }

    @Test
    void eigenvaluesAloneFallBackToo() {
        int n = 17;
        double[] source = randomSymmetric(n, 5);
        double[] expected = new double[n];
        assertEquals(0, JAVA.dsyevd(false, Uplo.LOWER, n, source.clone(), 0, n, expected));
        double[] w = new double[n];
        assertEquals(0, new Failing(3, 0, new int[1]).symmetricEigen(false, n, source, new double[n * n], w));
        assertArrayEquals(expected, w, 1e-13 * Math.abs(expected[n - 1]));
    }

    @Test
    void bothFailingReportsTheSecondInfoAndAnArgumentErrorIsNotRetried() {
        int n = 6;
        double[] source = randomSymmetric(n, 1);
        int[] calls = {0};
        assertEquals(7, new Failing(81, 7, calls).symmetricEigen(true, n, source, new double[n * n], new double[n]));
        assertEquals(1, calls[0]);
        calls[0] = 0;
        assertEquals(-4, new Failing(-4, 0, calls).symmetricEigen(true, n, source, new double[n * n], new double[n]));
        assertEquals(0, calls[0], "a bad argument is a bug, not a convergence failure: no second solver");
    }

    @Test
    void aNonFiniteMatrixIsAnErrorNamingTheEntry() {
        int n = 5;
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
            double[] source = randomSymmetric(n, 2);
            source[3 + 1 * n] = bad;
            ArithmeticException e = org.junit.jupiter.api.Assertions.assertThrows(ArithmeticException.class,
                    () -> JAVA.symmetricEigen(true, n, source, new double[n * n], new double[n]));
            assertTrue(e.getMessage().contains("row 3, column 1"), e.getMessage());
        }
    }

    @Test
    void theHealthyPathIsDsyevdItself() {
        int n = 33;
        double[] source = randomSymmetric(n, 9);
        double[] v = source.clone();
        double[] expected = new double[n];
        assertEquals(0, JAVA.dsyevd(true, Uplo.LOWER, n, v, 0, n, expected));
        double[] a = new double[n * n];
        double[] w = new double[n];
        assertEquals(0, JAVA.symmetricEigen(true, n, source, a, w));
        assertArrayEquals(expected, w, 0.0, "bit for bit: the fallback changes nothing when dsyevd converges");
        assertArrayEquals(v, a, 0.0);
        assertTrue(w[0] < w[n - 1]);
    }
}
