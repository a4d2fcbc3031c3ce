package org.ntklab.net;

import org.apache.commons.rng.UniformRandomProvider;
import org.ntklab.kernel.Activation;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.Inputs;
import org.ntklab.kernel.Parameterisation;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.linalg.Trans;

/**
 * A finite-width fully-connected network built from the same {@link ArchitectureSpec} as the
 * analytic kernels (formulas sheet §1): layer l has weights θ_W^l (m_l × m_{l−1}, column-major)
 * and, if the spec gives it a bias, θ_b^l; the forward pass uses W^l = s_W,l θ_W^l and
 * b^l = s_b,l θ_b^l with s_W,l = σ_w,l/√m_{l−1}, s_b,l = σ_b,l in the NTK parameterisation
 * (θ ~ N(0, 1)) and s = 1 in the standard one (θ_W ~ N(0, σ_w²/m_{l−1}), θ_b ~ N(0, σ_b²)).
 * Gradients are taken with respect to θ.
 *
 * <p>The output layer has k ≥ 1 units ({@link #outputs}): outputs are N × k column-major arrays
 * (entry (i, a) at i + a·N), and residuals, gradients seeds and directional derivatives use the same
 * layout. Output row a is drawn from the stream (seed, L+1, a), so output 0 of a k-output network is
 * the scalar network of the same seed, and every output shares the hidden layers.
 *
 * <p>Passes are batched: every layer is one BLAS GEMM over all samples (parallel under the
 * thread budget, with the sample sum inside GEMM, so gradients do not depend on the thread
 * count), and elementwise work runs over fixed blocks of the arrays in parallel.
 */
public final class Network implements FiniteNetwork {

    private static final int ELEMENT_BLOCK = 1 << 15;

    private final ArchitectureSpec spec;
    private final int[] m;
    private final double[][] w;
    private final double[][] b;
    private final double[] scaleW;
    private final double[] scaleB;

    private Network(ArchitectureSpec spec, double[][] w, double[][] b) {
        this.spec = spec;
        int layers = spec.depth() + 1;
        this.m = new int[layers + 1];
        for (int l = 0; l < layers; l++) {
            m[l] = spec.width(l);
        }
        m[layers] = w[layers].length / m[layers - 1];
        this.w = w;
        this.b = b;
        this.scaleW = new double[layers + 1];
        this.scaleB = new double[layers + 1];
        boolean ntk = spec.parameterisation() == Parameterisation.NTK;
        for (int l = 1; l <= layers; l++) {
            scaleW[l] = ntk ? Math.sqrt(spec.weightVar(l) / m[l - 1]) : 1;
            scaleB[l] = ntk ? Math.sqrt(spec.biasVar(l)) : 1;
        }
    }

    /**
     * Draws a network. Parameter (l, row r, column c) comes from the stream (seed, layer l, row r),
     * so its value never depends on threads or on the order of drawing.
     */
    public static Network initialise(ArchitectureSpec spec, Initialisation init, long seed) {
        return initialise(spec, init, seed, 1);
    }

    /**
     * Draws a network with {@code outputs} output units (the same streams as {@link
     * #initialise(ArchitectureSpec, Initialisation, long)}: its output 0 is that scalar network).
     */
    public static Network initialise(ArchitectureSpec spec, Initialisation init, long seed, int outputs) {
        if (spec.widths() == null) {
            throw new IllegalArgumentException("a finite network needs widths (one per hidden layer)");
        }
        if (outputs < 1) {
            throw new IllegalArgumentException("a network needs at least one output, got " + outputs);
        }
        int layers = spec.depth() + 1;
        long total = 0;
        for (int l = 1; l <= layers; l++) {
            long units = l == layers ? outputs : spec.width(l);
            total += units * spec.width(l - 1) + units;
        }
        MemoryCheck.requireArray(total, 1, "the network's " + total + " parameters");
        ParameterStreams streams = new ParameterStreams(seed);
        boolean ntk = spec.parameterisation() == Parameterisation.NTK;
        double[][] w = new double[layers + 1][];
        double[][] b = new double[layers + 1][];
        for (int l = 1; l <= layers; l++) {
            int out = l == layers ? outputs : spec.width(l);
            int in = spec.width(l - 1);
            double std = Double.isNaN(init.weightStd(l)) ? (ntk ? 1 : Math.sqrt(spec.weightVar(l) / in)) : init.weightStd(l);
            double[] wl = new double[Math.multiplyExact(out, in)];
            boolean signs = spec.signOutputWeights() && l == layers;
            int layer = l;
            // one stream per row of θ_W (a unit of layer l): rows are independent, so drawn in parallel
            ThreadBudget.parallelFor(0, out, 64, (r0, r1) -> {
                double[] row = new double[in];
                for (int r = r0; r < r1; r++) {
                    if (signs) {
                        UniformRandomProvider u = streams.stream(layer, ParameterStreams.Kind.SIGN, r);
                        for (int c = 0; c < in; c++) {
                            row[c] = u.nextBoolean() ? std : -std;
                        }
                    } else {
                        streams.gaussian(layer, ParameterStreams.Kind.WEIGHT, r, std, row, 0, in);
                    }
                    for (int c = 0; c < in; c++) {
                        wl[r + c * out] = row[c];
                    }
                }
            });
            w[l] = wl;
            if (spec.hasBias(l)) {
                b[l] = new double[out];
                streams.gaussian(l, ParameterStreams.Kind.BIAS, 0, ntk ? 1 : Math.sqrt(spec.biasVar(l)), b[l], 0, out);
            }
        }
        return new Network(spec, w, b);
    }

