package org.ntklab.tools.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ntklab.eigen.Spectrum;
import org.ntklab.linalg.Matrix;

/** The pieces the seed-003 experiments rely on, each against an independent computation. */
class SeedThreeToolsTest {

    /** A small symmetric positive definite K and a test block. */
    private static Matrix spd(int n, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        double[] k = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? 0.5 : 0;
                for (int c = 0; c < n; c++) {
                    s += a[i + c * n] * a[j + c * n] / n;
                }
                k[i + j * n] = s;
            }
        }
        return new Matrix(n, n, k);
    }

    @Test
    void kernelDescentEqualsTheMatrixPowerFormOnTrainAndTest() {
        int n = 7;
        Matrix k = spd(n, 1);
        // test rows: the first three training points again, so their outputs must equal the train outputs
        Matrix kt = k.copyRows(0, 3);
        double[] y = {1, -2, 0.5, 3, -1, 0.25, 2};
        double[] f0 = {0.1, 0.2, -0.3, 0.4, 0, -0.1, 0.05};
        double rate = 0.3 / Spectrum.all(k, false).values()[n - 1];
        int steps = 40;
        KernelDescent.Outputs out = KernelDescent.run(k, kt, y, f0, java.util.Arrays.copyOf(f0, 3), rate, steps);
        // independent: r_k = (I − cK)^k r_0 by repeated dense products, f = y − r
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = f0[i] - y[i];
        }
        for (int s = 0; s < steps; s++) {
            double[] next = r.clone();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    next[i] -= rate * k.get(i, j) * r[j];
                }
            }
            r = next;
        }
        double loss = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(y[i] + r[i], out.train()[i], 1e-13);
            loss += 0.5 * r[i] * r[i];
        }
        assertArrayEquals(java.util.Arrays.copyOf(out.train(), 3), out.test(), 1e-13);
        // the predicted loss from K's eigensystem equals the loss of the iteration
        Spectrum.Eigensystem e = Spectrum.all(k, true);
        double[] proj = new double[n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                proj[j] += e.vectors().get(i, j) * (y[i] - f0[i]);
            }
        }
        double[] predicted = KernelDescent.predictedLoss(e.values(), proj, rate, new int[] {0, steps});
        double start = 0;
        for (int i = 0; i < n; i++) {
            start += 0.5 * (y[i] - f0[i]) * (y[i] - f0[i]);
        }
        assertEquals(start, predicted[0], 1e-13 * start);
        assertEquals(loss, predicted[1], 1e-12 * Math.max(loss, 1e-300) + 1e-15);
    }

    @Test
    void labelCorruptionIsSeededAndTouchesTheStatedFraction() {
        double[] y = new double[1000];
        java.util.Arrays.fill(y, 1.0);
        assertArrayEquals(y, GeneralizationBound.corrupt(y, 0.0, 5, 0), 0.0);
        double[] half = GeneralizationBound.corrupt(y, 0.5, 5, 1);
        assertArrayEquals(half, GeneralizationBound.corrupt(y, 0.5, 5, 1), 0.0, "same seed, same labels");
        int flipped = 0;
        for (double v : half) {
            assertTrue(v == 1 || v == -1);
            flipped += v < 0 ? 1 : 0;
        }
        // 500 labels redrawn uniformly: about 250 flip (binomial sd ≈ 11; 6 sd either side)
        assertTrue(flipped > 180 && flipped < 320, "flipped " + flipped);
        int all = 0;
        for (double v : GeneralizationBound.corrupt(y, 1.0, 5, 2)) {
            all += v < 0 ? 1 : 0;
        }
        assertTrue(all > 420 && all < 580, "flipped " + all);
    }

    @Test
    void convergenceMeasuresOnKnownKernels() {
        double[] limit = {2, 2, 2, 2};
        // one initialisation at the limit + 0.2 everywhere: relative L² deviation 0.1
        double[] start = {2.2, 2.2, 2.2, 2.2};
        // training moves it by 10 %
        double[] end = {2.42, 2.42, 2.42, 2.42};
        NtkConvergence.Run m = NtkConvergence.measures(start, end, limit);
        assertEquals(0.1, m.deviation(), 1e-14);
        assertEquals(0.1, m.movement(), 1e-14);
        // a deviation of alternating sign is measured in L², not cancelled
        NtkConvergence.Run alt = NtkConvergence.measures(new double[] {2.2, 1.8, 2.2, 1.8}, limit, limit);
        assertEquals(0.1, alt.deviation(), 1e-14);
    }
}
