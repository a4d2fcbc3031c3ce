package org.ntklab.eigen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ntklab.runtime.ThreadBudget;

class FloatBasisTest {

    @Test
    void productsMatchADoubleReferenceOfTheSameFloatsAtEveryThreadCount() {
        // odd sizes: vector tails in both products, row blocks of 4096 with a short last one
        int n = 9001;
        int r = 37;
        SplittableRandom rng = new SplittableRandom(5);
        float[] u = new float[n * r];
        for (int i = 0; i < u.length; i++) {
            u[i] = (float) rng.nextGaussian();
        }
        double[] v = new double[n];
        double[] t = new double[r];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextGaussian();
        }
        for (int j = 0; j < r; j++) {
            t[j] = rng.nextGaussian();
        }
        double[] wantT = new double[r];
        double[] wantOut = new double[n];
        for (int i = 0; i < n; i++) {
            wantOut[i] = 0.5 * v[i];
        }
        for (int j = 0; j < r; j++) {
            for (int i = 0; i < n; i++) {
                wantT[j] += (double) u[i + j * n] * v[i];
                wantOut[i] += t[j] * u[i + j * n];
            }
        }
        FloatBasis b = new FloatBasis(n, r, u);
        int before = ThreadBudget.threads();
        double[] firstT = null;
        double[] firstOut = null;
        try {
            for (int threads : new int[] {1, 2, 3}) {
                ThreadBudget.setThreads(threads);
                double[] gotT = new double[r];
                double[] gotOut = new double[n];
                b.transposeTimes(v, gotT);
                b.times(t, 0.5, v, gotOut);
                for (int j = 0; j < r; j++) {
                    // a sum of n products of size ~1: rounding ~ √n·u relative to √n
                    assertTrue(Math.abs(gotT[j] - wantT[j]) <= 1e-12 * Math.sqrt(n) * 10, "Uᵀv[" + j + "]");
                }
                for (int i = 0; i < n; i++) {
                    assertTrue(Math.abs(gotOut[i] - wantOut[i]) <= 1e-13 * r * 10, "Ut[" + i + "]");
                }
                if (firstT == null) {
                    firstT = gotT;
                    firstOut = gotOut;
                } else {
                    assertArrayEquals(firstT, gotT, 0.0, threads + " threads");
                    assertArrayEquals(firstOut, gotOut, 0.0, threads + " threads");
                }
            }
            // the same bits once the loops are JIT-compiled (a lane reduction in unspecified order would differ)
            double[] again = new double[r];
            for (int rep = 0; rep < 3000; rep++) {
                b.transposeTimes(v, again);
            }
            assertArrayEquals(firstT, again, 0.0, "after JIT compilation");
        } finally {
            ThreadBudget.setThreads(before);
        }
    }
}