    /** A deep copy (the same parameters, independent arrays). */
    public Network copy() {
        double[][] w2 = new double[w.length][];
        double[][] b2 = new double[b.length][];
        for (int l = 1; l < w.length; l++) {
            w2[l] = w[l].clone();
            b2[l] = b[l] == null ? null : b[l].clone();
        }
        return new Network(spec, w2, b2);
    }

    @Override
    public ArchitectureSpec spec() {
        return spec;
    }

    @Override
    public java.util.List<Network> copies() {
        return java.util.List.of(this);
    }

    @Override
    public double[] outputWeights() {
        return new double[] {1.0};
    }

    /** Number of output units k (the width of layer L+1). */
    public int outputs() {
        return m[m.length - 1];
    }

    /** Number of weight layers, L + 1. */
    public int layers() {
        return m.length - 1;
    }

    /** m_l for l = 0 … L+1. */
    public int width(int l) {
        return m[l];
    }

    /** θ_W^l (m_l × m_{l−1}, column-major), live: training updates it in place. */
    public double[] weights(int l) {
        return w[l];
    }

    /** θ_b^l, live, or {@code null} when layer l has no bias. */
    public double[] biases(int l) {
        return b[l];
    }

    /** s_W,l: the forward pass uses s_W,l θ_W^l. */
    public double weightScale(int l) {
        return scaleW[l];
    }

    /** s_b,l. */
    public double biasScale(int l) {
        return scaleB[l];
    }

    /** Number of trainable parameters P (with all k output units). */
    public long trainableParameters() {
        long p = 0;
        for (int l = 1; l < m.length; l++) {
            if (spec.isTrainable(l)) {
                p += (long) m[l] * m[l - 1] + (b[l] == null ? 0 : m[l]);
            }
        }
        return p;
    }

    /**
     * The forward pass over all rows of X: post-activations G^l (N × m_l, G^0 = X), derivatives
     * φ'(h^l) and the outputs f(x_i).
     */
    public Pass forward(Matrix x) {
        return forward(x, null);
    }

    /**
     * The forward pass writing into reusable {@code buffers} (null: fresh arrays); the pass is
     * valid until the next use of the same buffers.
     */
    public Pass forward(Matrix x, PassBuffers buffers) {
        Inputs.validateFinite(x, "X");
        if (x.cols() != m[0]) {
            throw new IllegalArgumentException("X has " + x.cols() + " columns but the network's input dimension is " + m[0]);
        }
        int n = x.rows();
        int layers = layers();
        long widest = 0;
        for (int l = 1; l <= layers; l++) {
            widest += 3L * m[l];
        }
        MemoryCheck.requireArray(n, widest, "the forward and backward pass over " + n + " points");
        Blas blas = Backends.blas();
        double[][] g = new double[layers][];
        double[][] d = new double[layers][];
        g[0] = x.data();
        double[] in = x.data();
        double[] out = null;
        Activation act = spec.activation();
        for (int l = 1; l <= layers; l++) {
            int mo = m[l];
            double[] h = PassBuffers.of(buffers, 2 * l, n * mo);
            if (n > 0) {
                blas.dgemm(Trans.N, Trans.T, n, mo, m[l - 1], scaleW[l], in, 0, n, w[l], 0, mo, 0.0, h, 0, n);
            }
            if (b[l] != null) {
                double[] bias = b[l];
                double sb = scaleB[l];
                ThreadBudget.parallelFor(0, mo, Math.max(1, ELEMENT_BLOCK / Math.max(1, n)), (c0, c1) -> {
                    for (int c = c0; c < c1; c++) {
                        double v = sb * bias[c];
                        for (int i = 0; i < n; i++) {
                            h[i + c * n] += v;
                        }
                    }
                });
            }
            if (l == layers) {
                out = h;
            } else {
                // φ(h) overwrites h (the pre-activations are not needed again): one N × m array less per layer and step
                double[] dl = PassBuffers.of(buffers, 2 * l + 1, n * mo);
                ThreadBudget.parallelFor(0, h.length, ELEMENT_BLOCK, (k0, k1) -> Pointwise.apply(act, h, h, dl, k0, k1 - k0));
                g[l] = h;
                d[l] = dl;
                in = h;
            }
        }
        return new Pass(this, n, g, d, out);
    }

