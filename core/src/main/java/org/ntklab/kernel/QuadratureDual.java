package org.ntklab.kernel;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * Two-dimensional Gauss–Hermite quadrature of the dual activation, for activations without a
 * closed form. Writing u = √q z₁ and v = √q'(ρ z₁ + √(1−ρ²) z₂) with z₁, z₂ independent N(0, 1),
 * E[f(u)g(v)] = (1/π) Σ_a Σ_b w_a w_b f(√(2q) x_a) g(√(2q')(ρ x_a + √(1−ρ²) x_b)) over the
 * n-point Gauss–Hermite rule (x, w) for the weight e^{−x²}. Exact for polynomials of degree
 * 2n − 1 in each variable; for the smooth activations here (sigmoid, tanh, GELU, softplus, sin)
 * the error falls exponentially with n (the tests state it).
 */
final class QuadratureDual implements DualActivation {

    private final Activation activation;
    private final double[] x;
    private final double[] w;

    QuadratureDual(Activation activation, int nodes) {
        if (nodes < 2 || nodes > 512) {
            throw new IllegalArgumentException("quadrature nodes must be in 2..512, got " + nodes);
        }
        this.activation = activation;
        GaussIntegrator rule = new GaussIntegratorFactory().hermite(nodes);
        x = new double[nodes];
        w = new double[nodes];
        for (int i = 0; i < nodes; i++) {
            x[i] = rule.getPoint(i);
            w[i] = rule.getWeight(i) / Math.sqrt(Math.PI); // weights of E over N(0, 1/2) scaled: Σ w = 1
        }
    }

    @Override
    public double selfValue(double q) {
        double su = Math.sqrt(2 * q);
        double s = 0;
        for (int a = 0; a < x.length; a++) {
            double f = activation.value(su * x[a]);
            s += w[a] * f * f;
        }
        return s;
    }

    @Override
    public double selfDerivative(double q) {
        double su = Math.sqrt(2 * q);
        double s = 0;
        for (int a = 0; a < x.length; a++) {
            double f = activation.derivative(su * x[a]);
            s += w[a] * f * f;
        }
        return s;
    }

    @Override
    public void cross(double[] qRow, int qOff, double qCol, double[] c, double[] dot, int off, int len) {
        int n = x.length;
        double sv = Math.sqrt(2 * qCol);
        for (int k = 0; k < len; k++) {
            double q = qRow[qOff + k];
            double sq = Math.sqrt(q * qCol);
            double rho = sq > 0 ? Math.max(-1.0, Math.min(1.0, c[off + k] / sq)) : 0.0;
            double r2 = Math.sqrt((1 - rho) * (1 + rho));
            double su = Math.sqrt(2 * q);
            double e1 = 0;
            double e0 = 0;
            for (int a = 0; a < n; a++) {
                double base = rho * x[a];
                double inner1 = 0;
                double inner0 = 0;
                for (int b = 0; b < n; b++) {
                    double v = sv * (base + r2 * x[b]);
                    inner1 += w[b] * activation.value(v);
                    inner0 += w[b] * activation.derivative(v);
                }
                double u = su * x[a];
                e1 += w[a] * activation.value(u) * inner1;
                e0 += w[a] * activation.derivative(u) * inner0;
            }
            c[off + k] = e1;
            dot[off + k] = e0;
        }
    }
}
