package org.ntklab.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.Matrix;

/**
 * The quadratures against closed forms, against each other and against Monte-Carlo estimates.
 * Stated accuracies (all relative): Hermite series ≤ 1e-13 against erf's closed form for
 * variances ≤ 4 and ≤ 1e-10 against the 2-D product rule (200 points) for smooth activations at
 * variances ≤ 2; the 2-D product rule with 96 points ≤ 1e-12 against erf (q ≤ 2) and, for the
 * non-smooth ReLU, ≤ 2e-3 (NNGP map) and 5e-2 (derivative map, a step function) of the natural
 * scale √(E[φ(u)²]E[φ(v)²]).
 */
class QuadratureTest {

    /** (q, q', c) triples: variances up to 4, correlations from −0.95 to 0.999999. */
    static final double[][] CASES = {{1, 1, 0.3}, {1, 2, 0.9 * Math.sqrt(2)}, {0.5, 0.5, 0.499}, {2, 1.5, -1.5},
        {1, 1, 0.999999}, {0.2, 0.3, 0.1}, {4, 4, 3.9}, {0.7, 1.3, -0.9 * Math.sqrt(0.91)}};

    static double[] eval(DualActivation d, double q, double qq, double c) {
        double[] cc = {c};
        double[] dot = new double[1];
        d.cross(new double[] {q}, 0, qq, cc, dot, 0, 1);
        return new double[] {cc[0], dot[0]};
    }

    @Test
    void hermiteSeriesMatchesErfClosedForm() {
        DualActivation series = new HermiteSeriesDual(Activation.parse("erf"));
        DualActivation exact = new ErfDual();
        for (double[] c : CASES) {
            double[] a = eval(series, c[0], c[1], c[2]);
            double[] b = eval(exact, c[0], c[1], c[2]);
            assertRel(b[0], a[0], 1e-13, "erf NNGP map");
            assertRel(b[1], a[1], 1e-13, "erf derivative map");
        }
        assertRel(exact.selfValue(2.5), series.selfValue(2.5), 1e-13, "erf self");
        assertRel(exact.selfDerivative(2.5), series.selfDerivative(2.5), 1e-13, "erf self derivative");
    }

    @Test
    void productRuleMatchesClosedForms() {
        DualActivation erf = new QuadratureDual(Activation.parse("erf"), 96);
        DualActivation relu = new QuadratureDual(Activation.relu(), 96);
        DualActivation reluExact = DualActivation.of(Activation.relu(), Quadrature.defaults());
        for (double[] c : CASES) {
            if (c[0] <= 2 && c[1] <= 2) {
                double[] a = eval(erf, c[0], c[1], c[2]);
                double[] b = eval(new ErfDual(), c[0], c[1], c[2]);
                assertRel(b[0], a[0], 1e-12, "erf NNGP map (2-D rule)");
                assertRel(b[1], a[1], 1e-12, "erf derivative map (2-D rule)");
            }
            double[] a = eval(relu, c[0], c[1], c[2]);
            double[] b = eval(reluExact, c[0], c[1], c[2]);
            double scaleValue = Math.sqrt(reluExact.selfValue(c[0]) * reluExact.selfValue(c[1]));
            double scaleDeriv = Math.sqrt(reluExact.selfDerivative(c[0]) * reluExact.selfDerivative(c[1]));
            assertTrue(Math.abs(a[0] - b[0]) <= 2e-3 * scaleValue, "relu NNGP map " + Math.abs(a[0] - b[0]) / scaleValue);
            assertTrue(Math.abs(a[1] - b[1]) <= 5e-2 * scaleDeriv, "relu derivative map " + Math.abs(a[1] - b[1]) / scaleDeriv);
        }
    }

