package org.ntklab.linalg.purejava;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.Uplo;

/**
 * The F2J eigensolvers keep Fortran SAVE variables in static fields (DLAMCH's machine constants,
 * DLASQ3/DLASQ4's state inside MRRR), so two threads inside them at once corrupt each other's
 * results: in CI a 40 × 40 NTK failed to converge (info 81) and, in another run, DLASCL spun for
 * half an hour. Calls from many threads must give exactly the results of one thread.
 */
class F2jThreadSafetyTest {

    private static final int N = 12;
    private static final int PROBLEMS = 3;
    private static final int ROUNDS = 400;

    private static double[] matrix(int seed) {
        Random r = new Random(seed);
        double[] a = new double[N * N];
        for (int j = 0; j < N; j++) {
            for (int i = j; i < N; i++) {
                a[i + j * N] = a[j + i * N] = r.nextGaussian();
            }
        }
        return a;
    }

    private static double[] solve(JavaLapack lapack, int seed, boolean mrrr) {
        double[] a = matrix(seed);
        double[] w = new double[N];
        int info = mrrr ? lapack.dsyevr(true, Uplo.LOWER, N, a, 0, N, 1, N, w, new double[N * N], 0, N)
                : lapack.dsyevd(true, Uplo.LOWER, N, a, 0, N, w);
        assertEquals(0, info, "problem " + seed);
        return w;
    }

    @Test
    void concurrentCallsGiveTheSingleThreadedResultsBitForBit() throws Exception {
        JavaLapack lapack = new JavaLapack(new JavaBlas());
        double[][] expected = new double[2 * PROBLEMS][];
        for (int p = 0; p < 2 * PROBLEMS; p++) {
            expected[p] = solve(lapack, p / 2, p % 2 == 1);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                // every round is a JVM's first use again: DLAMCH recomputes its constants, the window
                // in which another thread reads them half-set
                org.netlib.lapack.Dlamch.first = true;
                org.netlib.lapack.Dlamc1.first = true;
                org.netlib.lapack.Dlamc2.first = true;
                CyclicBarrier start = new CyclicBarrier(4);
                List<Future<?>> jobs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int offset = t;
                    jobs.add(pool.submit(() -> {
                        start.await();
                        for (int q = 0; q < 2 * PROBLEMS; q++) {
                            int p = (q + offset * 7) % (2 * PROBLEMS);
                            assertArrayEquals(expected[p], solve(lapack, p / 2, p % 2 == 1), 0.0, "problem " + p);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : jobs) {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
