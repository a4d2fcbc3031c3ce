package org.ntklab.linalg.purejava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.Diag;
import org.ntklab.linalg.Side;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;

/**
 * The pure-Java kernels must give bit-identical results on one thread, on two, and when called
 * sequentially from inside a parallel task: work is split over outputs with fixed boundaries and
 * the k blocking never changes. Sizes are large enough that the calls do split.
 */
class DeterminismTest {

    private static final JavaBlas BLAS_ = new JavaBlas();
    private int savedThreads;

    @BeforeEach
    void save() {
        savedThreads = ThreadBudget.threads();
    }

    @AfterEach
    void restore() {
        ThreadBudget.setThreads(savedThreads);
    }

    /** Runs {@code op} on a copy of {@code input} with 1 thread, 2 threads, and inside a pool task; all must agree bitwise. */
    private void assertSameEverywhere(double[] input, Consumer<double[]> op) {
        ThreadBudget.setThreads(1);
        double[] one = input.clone();
        op.accept(one);
        ThreadBudget.setThreads(2);
        double[] two = input.clone();
        op.accept(two);
        double[] nested = input.clone();
        ThreadBudget.parallelFor(0, 2, 1, (lo, hi) -> {
            if (lo == 0) {
                op.accept(nested);
            }
        });
        assertArrayEquals(one, two, "1 thread vs 2 threads");
        assertArrayEquals(one, nested, "1 thread vs inside a parallel task");
    }

    @Test
    void dgemm() {
        SplittableRandom rnd = new SplittableRandom(1);
        int m = 301, n = 283, k = 600;
        double[] a = Ref.random(rnd, k * m);
        double[] b = Ref.random(rnd, k * n);
        assertSameEverywhere(Ref.random(rnd, m * n),
                c -> BLAS_.dgemm(Trans.T, Trans.N, m, n, k, 0.9, a, 0, k, b, 0, k, -0.5, c, 0, m));
    }

    @Test
    void dsyrk() {
        SplittableRandom rnd = new SplittableRandom(2);
        int n = 333, k = 520;
        double[] a = Ref.random(rnd, n * k);
        assertSameEverywhere(Ref.random(rnd, n * n),
                c -> BLAS_.dsyrk(Uplo.LOWER, Trans.N, n, k, 1.0, a, 0, n, 1.0, c, 0, n));
    }

    @Test
    void dtrsm() {
        SplittableRandom rnd = new SplittableRandom(3);
        int m = 300, n = 250;
        double[] a = JavaBlasTest.triangular(rnd, Uplo.UPPER, Diag.NON_UNIT, n, 0, n);
        assertSameEverywhere(Ref.random(rnd, m * n),
                b -> BLAS_.dtrsm(Side.RIGHT, Uplo.UPPER, Trans.T, Diag.NON_UNIT, m, n, 1.0, a, 0, n, b, 0, m));
    }

    @Test
    void dgemv() {
        SplittableRandom rnd = new SplittableRandom(4);
        int m = 1500, n = 1400;
        double[] a = Ref.random(rnd, m * n);
        double[] x = Ref.random(rnd, m);
        assertSameEverywhere(Ref.random(rnd, n), y -> BLAS_.dgemv(Trans.T, m, n, 1.0, a, 0, m, x, 0, 0.5, y, 0));
        double[] x2 = Ref.random(rnd, n);
        assertSameEverywhere(Ref.random(rnd, m), y -> BLAS_.dgemv(Trans.N, m, n, 1.0, a, 0, m, x2, 0, 0.5, y, 0));
    }

    @Test
    void dpotrf() {
        int n = 400;
        double[] a = JavaLapackTest.spd(new SplittableRandom(5), n, 0, n);
        JavaLapack lapack = new JavaLapack(BLAS_);
        assertSameEverywhere(a, f -> assertEquals(0, lapack.dpotrf(Uplo.UPPER, n, f, 0, n)));
    }
}