    @Test
    void hermiteSeriesMatchesProductRuleForSmoothActivations() {
        for (String act : new String[] {"sigmoid", "tanh", "gelu", "softplus", "sin"}) {
            DualActivation series = new HermiteSeriesDual(Activation.parse(act));
            DualActivation rule = new QuadratureDual(Activation.parse(act), 200);
            for (double[] c : CASES) {
                if (c[0] > 2 || c[1] > 2) {
                    continue;
                }
                double[] a = eval(series, c[0], c[1], c[2]);
                double[] b = eval(rule, c[0], c[1], c[2]);
                double scaleValue = Math.sqrt(series.selfValue(c[0]) * series.selfValue(c[1]));
                double scaleDeriv = Math.sqrt(series.selfDerivative(c[0]) * series.selfDerivative(c[1]));
                assertTrue(Math.abs(a[0] - b[0]) <= 1e-10 * scaleValue, act + " NNGP map " + Math.abs(a[0] - b[0]) / scaleValue);
                assertTrue(Math.abs(a[1] - b[1]) <= 1e-10 * scaleDeriv, act + " derivative map " + Math.abs(a[1] - b[1]) / scaleDeriv);
            }
        }
    }

    @Test
    void sigmoidAndTanhAgreeWithMonteCarlo() {
        SplittableRandom r = new SplittableRandom(2024);
        int samples = 1_000_000;
        for (String act : new String[] {"sigmoid", "tanh"}) {
            Activation a = Activation.parse(act);
            DualActivation series = new HermiteSeriesDual(a);
            for (double[] c : new double[][] {{1, 1, 0.3}, {0.5, 2, -0.7}, {2, 2, 1.9}}) {
                double rho = c[2] / Math.sqrt(c[0] * c[1]);
                double s1 = 0, s1sq = 0, s0 = 0, s0sq = 0;
                for (int k = 0; k < samples; k++) {
                    double z1 = r.nextGaussian(), z2 = r.nextGaussian();
                    double u = Math.sqrt(c[0]) * z1;
                    double v = Math.sqrt(c[1]) * (rho * z1 + Math.sqrt(1 - rho * rho) * z2);
                    double f = a.value(u) * a.value(v);
                    double g = a.derivative(u) * a.derivative(v);
                    s1 += f;
                    s1sq += f * f;
                    s0 += g;
                    s0sq += g * g;
                }
                double m1 = s1 / samples, m0 = s0 / samples;
                double se1 = Math.sqrt((s1sq / samples - m1 * m1) / samples);
                double se0 = Math.sqrt((s0sq / samples - m0 * m0) / samples);
                double[] e = eval(series, c[0], c[1], c[2]);
                assertTrue(Math.abs(e[0] - m1) <= 5 * se1, act + " NNGP map: " + e[0] + " vs MC " + m1 + " ± " + se1);
                assertTrue(Math.abs(e[1] - m0) <= 5 * se0, act + " derivative map: " + e[1] + " vs MC " + m0 + " ± " + se0);
            }
        }
    }

    @Test
    void kernelWithSeriesMatchesKernelWithProductRule() {
        Matrix x = org.ntklab.TestData.sphere(40, 4, 12);
        for (String act : new String[] {"tanh", "gelu"}) {
            ArchitectureSpec s = new SpecBuilder().preset(Preset.CUSTOM).depth(3).activation(Activation.parse(act)).weightVar(1.5)
                    .bias(BiasPlacement.ALL).biasVar(0.1).build(4);
            KernelPair a = new AnalyticKernel(s).compute(x);
            KernelPair b = new AnalyticKernel(s, Quadrature.gaussHermite2d(96)).compute(x);
            assertTrue(org.ntklab.TestData.relErr(b.ntk(), a.ntk()) <= 1e-9, act + " NTK " + org.ntklab.TestData.relErr(b.ntk(), a.ntk()));
            assertTrue(org.ntklab.TestData.relErr(b.nngp(), a.nngp()) <= 1e-9, act);
        }
    }

    @Test
    void varianceTooLargeForTheSeriesIsRefused() {
        DualActivation series = new HermiteSeriesDual(Activation.parse("tanh"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> eval(series, 25, 25, 10));
        assertTrue(e.getMessage().contains("tanh"), e.getMessage());
    }

    static void assertRel(double expected, double actual, double tol, String what) {
        double rel = Math.abs(expected - actual) / Math.max(Math.abs(expected), 1e-300);
        assertTrue(rel <= tol, what + ": " + actual + " vs " + expected + " (rel " + rel + ")");
    }
}
