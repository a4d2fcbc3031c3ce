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
    private double[][] back;

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

    /** f(x_i), a live array. */
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

    /** B^l for l = 1 … L+1 (B^{L+1} a column of ones). */
    public synchronized double[][] back() {
        if (back == null) {
            back = net.backward(this);
        }
        return back;
    }
}
