package org.ntklab.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FlowFilterTest {

    @Test
    void coefficientMatchesTheSeriesAndTheFormulaOverTheWholeRange() {
        double[] taus = {0, 1e-300, 1e-8, 1e-3, 1, 1e3, 1e12, 1e300};
        double[] mus = {0, Double.MIN_VALUE, 1e-310, 1e-14, 1e-6, 0.3, 1, 1e3, 1e300};
        for (double tau : taus) {
            for (double mu : mus) {
                double expected = KernelGradientFlowTest.phi(tau, mu);
                double actual = FlowFilter.coefficient(tau, mu);
                assertEquals(expected, actual, 4e-16 * expected, "τ = " + tau + ", μ = " + mu);
            }
        }
        // where τμ underflows to 0, φ must still be τ, not 0/μ
        assertEquals(1e-20, FlowFilter.coefficient(1e-20, 1e-310), 0.0);
    }

    @Test
    void residualIsOneMinusLambdaPhiWithoutCancellation() {
        double[] lambdas = {0, 1e-14, 1e-3, 1, 1e3};
        double[] ridges = {0, 1e-10, 0.5, 1e4};
        for (double tau : new double[] {0, 1e-6, 1, 1e4, 1e200}) {
            for (double lambda : lambdas) {
                for (double ridge : ridges) {
                    double mu = lambda + ridge;
                    double expected = mu == 0 ? 1 : (ridge + lambda * Math.exp(-tau * mu)) / mu;
                    double viaPhi = 1 - lambda * KernelGradientFlowTest.phi(tau, mu);
                    String where = "τ = " + tau + ", λ = " + lambda + ", ρ = " + ridge;
                    assertEquals(expected, FlowFilter.residual(tau, lambda, ridge), 4e-16 * expected, where);
                    assertEquals(viaPhi, FlowFilter.residual(tau, lambda, ridge), 1e-15, where);
                }
            }
        }
        // a fully decayed mode keeps e^{−τλ} to full relative accuracy, not 1 − (1 − e^{−τλ})
        assertEquals(Math.exp(-700), FlowFilter.residual(700, 1, 0), 1e-15 * Math.exp(-700));
    }
}
