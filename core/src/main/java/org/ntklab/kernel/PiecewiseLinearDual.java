package org.ntklab.kernel;

import jdk.incubator.vector.DoubleVector;
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
        double[] q = new double[len];
        System.arraycopy(qRow, qOff, q, 0, len);
        bind(q, new double[] {qCol}).cross(0, 0, c, dot, off, len);
    }

    /**
     * Precomputes √q and 1/√q per point (0 for q = 0), so that each entry needs ρ = c·r_i·r_j and
     * √(qq') = s_i·s_j: two multiplications instead of a square root and a division.
     */
    @Override
    public LayerMap bind(double[] qRow, double[] qCol) {
        double[][] row = roots(qRow);
        double[][] col = qCol == qRow ? row : roots(qCol);
        return new Map(row[0], row[1], col[0], col[1]);
    }

    private static double[][] roots(double[] q) {
        double[] s = new double[q.length];
        double[] r = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            s[i] = Math.sqrt(q[i]);
            r[i] = q[i] > 0 ? 1 / s[i] : 0;
        }
        return new double[][] {s, r};
    }

    private final class Map implements LayerMap {
        private final double[] sRow, rRow, sCol, rCol;

        Map(double[] sRow, double[] rRow, double[] sCol, double[] rCol) {
            this.sRow = sRow;
            this.rRow = rRow;
            this.sCol = sCol;
            this.rCol = rCol;
        }

        /** The dual map fused with the layer's affine update: Σ and Θ stay in registers. */
        @Override
        public void step(int iOff, int j, double[] c, double[] dot, double[] th, int off, int len, double w, double b,
                         double fw, double fbShift) {
            double sj = sCol[j];
            double rj = rCol[j];
            int k = 0;
            int upper = S.loopBound(len);
            if (upper > 0) {
                DoubleVector one = DoubleVector.broadcast(S, 1.0);
                // weights folded in: Σ̇ = w(pπ + θ(m − p))/(2π), Σ = √(qq')(w s (p − m)/(2π) + ρ Σ̇) + b
                DoubleVector base = DoubleVector.broadcast(S, w * p * 0.5);
                DoubleVector slope = DoubleVector.broadcast(S, w * (m - p) * INV_2PI);
                DoubleVector wpm = DoubleVector.broadcast(S, w * (p - m) * INV_2PI);
                DoubleVector bias = DoubleVector.broadcast(S, b);
                DoubleVector fwV = DoubleVector.broadcast(S, fw);
                DoubleVector shift = DoubleVector.broadcast(S, fbShift);
                for (; k < upper; k += S.length()) {
                    int at = off + k;
                    DoubleVector rho = DoubleVector.fromArray(S, c, at).mul(DoubleVector.fromArray(S, rRow, iOff + k))
                            .mul(rj).max(-1.0).min(1.0);
                    DoubleVector sq = DoubleVector.fromArray(S, sRow, iOff + k).mul(sj);
                    DoubleVector theta = rho.lanewise(VectorOperators.ACOS);
                    DoubleVector sin = one.sub(rho).mul(one.add(rho)).sqrt();
                    DoubleVector sdot = theta.fma(slope, base);                       // Σ̇ = w·E[φ'φ']
                    DoubleVector sig = sin.fma(wpm, rho.mul(sdot)).fma(sq, bias);      // Σ = w·E[φφ] + b
                    DoubleVector.fromArray(S, th, at).fma(sdot, sig.fma(fwV, shift)).intoArray(th, at);
                    sig.intoArray(c, at);
                }
            }
            if (k < len) {
                cross(iOff + k, j, c, dot, off + k, len - k);
                LayerUpdate.next(c, dot, th, off + k, len - k, w, b, fw, fbShift);
            }
        }

        @Override
        public void cross(int iOff, int j, double[] c, double[] dot, int off, int len) {
            double sj = sCol[j];
            double rj = rCol[j];
            double pm = (p - m) * INV_2PI;
            double pS = p * INV_2PI;
            double mS = m * INV_2PI;
            int k = 0;
            int upper = S.loopBound(len);
            if (upper > 0) {
                DoubleVector one = DoubleVector.broadcast(S, 1.0);
                DoubleVector piS = DoubleVector.broadcast(S, Math.PI * pS);
                DoubleVector dm = DoubleVector.broadcast(S, mS - pS);
                DoubleVector pmV = DoubleVector.broadcast(S, pm);
                for (; k < upper; k += S.length()) {
                    DoubleVector rho = DoubleVector.fromArray(S, c, off + k).mul(DoubleVector.fromArray(S, rRow, iOff + k))
                            .mul(rj).max(-1.0).min(1.0);
                    DoubleVector sq = DoubleVector.fromArray(S, sRow, iOff + k).mul(sj);
                    DoubleVector theta = rho.lanewise(VectorOperators.ACOS);
                    DoubleVector sin = one.sub(rho).mul(one.add(rho)).sqrt();
                    // e0 = (p(π − θ) + mθ)/(2π) = pπ/(2π) + θ(m − p)/(2π)
                    DoubleVector e0 = theta.fma(dm, piS);
                    DoubleVector e1 = sin.fma(pmV, rho.mul(e0)).mul(sq);
                    e0.intoArray(dot, off + k);
                    e1.intoArray(c, off + k);
                }
            }
            for (; k < len; k++) {
                double rho = Math.max(-1.0, Math.min(1.0, c[off + k] * rRow[iOff + k] * rj));
                double sq = sRow[iOff + k] * sj;
                double theta = Math.acos(rho);
                double sin = Math.sqrt((1 - rho) * (1 + rho));
                double e0 = pS * Math.PI + theta * (mS - pS);
                dot[off + k] = e0;
                c[off + k] = (sin * pm + rho * e0) * sq;
            }
        }
    }
}