    @Override
    public double[] output(Matrix x) {
        return forward(x).output();
    }

    /**
     * B^l = ∂f_a/∂h^l for output a and every sample (N × m_l, l = 1 … L+1; B^{L+1} is ones in
     * column a and zeros elsewhere), by the backward recursion B^l = (B^{l+1} W^{l+1}) ∘ φ'(h^l).
     */
    double[][] backward(Pass p, int output) {
        int n = p.n();
        int layers = layers();
        double[][] back = new double[layers + 1][];
        back[layers] = new double[n * outputs()];
        java.util.Arrays.fill(back[layers], output * n, (output + 1) * n, 1.0);
        Blas blas = Backends.blas();
        for (int l = layers - 1; l >= 1; l--) {
            double[] bl = new double[n * m[l]];
            if (n > 0) {
                blas.dgemm(Trans.N, Trans.N, n, m[l], m[l + 1], scaleW[l + 1], back[l + 1], 0, n, w[l + 1], 0, m[l + 1], 0.0, bl, 0, n);
            }
            double[] dl = p.derivatives(l);
            ThreadBudget.parallelFor(0, bl.length, ELEMENT_BLOCK, (k0, k1) -> {
                for (int k = k0; k < k1; k++) {
                    bl[k] *= dl[k];
                }
            });
            back[l] = bl;
        }
        return back;
    }

    /**
     * Σ_i Σ_a r_ia ∂f_a(x_i)/∂θ for the trainable layers ({@code r} N × k, column-major):
     * {@code weights[l]} (m_l × m_{l−1}) and {@code biases[l]}; frozen layers' entries are
     * {@code null}. With r_ia = (f_a(x_i) − y_ia)/n this is the gradient of the loss
     * 1/(2n) Σ_i ‖f(x_i) − y_i‖².
     */
    public Gradient gradient(Pass p, double[] r) {
        return gradient(p, r, null);
    }

    /**
     * The gradient by backpropagation seeded with the residuals: δ^{L+1} = r and
     * δ^l = (δ^{l+1} W^{l+1}) ∘ φ'(h^l) = r ∘ B^l, so no N × m product r ∘ B^l is formed and only
     * two N × m arrays are live (from {@code buffers} when given).
     */
    public Gradient gradient(Pass p, double[] r, PassBuffers buffers) {
        int n = p.n();
        if (r.length != (long) n * outputs()) {
            throw new IllegalArgumentException("need one residual per sample and output: " + n + " × " + outputs() + ", got "
                    + r.length);
        }
        int layers = layers();
        int lowest = layers + 1;
        for (int l = 1; l <= layers; l++) {
            if (spec.isTrainable(l)) {
                lowest = Math.min(lowest, l);
            }
        }
        Blas blas = Backends.blas();
        double[][] gw = new double[layers + 1][];
        double[][] gb = new double[layers + 1][];
        double[] delta = r;
        int slot = 2 * layers + 2;
        for (int l = layers; l >= lowest; l--) {
            int ml = m[l];
            if (spec.isTrainable(l)) {
                gw[l] = new double[ml * m[l - 1]];
                if (n > 0) {
                    blas.dgemm(Trans.T, Trans.N, ml, m[l - 1], n, scaleW[l], delta, 0, n, p.features(l - 1), 0, n, 0.0, gw[l], 0, ml);
                }
                if (b[l] != null) {
                    gb[l] = new double[ml];
                    double[] ones = new double[n];
                    java.util.Arrays.fill(ones, scaleB[l]);
                    blas.dgemv(Trans.T, n, ml, 1.0, delta, 0, n, ones, 0, 0.0, gb[l], 0);
                }
            }
            if (l > lowest) {
                double[] below = PassBuffers.of(buffers, slot + (l & 1), n * m[l - 1]);
                if (n > 0) {
                    blas.dgemm(Trans.N, Trans.N, n, m[l - 1], ml, scaleW[l], delta, 0, n, w[l], 0, ml, 0.0, below, 0, n);
                }
                double[] dl = p.derivatives(l - 1);
                ThreadBudget.parallelFor(0, below.length, ELEMENT_BLOCK, (k0, k1) -> {
                    for (int k = k0; k < k1; k++) {
                        below[k] *= dl[k];
                    }
                });
                delta = below;
            }
        }
        return new Gradient(gw, gb);
    }

