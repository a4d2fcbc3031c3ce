package org.ntklab.net;

import java.util.List;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.linalg.Matrix;

/**
 * A finite network as a weighted combination of copies of one architecture: one copy with weight
 * 1 ({@link Network}), or two with ±1/√2 ({@link MirroredNetwork}). Its empirical NTK is
 * Σ_c w_c² K_c, the sum of the copies' kernels weighted by the squares of their output weights.
 */
public interface FiniteNetwork {

    /** The architecture. */
    ArchitectureSpec spec();

    /** The copies. */
    List<Network> copies();

    /** The output weight of each copy: f = Σ_c w_c f_c. */
    double[] outputWeights();

    /** Number of output units k. */
    default int outputs() {
        return copies().get(0).outputs();
    }

    /** f(x_i) for every row of X: N × k column-major. */
    default double[] output(Matrix x) {
        double[] f = null;
        List<Network> cs = copies();
        double[] ws = outputWeights();
        for (int c = 0; c < cs.size(); c++) {
            double[] fc = cs.get(c).output(x);
            if (f == null) {
                f = new double[fc.length];
            }
            for (int i = 0; i < fc.length; i++) {
                f[i] += ws[c] * fc[i];
            }
        }
        return f;
    }

    /** An independent deep copy (same parameters). */
    FiniteNetwork copy();

    /** A network of the scheme {@code init} asks for. */
    static FiniteNetwork initialise(ArchitectureSpec spec, Initialisation init, long seed) {
        return initialise(spec, init, seed, 1);
    }

    /** The same with {@code outputs} output units (see {@link Network#initialise(ArchitectureSpec, Initialisation, long, int)}). */
    static FiniteNetwork initialise(ArchitectureSpec spec, Initialisation init, long seed, int outputs) {
        Network one = Network.initialise(spec, init, seed, outputs);
        return init.scheme() == Initialisation.Scheme.MIRRORED ? new MirroredNetwork(one) : one;
    }
}
