package org.ntklab.kernel;

/**
 * Closed forms for φ = erf (Williams 1997):
 * E[erf(u)erf(v)] = (2/π) asin(2c / √((1+2q)(1+2q'))) and
 * E[erf'(u)erf'(v)] = (4/π) / √((1+2q)(1+2q') − 4c²), with c clipped to ±√(qq').
 */
final class ErfDual implements DualActivation {

    @Override
    public double selfValue(double q) {
        return 2 / Math.PI * Math.asin(2 * q / (1 + 2 * q));
    }

    @Override
    public double selfDerivative(double q) {
        return 4 / Math.PI / Math.sqrt(1 + 4 * q);
    }

    @Override
    public void cross(double[] qRow, int qOff, double qCol, double[] c, double[] dot, int off, int len) {
        for (int k = 0; k < len; k++) {
            double q = qRow[qOff + k];
            double bound = Math.sqrt(q * qCol);
            double cc = Math.max(-bound, Math.min(bound, c[off + k]));
            double a = 1 + 2 * q;
            double b = 1 + 2 * qCol;
            double arg = Math.max(-1.0, Math.min(1.0, 2 * cc / Math.sqrt(a * b)));
            c[off + k] = 2 / Math.PI * Math.asin(arg);
            dot[off + k] = 4 / Math.PI / Math.sqrt(a * b - 4 * cc * cc);
        }
    }
}
