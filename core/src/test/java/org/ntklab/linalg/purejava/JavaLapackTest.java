package org.ntklab.linalg.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ludovic.netlib.lapack.JavaLAPACK;
import dev.ludovic.netlib.lapack.LAPACK;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netlib.util.intW;
import org.ntklab.linalg.Uplo;

/**
 * {@link JavaLapack}'s Cholesky routines: the factor must reproduce A (L Lᵀ or Uᵀ U, by naive
 * loops) and match netlib's F2J dpotrf; failures must report the order of the first
 * non-positive-definite leading minor; dpotrs must match F2J and leave a small residual.
 */
class JavaLapackTest {

    private static final JavaLapack LAPACK_ = new JavaLapack(new JavaBlas());
    private static final LAPACK F2J = JavaLAPACK.getInstance();

    static Stream<Arguments> sizes() {
        return Stream.of(1, 2, 7, 31, 32, 33, 64, 65, 100, 257)
                .flatMap(n -> Stream.of(Arguments.of(Uplo.LOWER, n), Arguments.of(Uplo.UPPER, n)));
    }

    /** A symmetric positive definite n×n matrix M Mᵀ + n I at offset {@code off}, leading dimension {@code ld}. */
    static double[] spd(SplittableRandom rnd, int n, int off, int ld) {
        double[] m = Ref.random(rnd, n * n);
        double[] a = new double[off + ld * n];
        Arrays.fill(a, Double.NaN);
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double s = i == j ? n : 0;
                for (int l = 0; l < n; l++) {
                    s += m[i + l * n] * m[j + l * n];
                }
                a[off + i + j * ld] = s;
            }
        }
        return a;
    }

    /** Only the uplo triangle is input; the other one is NaN so any read of it shows. */
    static void poisonOtherTriangle(double[] a, Uplo uplo, int n, int off, int ld) {
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                if (uplo == Uplo.LOWER ? i < j : i > j) {
                    a[off + i + j * ld] = Double.NaN;
                }
            }
        }
    }

    @ParameterizedTest(name = "dpotrf {0} n={1}")
    @MethodSource("sizes")
    void dpotrf(Uplo uplo, int n) {
        int off = 3, ld = n + 2;
        double[] a = spd(new SplittableRandom(n), n, off, ld);
        double[] full = a.clone();
        poisonOtherTriangle(a, uplo, n, off, ld);
        double[] f2j = a.clone();
        assertEquals(0, LAPACK_.dpotrf(uplo, n, a, off, ld));
        intW info = new intW(0);
        F2J.dpotrf(uplo.code(), n, f2j, off, ld, info);
        assertEquals(0, info.val);
        Ref.assertClose("factor vs F2J", f2j, a, Ref.triangle(uplo, off, ld, n));

        // reconstruct A from the factor: A(i, j) = sum_l F(i, l) F(j, l) with F = L, or Uᵀ
        double[] rebuilt = full.clone();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int l = 0; l <= Math.min(i, j); l++) {
                    s += factor(a, uplo, off, ld, i, l) * factor(a, uplo, off, ld, j, l);
                }
                rebuilt[off + i + j * ld] = s;
            }
        }
        Ref.assertClose("L Lᵀ vs A", full, rebuilt, Ref.block(off, ld, n, n));
    }

    /** Element (i, l) of the lower-triangular factor F (L itself, or Uᵀ). */
    private static double factor(double[] a, Uplo uplo, int off, int ld, int i, int l) {
        return uplo == Uplo.LOWER ? a[off + i + l * ld] : a[off + l + i * ld];
    }

    static Stream<Arguments> failures() {
        return Stream.of(Arguments.of(Uplo.LOWER, 10, 1), Arguments.of(Uplo.UPPER, 10, 1),
                Arguments.of(Uplo.LOWER, 40, 5), Arguments.of(Uplo.UPPER, 40, 33),
                Arguments.of(Uplo.LOWER, 130, 33), Arguments.of(Uplo.UPPER, 130, 100),
                Arguments.of(Uplo.LOWER, 130, 130), Arguments.of(Uplo.UPPER, 65, 64));
    }

    @ParameterizedTest(name = "dpotrf {0} n={1} fails at {2}")
    @MethodSource("failures")
    void dpotrfReportsFirstBadMinor(Uplo uplo, int n, int k) {
        int off = 1, ld = n + 1;
        double[] a = spd(new SplittableRandom(k), n, off, ld);
        // A strongly negative diagonal entry k-1 leaves minors 1..k-1 positive definite and
        // makes minor k indefinite, whatever the rest of the matrix holds.
        a[off + (k - 1) * (ld + 1)] = -1e6;
        poisonOtherTriangle(a, uplo, n, off, ld);
        double[] f2j = a.clone();
        intW info = new intW(0);
        F2J.dpotrf(uplo.code(), n, f2j, off, ld, info);
        assertEquals(k, info.val, "F2J");
        assertEquals(k, LAPACK_.dpotrf(uplo, n, a, off, ld));
    }

    @ParameterizedTest(name = "dpotrs {0} n={1}")
    @MethodSource("sizes")
    void dpotrs(Uplo uplo, int n) {
        int off = 2, ld = n + 3, nrhs = 5, ldb = n + 1, bOff = 3;
        SplittableRandom rnd = new SplittableRandom(n * 17L);
        double[] a = spd(rnd, n, off, ld);
        double[] full = a.clone();
        poisonOtherTriangle(a, uplo, n, off, ld);
        assertEquals(0, LAPACK_.dpotrf(uplo, n, a, off, ld));
        double[] b = Ref.random(rnd, bOff + ldb * nrhs);
        double[] f2j = b.clone();
        double[] rhs = b.clone();
        assertEquals(0, LAPACK_.dpotrs(uplo, n, nrhs, a, off, ld, b, bOff, ldb));
        intW info = new intW(0);
        F2J.dpotrs(uplo.code(), n, nrhs, a, off, ld, f2j, bOff, ldb, info);
        Ref.assertClose("X vs F2J", f2j, b, Ref.block(bOff, ldb, n, nrhs));
        // A X reproduces the right-hand side
        double[] ax = rhs.clone();
        Ref.gemm(org.ntklab.linalg.Trans.N, org.ntklab.linalg.Trans.N, n, nrhs, n, 1.0, full, off, ld, b, bOff, ldb,
                0.0, ax, bOff, ldb);
        Ref.assertClose("A X vs B", rhs, ax, Ref.block(bOff, ldb, n, nrhs));
    }
}
