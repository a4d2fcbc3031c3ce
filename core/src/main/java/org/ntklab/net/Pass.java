package org.ntklab.net;

/**
 * The intermediate values of one forward pass over N samples (column-major N × m arrays), and the
 * backward quantities B^l = ∂f/∂h^l, computed on first use.
 */
public final class Pass {

    private final Network net;
    private final int n;
    private final double[][] features;
    private final double[][] derivatives;
    private final double[] output;
    private double[][][] back;

    Pass(Network net, int n, double[][] features, double[][] derivatives, double[] output) {
        this.net = net;
        this.n = n;
        this.features = features;
        this.derivatives = derivatives;
        this.output = output;
    }

    /** Number of samples. */
    public int n() {
        return n;
    }

    /** f(x_i): N × k column-major (f_a(x_i) at i + a·N), a live array. */
    public double[] output() {
        return output;
    }

    /** G^l (N × m_l; G^0 = X), live. */
    public double[] features(int l) {
        return features[l];
    }

    /** φ'(h^l) (N × m_l), l = 1 … L, live (for ReLU the activation pattern: 1 where h &gt; 0). */
    public double[] derivatives(int l) {
        return derivatives[l];
    }

    /** B^l for l = 1 … L+1 of a scalar-output network (B^{L+1} a column of ones). */
    public double[][] back() {
        if (net.outputs() != 1) {
            throw new IllegalStateException("back() is for a scalar output; use back(a) for output a of " + net.outputs());
        }
        return back(0);
    }

    /** B^l = ∂f_a/∂h^l for output a, l = 1 … L+1, computed on first use. */
    public synchronized double[][] back(int output) {
        if (back == null) {
            back = new double[net.outputs()][][];
        }
        if (back[output] == null) {
            back[output] = net.backward(this, output);
        }
        return back[output];
    }
}
