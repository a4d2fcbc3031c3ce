package org.ntklab.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Closed forms for φ(x) = a·x (x &lt; 0), b·x (x ≥ 0): ReLU (0, 1), leaky ReLU (α, 1), |x| (−1, 1).
 * With θ = arccos ρ, s = sin θ = √((1−ρ)(1+ρ)) (no cancellation near ρ = ±1), p = a² + b² and
 * m = 2ab (arc-cosine kernels of Cho &amp; Saul, combined over the four sign quadrants):
 * <pre>
 *   E[φ'(u)φ'(v)] = (p(π − θ) + mθ) / (2π)
 *   E[φ(u)φ(v)]   = √(qq')(p − m) s / (2π) + c · E[φ'(u)φ'(v)]
 * </pre>
 * Vectorised with the Vector API (the deterministic {@link Arccos} and SQRT lanes), with a scalar tail.
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

    /**
     * The bias-free recursion in correlations. With e₀ = E[φ'φ'] and E = E[φφ] at unit variances,
     * layer l maps (ρ, τ) to ρ' = E/(p/2), τ' = τ w e₀ + f_w G_{l−1} w E, where
     * G_l = Π_{k=2..l} w_k p/2 is √(q^l q'^l)/√(q¹q'¹) (the same for every pair); the last layer
     * multiplies by √(q¹q'¹). The per-entry loads and products of ρ = c/√(qq') and √(qq') of the
     * general path drop out of the middle layers.
     */
    @Override
    public ColumnRecursion bindCorrelations(double[] sRow, double[] sCol, Layers layers) {
        int count = layers.count();
        if (count < 2 || p == 0) {
            return null;
        }
        for (int l = 1; l <= count; l++) {
            if (layers.b()[l] != 0 || layers.shift()[l] != 0) {
                return null;
            }
        }
        double[] g = new double[count + 1]; // g[l] = G_l
        g[1] = 1;
        for (int l = 2; l <= count; l++) {
            g[l] = g[l - 1] * layers.w()[l] * p * 0.5;
        }
        double fw1 = layers.fw()[1];
        return (iOff, j, c, dot, th, off, len) -> {
            for (int l = 2; l <= count; l++) {
                double w = layers.w()[l];
                correlationStep(l == 2 ? fw1 : Double.NaN, w, layers.fw()[l] * g[l - 1], 2 / (w * p),
                        l == count ? g[l - 1] : Double.NaN, sRow, iOff, sCol[j], c, th, off, len);
            }
        };
    }

    /**
     * One layer of {@link #bindCorrelations} over c[off …], th[off …]: τ starts as fw1·ρ when
     * fw1 is a number; when {@code last} is a number, the outputs are scaled to Σ and Θ.
     */
    private void correlationStep(double fw1, double w, double tauFactor, double rhoFactor, double last, double[] sRow,
                                 int iOff, double sj, double[] c, double[] th, int off, int len) {
        boolean first = !Double.isNaN(fw1);
        boolean end = !Double.isNaN(last);
        double base = w * p * 0.5;
        double slope = w * (m - p) * INV_2PI;
        double wpm = w * (p - m) * INV_2PI;
        int k = 0;
        int upper = S.loopBound(len);
        if (upper > 0) {
            DoubleVector one = DoubleVector.broadcast(S, 1.0);
            DoubleVector baseV = DoubleVector.broadcast(S, base);
            DoubleVector slopeV = DoubleVector.broadcast(S, slope);
            DoubleVector wpmV = DoubleVector.broadcast(S, wpm);
            for (; k < upper; k += S.length()) {
                int at = off + k;
                DoubleVector rho = DoubleVector.fromArray(S, c, at).max(-1.0).min(1.0);
                DoubleVector tau = first ? rho.mul(fw1) : DoubleVector.fromArray(S, th, at);
                DoubleVector theta = Arccos.of(rho);
                DoubleVector sin = one.sub(rho).mul(one.add(rho)).sqrt();
                DoubleVector sdot = theta.fma(slopeV, baseV);       // Σ̇ = w·E[φ'φ']
                DoubleVector sig = sin.fma(wpmV, rho.mul(sdot));    // w·E[φφ] at unit variances
                tau = tau.fma(sdot, sig.mul(tauFactor));
                if (end) {
                    DoubleVector scale = DoubleVector.fromArray(S, sRow, iOff + k).mul(sj);
                    tau.mul(scale).intoArray(th, at);
                    sig.mul(scale.mul(last)).intoArray(c, at);
                } else {
                    tau.intoArray(th, at);
                    sig.mul(rhoFactor).intoArray(c, at);
                }
            }
        }
        for (; k < len; k++) {
            int at = off + k;
            double rho = Math.max(-1.0, Math.min(1.0, c[at]));
            double tau = first ? fw1 * rho : th[at];
            double theta = Arccos.scalar(rho);
            double sin = Math.sqrt((1 - rho) * (1 + rho));
            double sdot = theta * slope + base;
            double sig = sin * wpm + rho * sdot;
            tau = tau * sdot + sig * tauFactor;
            if (end) {
                double scale = sRow[iOff + k] * sj;
                th[at] = tau * scale;
                c[at] = sig * (scale * last);
            } else {
                th[at] = tau;
                c[at] = sig * rhoFactor;
            }
        }
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
                    DoubleVector theta = Arccos.of(rho);
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
                    DoubleVector theta = Arccos.of(rho);
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
                double theta = Arccos.scalar(rho);
                double sin = Math.sqrt((1 - rho) * (1 + rho));
                double e0 = pS * Math.PI + theta * (mS - pS);
                dot[off + k] = e0;
                c[off + k] = (sin * pm + rho * e0) * sq;
            }
        }
    }
}
