package org.ntklab.kernel;

/** φ(x) = x: E[uv] = c and E[1·1] = 1. */
final class IdentityDual implements DualActivation {

    @Override
    public double selfValue(double q) {
        return q;
    }

    @Override
    public double selfDerivative(double q) {
        return 1;
    }

    @Override
    public void cross(double[] qRow, int qOff, double qCol, double[] c, double[] dot, int off, int len) {
        java.util.Arrays.fill(dot, off, off + len, 1.0);
    }
}
