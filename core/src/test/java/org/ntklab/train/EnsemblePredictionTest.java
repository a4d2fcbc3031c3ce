package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.KernelPair;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.Initialisation.Scheme;

class EnsemblePredictionTest {

    static final int N = 10;
    static final int M = 4;
    static final int D = 3;

    /** Train and test kernels of the jacot preset, the test NNGP block, labels, and a time grid. */
    record Setup(KernelPair train, KernelPair testTrain, Matrix nngpTest, double[] y, double[] times) {

        static Setup of() {
            Matrix x = Reference.gaussian(N, D, 71);
            Matrix xt = Reference.gaussian(M, D, 72);
            AnalyticKernel k = new AnalyticKernel(Preset.JACOT.spec(D, 2, null));
            KernelPair train = k.compute(x);
            double unit = N / Reference.gershgorin(train.ntk());
            double[] times = {0, 2 * unit, 20 * unit, 200 * unit, Double.POSITIVE_INFINITY};
            return new Setup(train, k.compute(xt, x), k.nngp(xt), Reference.gaussian(N, 73), times);
        }

        double[] testDiagonal() {
            return nngpTest.diagonal();
        }

        double meanDiagonal() {
            return GaussianProcessPriorTest.meanDiagonal(train.nngp());
        }
    }

    /** Monte-Carlo: f₀ drawn from the NNGP prior, each trained by kernel gradient flow. */
    @Test
    void standardInitMatchesMonteCarloOverPriorDraws() {
        Setup s = Setup.of();
        int draws = 20000;
        EnsembleMoments closed = new EnsemblePrediction(s.train(), s.y(), 0).predict(s.times(), Scheme.STANDARD, s.testTrain(),
                s.testDiagonal());
        PriorDraws f0 = new GaussianProcessPrior(s.train().nngp(), s.testTrain().nngp(), s.nngpTest()).draws(11, 0, draws);
        KernelGradientFlow flow = new KernelGradientFlow(s.train().ntk());
        int size = N + M, times = s.times().length;
        // Welford's running mean and sum of squared deviations: no cancellation against large means
        double[][] mean = new double[times][size];
        double[][] squares = new double[times][size];
        for (int d = 0; d < draws; d++) {
            FlowPredictions p = flow.predict(s.times(), s.y(), f0.trainAt(d), s.testTrain().ntk(), f0.testAt(d));
            for (int j = 0; j < times; j++) {
                double[] f = Reference.concat(p.trainAt(j), p.testAt(j));
                for (int i = 0; i < size; i++) {
                    double delta = f[i] - mean[j][i];
                    mean[j][i] += delta / (d + 1);
                    squares[j][i] += delta * (f[i] - mean[j][i]);
                }
            }
        }
        double floor = 1e-12 * s.meanDiagonal(); // variances that are 0 up to rounding
        double worstMean = 0, worstVar = 0;
        for (int j = 0; j < times; j++) {
            double[] mu = Reference.concat(column(closed.trainMean(), j), column(closed.testMean(), j));
            double[] var = Reference.concat(column(closed.trainVariance(), j), column(closed.testVariance(), j));
            for (int i = 0; i < size; i++) {
                double sampleMean = mean[j][i];
                double sampleVar = squares[j][i] / (draws - 1);
                double seMean = Math.sqrt(Math.max(var[i], 0) / draws);
                double seVar = Math.max(var[i], 0) * Math.sqrt(2.0 / (draws - 1));
                String where = "t = " + s.times()[j] + ", point " + i;
                assertTrue(Math.abs(sampleMean - mu[i]) <= 5 * seMean + floor, where + ": mean " + sampleMean + " vs " + mu[i]);
                assertTrue(Math.abs(sampleVar - var[i]) <= 5 * seVar + floor, where + ": variance " + sampleVar + " vs " + var[i]);
                if (seMean > floor) {
                    worstMean = Math.max(worstMean, Math.abs(sampleMean - mu[i]) / seMean);
                    worstVar = Math.max(worstVar, Math.abs(sampleVar - var[i]) / seVar);
                }
            }
        }
        // the test must see real spread: test variances at the last finite time are not tiny
        assertTrue(closed.testVariance().get(0, times - 2) > 1e-3 * s.meanDiagonal());
        System.out.printf("ensemble vs Monte-Carlo (%d draws): worst mean %.2f SE, worst variance %.2f SE%n", draws, worstMean, worstVar);
    }

