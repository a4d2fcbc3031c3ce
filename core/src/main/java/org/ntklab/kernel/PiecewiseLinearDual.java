package org.ntklab.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Closed forms for φ(x) = a·x (x &lt; 0), b·x (x ≥ 0): ReLU (0, 1), leaky ReLU (α, 1), |x| (−1, 1).
 * With θ = arccos ρ, s = sin θ = √((1−ρ)(1+ρ)) (no cancellation near ρ = ±1), p = a² + b² and
 * m = 2ab (arc-cosine kernels of Cho &amp; Saul, combined over the four sign quadrants):
 * <pre>
 *   E[φ'(u)φ'(v)] = (p(π − θ) + mθ) / (2π)
 *   E[φ(u)φ(v)]   = √(qq')(p − m) s / (2π) + c · E[φ'(u)φ'(v)]
 * </pre>
 * Vectorised with the Vector API (ACOS and SQRT lanes), with a scalar tail.
 */
final class PiecewiseLinearDual implements DualActivation {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final double INV_2PI = 1 / (2 * Math.PI);

    private final double p;
    private final double m;

    PiecewiseLinearDual(double a, double b) {
        this.p = a * a + b * b;
        this.m = 2 * a * b;
    }

    @Override
    public double selfValue(double q) {
        return 0.5 * p * q;
    }

    @Override
    public double selfDerivative(double q) {
        return 0.5 * p;
    }

    @Override
    public void cross(double[] qRow, int qOff, double qCol, double[] c, double[] dot, int off, int len) {
        int k = 0;
        int upper = S.loopBound(len);
        if (upper > 0) {
            DoubleVector one = DoubleVector.broadcast(S, 1.0);
            DoubleVector pi = DoubleVector.broadcast(S, Math.PI);
            double pm = (p - m) * INV_2PI;
            double pS = p * INV_2PI;
            double mS = m * INV_2PI;
            for (; k < upper; k += S.length()) {
                DoubleVector sq = DoubleVector.fromArray(S, qRow, qOff + k).mul(qCol).sqrt();
                VectorMask<Double> positive = sq.compare(VectorOperators.GT, 0.0);
                DoubleVector inv = one.div(sq).blend(0.0, positive.not());
                DoubleVector rho = DoubleVector.fromArray(S, c, off + k).mul(inv).max(-1.0).min(1.0);
                DoubleVector theta = rho.lanewise(VectorOperators.ACOS);
                DoubleVector sin = one.sub(rho).mul(one.add(rho)).sqrt();
                DoubleVector e0 = pi.sub(theta).mul(pS).add(theta.mul(mS));
                DoubleVector e1 = sq.mul(sin).mul(pm).add(rho.mul(sq).mul(e0));
                e0.intoArray(dot, off + k);
                e1.intoArray(c, off + k);
            }
        }
        for (; k < len; k++) {
            double sq = Math.sqrt(qRow[qOff + k] * qCol);
            double rho = sq > 0 ? Math.max(-1.0, Math.min(1.0, c[off + k] / sq)) : 0.0;
            double theta = Math.acos(rho);
            double sin = Math.sqrt((1 - rho) * (1 + rho));
            double e0 = (p * (Math.PI - theta) + m * theta) * INV_2PI;
            dot[off + k] = e0;
            c[off + k] = sq * sin * (p - m) * INV_2PI + rho * sq * e0;
        }
    }
}
