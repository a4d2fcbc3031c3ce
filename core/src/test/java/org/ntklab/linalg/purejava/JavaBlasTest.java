package org.ntklab.linalg.purejava;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ntklab.linalg.Diag;
import org.ntklab.linalg.Side;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/**
 * {@link JavaBlas} against the naive loops of {@link Ref} and against netlib's F2J translation
 * of reference BLAS, on random data. Shapes straddle the vector length (8), the register tile
 * (24×8), the row block (192), the k block (256) and the column block (4096); operands sit at
 * nonzero offsets with padded leading dimensions, and the padding must come back untouched.
 */
class JavaBlasTest {

    private static final JavaBlas BLAS_ = new JavaBlas();
    private static final BLAS F2J = JavaBLAS.getInstance();
    private static final int[] SMALL = {1, 2, 7, 8, 9, 15, 17, 63, 64, 65, 127};
    /** (alpha, beta) pairs, cycled through the shapes. */
    private static final double[][] SCALARS = {{1, 0}, {1, 1}, {-0.7, 0.3}, {2.5, -1}, {0, 0.5}, {-1, 0}, {1, -2}};

    static Stream<Arguments> gemmShapes() {
        List<int[]> shapes = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(11);
        for (int s : SMALL) {
            shapes.add(new int[] {s, s, s});
        }
        for (int i = 0; i < 20; i++) {
            shapes.add(new int[] {SMALL[rnd.nextInt(SMALL.length)], SMALL[rnd.nextInt(SMALL.length)],
                    SMALL[rnd.nextInt(SMALL.length)]});
        }
        // past the k block (several k blocks, a partial last one), the row block, and odd everything
        shapes.add(new int[] {257, 65, 300});
        shapes.add(new int[] {200, 33, 513});
        shapes.add(new int[] {385, 17, 9});
        shapes.add(new int[] {31, 257, 257});
        // past the column block
        shapes.add(new int[] {3, 4100, 5});
        // empty products: C := beta C
        shapes.add(new int[] {0, 5, 3});
        shapes.add(new int[] {5, 0, 3});
        shapes.add(new int[] {6, 5, 0});
        List<Arguments> args = new ArrayList<>();
        int q = 0;
        for (int[] s : shapes) {
            for (Trans ta : Trans.values()) {
                for (Trans tb : Trans.values()) {
                    double[] ab = SCALARS[q++ % SCALARS.length];
                    args.add(Arguments.of(ta, tb, s[0], s[1], s[2], ab[0], ab[1]));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "dgemm {0}{1} m={2} n={3} k={4} alpha={5} beta={6}")
    @MethodSource("gemmShapes")
    void dgemm(Trans ta, Trans tb, int m, int n, int k, double alpha, double beta) {
        SplittableRandom rnd = new SplittableRandom(m * 1_000_003L + n * 1009L + k);
        int ar = ta == Trans.N ? m : k, ac = ta == Trans.N ? k : m;
        int br = tb == Trans.N ? k : n, bc = tb == Trans.N ? n : k;
        int lda = ar + 3, ldb = br + 1, ldc = m + 5;
        int aOff = 7, bOff = 2, cOff = 4;
        double[] a = Ref.random(rnd, aOff + lda * Math.max(ac, 1));
        double[] b = Ref.random(rnd, bOff + ldb * Math.max(bc, 1));
        double[] c = Ref.random(rnd, cOff + ldc * Math.max(n, 1) + 3);
        double[] ref = c.clone();
        double[] f2j = c.clone();
        Ref.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, ref, cOff, ldc);
        if (m > 0 && n > 0) {
            F2J.dgemm(ta.code(), tb.code(), m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, f2j, cOff, ldc);
        }
        BLAS_.dgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        Ref.assertClose("vs loops", ref, c, Ref.block(cOff, ldc, m, n));
        Ref.assertClose("vs F2J", f2j, c, Ref.block(cOff, ldc, m, n));
    }

    @ParameterizedTest(name = "dgemm {0}{1} ignores NaN in C when beta = 0")
    @MethodSource("transPairs")
    void dgemmBetaZeroDoesNotReadC(Trans ta, Trans tb) {
        int m = 37, n = 29, k = 300;
        SplittableRandom rnd = new SplittableRandom(5);
        double[] a = Ref.random(rnd, m * k);
        double[] b = Ref.random(rnd, k * n);
        double[] c = new double[m * n];
        Arrays.fill(c, Double.NaN);
        double[] ref = c.clone();
        int lda = ta == Trans.N ? m : k, ldb = tb == Trans.N ? k : n;
        Ref.gemm(ta, tb, m, n, k, 1.5, a, 0, lda, b, 0, ldb, 0.0, ref, 0, m);
        BLAS_.dgemm(ta, tb, m, n, k, 1.5, a, 0, lda, b, 0, ldb, 0.0, c, 0, m);
        assertFalse(Arrays.stream(c).anyMatch(Double::isNaN));
        Ref.assertClose("NaN C, beta 0", ref, c, i -> true);
    }

    static Stream<Arguments> transPairs() {
        return Stream.of(Arguments.of(Trans.N, Trans.N), Arguments.of(Trans.N, Trans.T),
                Arguments.of(Trans.T, Trans.N), Arguments.of(Trans.T, Trans.T));
    }

    @Test
    void dgemmAlphaZeroDoesNotReadAB() {
        double[] a = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        double[] c = {1, 2, 3, 4};
        BLAS_.dgemm(Trans.N, Trans.N, 2, 2, 2, 0.0, a, 0, 2, a, 0, 2, 3.0, c, 0, 2);
        assertEquals(List.of(3.0, 6.0, 9.0, 12.0), Arrays.stream(c).boxed().toList());
        BLAS_.dgemm(Trans.N, Trans.N, 2, 2, 2, 0.0, a, 0, 2, a, 0, 2, 0.0, c, 0, 2);
        assertEquals(List.of(0.0, 0.0, 0.0, 0.0), Arrays.stream(c).boxed().toList());
    }

    @Test
    void rejectsBadArguments() {
        double[] x = new double[16];
        assertThrows(IllegalArgumentException.class,
                () -> BLAS_.dgemm(Trans.N, Trans.N, -1, 2, 2, 1, x, 0, 2, x, 0, 2, 0, x, 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> BLAS_.dgemm(Trans.N, Trans.N, 4, 2, 2, 1, x, 0, 2, x, 0, 2, 0, x, 0, 4));
    }

    static Stream<Arguments> syrkShapes() {
        int[][] shapes = {{1, 1}, {2, 7}, {7, 2}, {8, 8}, {9, 17}, {15, 1}, {17, 64}, {24, 24}, {25, 9}, {63, 65},
                          {64, 127}, {65, 63}, {127, 3}, {200, 33}, {257, 260}, {5, 0}, {0, 4}};
        List<Arguments> args = new ArrayList<>();
        int q = 0;
        for (int[] s : shapes) {
            for (Uplo uplo : Uplo.values()) {
                for (Trans t : Trans.values()) {
                    double[] ab = SCALARS[q++ % SCALARS.length];
                    args.add(Arguments.of(uplo, t, s[0], s[1], ab[0], ab[1]));
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "dsyrk {0} {1} n={2} k={3} alpha={4} beta={5}")
    @MethodSource("syrkShapes")
    void dsyrk(Uplo uplo, Trans t, int n, int k, double alpha, double beta) {
        SplittableRandom rnd = new SplittableRandom(n * 7919L + k);
        int ar = t == Trans.N ? n : k, ac = t == Trans.N ? k : n;
        int lda = ar + 2, ldc = n + 3, aOff = 5, cOff = 6;
        double[] a = Ref.random(rnd, aOff + lda * Math.max(ac, 1));
        double[] c = Ref.random(rnd, cOff + ldc * Math.max(n, 1));
        // the opposite triangle holds NaN when beta = 0 too: it must be neither read nor written
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                if (uplo == Uplo.LOWER ? i < j : i > j) {
                    c[cOff + i + j * ldc] = (i + j) % 3 == 0 ? Double.NaN : c[cOff + i + j * ldc];
                }
            }
        }
        double[] ref = c.clone();
        double[] f2j = c.clone();
        Ref.syrk(uplo, t, n, k, alpha, a, aOff, lda, beta, ref, cOff, ldc);
        if (n > 0) {
            F2J.dsyrk(uplo.code(), t.code(), n, k, alpha, a, aOff, lda, beta, f2j, cOff, ldc);
        }
        BLAS_.dsyrk(uplo, t, n, k, alpha, a, aOff, lda, beta, c, cOff, ldc);
        Ref.assertClose("vs loops", ref, c, Ref.triangle(uplo, cOff, ldc, n));
        Ref.assertClose("vs F2J", f2j, c, Ref.triangle(uplo, cOff, ldc, n));
    }

    @ParameterizedTest(name = "dsyrk {0} ignores NaN in C when beta = 0")
    @MethodSource("uplos")
    void dsyrkBetaZeroDoesNotReadC(Uplo uplo) {
        int n = 70, k = 40;
        double[] a = Ref.random(new SplittableRandom(3), n * k);
        double[] c = new double[n * n];
        Arrays.fill(c, Double.NaN);
        double[] ref = c.clone();
        Ref.syrk(uplo, Trans.N, n, k, -2.0, a, 0, n, 0.0, ref, 0, n);
        BLAS_.dsyrk(uplo, Trans.N, n, k, -2.0, a, 0, n, 0.0, c, 0, n);
        Ref.assertClose("NaN C, beta 0", ref, c, Ref.triangle(uplo, 0, n, n));
    }

    static Stream<Uplo> uplos() {
        return Stream.of(Uplo.values());
    }

    static Stream<Arguments> gemvShapes() {
        int[][] shapes = {{1, 1}, {7, 9}, {8, 8}, {9, 7}, {17, 3}, {3, 17}, {64, 65}, {127, 33}, {1100, 70}, {70, 1100},
                          {0, 4}, {4, 0}};
        List<Arguments> args = new ArrayList<>();
        int q = 0;
        for (int[] s : shapes) {
            for (Trans t : Trans.values()) {
                double[] ab = SCALARS[q++ % SCALARS.length];
                args.add(Arguments.of(t, s[0], s[1], ab[0], ab[1]));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "dgemv {0} m={1} n={2} alpha={3} beta={4}")
    @MethodSource("gemvShapes")
    void dgemv(Trans t, int m, int n, double alpha, double beta) {
        SplittableRandom rnd = new SplittableRandom(m * 31L + n);
        int lda = m + 4, aOff = 3, xOff = 2, yOff = 5;
        int lenX = t == Trans.N ? n : m, lenY = t == Trans.N ? m : n;
        double[] a = Ref.random(rnd, aOff + lda * Math.max(n, 1));
        double[] x = Ref.random(rnd, xOff + lenX + 2);
        double[] y = Ref.random(rnd, yOff + lenY + 2);
        if (beta == 0) {
            Arrays.fill(y, yOff, yOff + lenY, Double.NaN);
        }
        double[] ref = y.clone();
        double[] f2j = y.clone();
        Ref.gemv(t, m, n, alpha, a, aOff, lda, x, xOff, beta, ref, yOff);
        if (m > 0 && n > 0) {
            F2J.dgemv(t.code(), m, n, alpha, a, aOff, lda, x, xOff, 1, beta, f2j, yOff, 1);
        } else {
            f2j = ref.clone(); // netlib returns early on an empty A; y := beta y is the documented meaning
        }
        BLAS_.dgemv(t, m, n, alpha, a, aOff, lda, x, xOff, beta, y, yOff);
        Ref.assertClose("vs loops", ref, y, i -> i >= yOff && i < yOff + lenY);
        Ref.assertClose("vs F2J", f2j, y, i -> i >= yOff && i < yOff + lenY);
    }

    static Stream<Arguments> trsmCases() {
        int[][] shapes = {{1, 1}, {7, 3}, {8, 9}, {33, 5}, {5, 33}, {65, 17}, {17, 65}, {100, 40}, {40, 100}, {130, 130}};
        double[] alphas = {1.0, -0.5, 2.0, 0.0};
        List<Arguments> args = new ArrayList<>();
        int q = 0;
        for (Side side : Side.values()) {
            for (Uplo uplo : Uplo.values()) {
                for (Trans t : Trans.values()) {
                    for (Diag d : Diag.values()) {
                        for (int[] s : shapes) {
                            args.add(Arguments.of(side, uplo, t, d, s[0], s[1], alphas[q++ % alphas.length]));
                        }
                    }
                }
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "dtrsm {0} {1} {2} {3} m={4} n={5} alpha={6}")
    @MethodSource("trsmCases")
    void dtrsm(Side side, Uplo uplo, Trans t, Diag diag, int m, int n, double alpha) {
        SplittableRandom rnd = new SplittableRandom(m * 131L + n * 7L + side.ordinal());
        int s = side == Side.LEFT ? m : n;
        int lda = s + 2, ldb = m + 3, aOff = 1, bOff = 4;
        double[] a = triangular(rnd, uplo, diag, s, aOff, lda);
        double[] b = Ref.random(rnd, bOff + ldb * n);
        double[] ref = b.clone();
        double[] f2j = b.clone();
        Ref.trsm(side, uplo, t, diag, m, n, alpha, a, aOff, lda, ref, bOff, ldb);
        F2J.dtrsm(side.code(), uplo.code(), t.code(), diag.code(), m, n, alpha, a, aOff, lda, f2j, bOff, ldb);
        BLAS_.dtrsm(side, uplo, t, diag, m, n, alpha, a, aOff, lda, b, bOff, ldb);
        Ref.assertClose("vs loops", ref, b, Ref.block(bOff, ldb, m, n));
        Ref.assertClose("vs F2J", f2j, b, Ref.block(bOff, ldb, m, n));
    }

    /**
     * A well-conditioned triangular matrix (off-diagonal entries scaled by 1/s, diagonal in
     * [1, 2]) whose other triangle, and for a unit diagonal the diagonal too, holds NaN: any read
     * of an element dtrsm must not reference poisons the result.
     */
    static double[] triangular(SplittableRandom rnd, Uplo uplo, Diag diag, int s, int off, int ld) {
        double[] a = new double[off + ld * s];
        Arrays.fill(a, Double.NaN);
        for (int j = 0; j < s; j++) {
            for (int i = 0; i < s; i++) {
                boolean inside = uplo == Uplo.LOWER ? i > j : i < j;
                if (inside) {
                    a[off + i + j * ld] = rnd.nextDouble(-1, 1) / s;
                } else if (i == j && diag == Diag.NON_UNIT) {
                    a[off + i + j * ld] = rnd.nextDouble(1, 2) * (rnd.nextBoolean() ? 1 : -1);
                }
            }
        }
        return a;
    }

    @ParameterizedTest(name = "level 1, n={0}")
    @MethodSource("lengths")
    void level1(int n) {
        SplittableRandom rnd = new SplittableRandom(n);
        double[] x = Ref.random(rnd, n + 6);
        double[] y = Ref.random(rnd, n + 6);
        double dot = 0;
        for (int i = 0; i < n; i++) {
            dot += x[3 + i] * y[1 + i];
        }
        double got = BLAS_.ddot(n, x, 3, y, 1);
        assertEquals(dot, got, 1e-13 * Math.max(1, n));
        assertEquals(n == 0 ? 0.0 : F2J.ddot(n, x, 3, 1, y, 1, 1), got, 1e-13 * Math.max(1, n));

        double[] ref = y.clone();
        for (int i = 0; i < n; i++) {
            ref[2 + i] += -1.25 * x[1 + i];
        }
        double[] yy = y.clone();
        BLAS_.daxpy(n, -1.25, x, 1, yy, 2);
        Ref.assertClose("daxpy", ref, yy, i -> i >= 2 && i < 2 + n);

        ref = x.clone();
        for (int i = 0; i < n; i++) {
            ref[4 + i] *= 0.3;
        }
        double[] xx = x.clone();
        BLAS_.dscal(n, 0.3, xx, 4);
        Ref.assertClose("dscal", ref, xx, i -> i >= 4 && i < 4 + n);

        // alpha = 0: y untouched even when x holds NaN (reference BLAS returns early)
        double[] nan = new double[n + 1];
        Arrays.fill(nan, Double.NaN);
        yy = y.clone();
        BLAS_.daxpy(n, 0.0, nan, 0, yy, 0);
        Ref.assertClose("daxpy alpha 0", y, yy, i -> false);
    }

    static Stream<Integer> lengths() {
        return Stream.of(0, 1, 7, 8, 9, 31, 32, 33, 100, 1000);
    }
}