    /**
     * Exact check without sampling: f_t = μ_t + A_t f₀ is linear in the joint f₀, with A_t read off
     * from the flow started at unit vectors, so Var f_t(x_i) = (A_t Σ A_tᵀ)_ii exactly.
     */
    @Test
    void standardInitVarianceEqualsTheLinearMapOfThePriorCovariance() {
        Setup s = Setup.of();
        double meanDiag = s.meanDiagonal();
        for (double ridge : new double[] {0, 0.05 * meanDiag}) {
            EnsembleMoments closed = new EnsemblePrediction(s.train(), s.y(), ridge).predict(s.times(), Scheme.STANDARD,
                    s.testTrain(), s.testDiagonal());
            KernelGradientFlow flow = new KernelGradientFlow(s.train().ntk(), ridge);
            int size = N + M;
            Matrix sigma = new Matrix(size, size, new double[size * size]);
            for (int i = 0; i < size; i++) {
                for (int j = 0; j < size; j++) {
                    sigma.set(i, j, i < N && j < N ? s.train().nngp().get(i, j) : i >= N && j >= N ? s.nngpTest().get(i - N, j - N)
                            : i >= N ? s.testTrain().nngp().get(i - N, j) : s.testTrain().nngp().get(j - N, i));
                }
            }
            FlowPredictions[] unit = new FlowPredictions[size];
            for (int c = 0; c < size; c++) {
                double[] e = new double[size];
                e[c] = 1;
                unit[c] = flow.predict(s.times(), new double[N], java.util.Arrays.copyOf(e, N), s.testTrain().ntk(),
                        java.util.Arrays.copyOfRange(e, N, size));
            }
            FlowPredictions zero = flow.predict(s.times(), s.y(), s.testTrain().ntk());
            double worst = 0;
            for (int j = 0; j < s.times().length; j++) {
                Matrix a = new Matrix(size, size, new double[size * size]);
                for (int c = 0; c < size; c++) {
                    double[] col = Reference.concat(unit[c].trainAt(j), unit[c].testAt(j));
                    for (int i = 0; i < size; i++) {
                        a.set(i, c, col[i]);
                    }
                }
                double[] var = Reference.concat(column(closed.trainVariance(), j), column(closed.testVariance(), j));
                for (int i = 0; i < size; i++) {
                    double[] ai = a.row(i);
                    double expected = 0;
                    double[] sa = Reference.times(sigma, ai);
                    for (int c = 0; c < size; c++) {
                        expected += ai[c] * sa[c];
                    }
                    double err = Math.abs(expected - var[i]) / meanDiag;
                    worst = Math.max(worst, err);
                    assertTrue(err <= 1e-12, "ridge " + ridge + ", t = " + s.times()[j] + ", point " + i + ": " + var[i] + " vs " + expected);
                }
                assertArrayEquals(zero.trainAt(j), column(closed.trainMean(), j), 0.0);
                assertArrayEquals(zero.testAt(j), column(closed.testMean(), j), 0.0);
            }
            System.out.printf("ensemble variance vs A Σ Aᵀ (ridge %.3g): max error %.2e × mean diagonal%n", ridge, worst);
        }
    }

    @Test
    void mirroredInitHasTheSameMeanAndNoVariance() {
        Setup s = Setup.of();
        EnsemblePrediction e = new EnsemblePrediction(s.train(), s.y(), 0);
        EnsembleMoments standard = e.predict(s.times(), Scheme.STANDARD, s.testTrain(), s.testDiagonal());
        EnsembleMoments mirrored = e.predict(s.times(), Scheme.MIRRORED, s.testTrain(), null);
        assertEquals(standard.trainMean(), mirrored.trainMean());
        assertEquals(standard.testMean(), mirrored.testMean());
        for (double v : mirrored.trainVariance().data()) {
            assertEquals(0.0, v, 0.0);
        }
        for (double v : mirrored.testVariance().data()) {
            assertEquals(0.0, v, 0.0);
        }
        // at t = 0 the mirrored network outputs 0, the standard one has the prior's variance
        assertArrayEquals(new double[M], column(mirrored.testMean(), 0), 0.0);
        assertArrayEquals(s.testDiagonal(), column(standard.testVariance(), 0), 1e-14 * s.meanDiagonal());
        assertArrayEquals(s.train().nngp().diagonal(), column(standard.trainVariance(), 0), 1e-14 * s.meanDiagonal());
    }

    @Test
    void badInputsAreRejected() {
        Setup s = Setup.of();
        EnsemblePrediction e = new EnsemblePrediction(s.train(), s.y(), 0);
        Matrix bigger = new Matrix(N + 1, N + 1, new double[(N + 1) * (N + 1)]);
        double[] one = {1};
        Object[][] cases = {
            {(Runnable) () -> new EnsemblePrediction(new KernelPair(bigger, s.train().ntk()), s.y(), 0), "Σ(X, X)"},
            {(Runnable) () -> new EnsemblePrediction(s.train(), new double[N - 1], 0), "labels"},
            {(Runnable) () -> e.predict(one, Scheme.STANDARD, new KernelPair(s.testTrain().nngp(), new Matrix(M, N - 1, new double[M * (N - 1)])),
                s.testDiagonal()), "Θ(X*, X)"},
            {(Runnable) () -> e.predict(one, Scheme.STANDARD, new KernelPair(s.train().nngp(), s.testTrain().ntk()), s.testDiagonal()),
                "Σ(X*, X)"},
            {(Runnable) () -> e.predict(one, Scheme.STANDARD, s.testTrain(), new double[M + 1]), "diagonal"},
            {(Runnable) () -> e.predict(new double[] {-1}, Scheme.STANDARD, s.testTrain(), s.testDiagonal()), "negative"},
        };
        for (Object[] c : cases) {
            IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, ((Runnable) c[0])::run, (String) c[1]);
            assertTrue(ex.getMessage().contains((String) c[1]), c[1] + " not in: " + ex.getMessage());
            assertFalse(ex.getMessage().contains("\n"));
        }
    }

    static double[] column(Matrix a, int j) {
        return FlowPredictions.column(a, j);
    }
}