    /**
     * Refuses a rows × P Jacobian that no Java array or no free heap can hold, before anything is
     * drawn or allocated.
     */
    static void requireJacobian(long rows, long cols) {
        if (cols > MemoryCheck.MAX_ARRAY / Math.max(1, rows)) {
            throw new org.ntklab.linalg.InsufficientMemoryException("a " + rows + "×" + cols + " Jacobian has more than 2^31 "
                    + "entries; use the structured or matrix-free empirical NTK instead");
        }
        MemoryCheck.requireArray(rows, cols, "the " + rows + "×" + cols + " Jacobian (use the structured or matrix-free method)");
    }

    /**
     * Rows {@code from … to−1} of the Jacobian ∂f(x_i)/∂θ over the trainable parameters, ordered
     * layer by layer (θ_W^l column-major, then θ_b^l): a (to−from) × P matrix.
     */
    public Matrix jacobian(Pass p, int from, int to) {
        if (outputs() != 1) {
            throw new IllegalArgumentException("the explicit Jacobian is for a scalar output; this network has " + outputs());
        }
        int rows = to - from;
        long cols = trainableParameters();
        requireJacobian(rows, cols);
        double[] jac = new double[(int) (rows * cols)];
        double[][] back = p.back();
        int n = p.n();
        ThreadBudget.parallelFor(from, to, 16, (i0, i1) -> {
            for (int i = i0; i < i1; i++) {
                int row = i - from;
                long col = 0;
                for (int l = 1; l <= layers(); l++) {
                    if (!spec.isTrainable(l)) {
                        continue;
                    }
                    double[] g = p.features(l - 1);
                    double[] bl = back[l];
                    int ml = m[l];
                    for (int c = 0; c < m[l - 1]; c++) {
                        double gc = scaleW[l] * g[i + c * n];
                        for (int a = 0; a < ml; a++) {
                            jac[(int) (row + (col + a + (long) c * ml) * rows)] = gc * bl[i + a * n];
                        }
                    }
                    col += (long) ml * m[l - 1];
                    if (b[l] != null) {
                        for (int a = 0; a < ml; a++) {
                            jac[(int) (row + (col + a) * rows)] = scaleB[l] * bl[i + a * n];
                        }
                        col += ml;
                    }
                }
            }
        });
        return new Matrix(rows, (int) cols, jac);
    }

    /**
     * The directional derivative of the outputs at this pass's parameters along a parameter
     * change (δθ_W^l, δθ_b^l; {@code null} entries are zero): J(X) δθ, by forward-mode
     * differentiation through the stored features, δh^{l+1} = s_W(δg^l W^{l+1}ᵀ + g^l δW^{l+1}ᵀ) + s_b δb^{l+1},
     * δg^l = φ'(h^l) ∘ δh^l. This is what a network linearised around these parameters adds to f₀
     * (N × k, column-major).
     */
    public double[] jvp(Pass p, double[][] dW, double[][] db) {
        int n = p.n();
        Blas blas = Backends.blas();
        double[] dh = null; // δh^l, N × m_l
        for (int l = 1; l <= layers(); l++) {
            int mo = m[l];
            double[] next = new double[n * mo];
            if (n > 0) {
                if (dh != null) {
                    double[] dl = p.derivatives(l - 1);
                    double[] dg = new double[dh.length];
                    for (int k = 0; k < dg.length; k++) {
                        dg[k] = dl[k] * dh[k];
                    }
                    blas.dgemm(Trans.N, Trans.T, n, mo, m[l - 1], scaleW[l], dg, 0, n, w[l], 0, mo, 0.0, next, 0, n);
                }
                if (dW[l] != null) {
                    blas.dgemm(Trans.N, Trans.T, n, mo, m[l - 1], scaleW[l], p.features(l - 1), 0, n, dW[l], 0, mo, 1.0, next, 0, n);
                }
            }
            if (db[l] != null) {
                for (int c = 0; c < mo; c++) {
                    double v = scaleB[l] * db[l][c];
                    for (int i = 0; i < n; i++) {
                        next[i + c * n] += v;
                    }
                }
            }
            dh = next;
        }
        return dh;
    }

    /** A parameter gradient, per layer ({@code null} for frozen layers and missing biases). */
    public record Gradient(double[][] weights, double[][] biases) {
    }
}
