package org.ntklab.tools.experiment;

import org.ntklab.eigen.CertifiedBracket;
import org.ntklab.eigen.DenseEigen;
import org.ntklab.eigen.EigenOptions;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.Initialisation;
import org.ntklab.net.Network;
import org.ntklab.net.ParameterStreams;

/**
 * One λ_min evaluation of the lambda-min experiment: draw N inputs x ~ N(0, I_d) and a network,
 * assemble the empirical NTK of its trainable layers by the structured formula Σ_l (GGᵀ)∘(BBᵀ)
 * (never the Jacobian), and certify a bracket lower ≤ λ_min ≤ upper.
 *
 * <p>Everything random comes from {@link ParameterStreams} keyed by (seed, layer, row): inputs from
 * the stream (key, layer 0, OTHER, row i), the network from {@link Network#initialise} with the same
 * key, so a result depends only on (key, architecture, N), never on scheduling or thread count.
 */
final class LambdaMinEvaluation {

    /** Relative width asked of the bracket: tight enough that λ_min/d² is known to 6 digits where it is positive. */
    static final EigenOptions OPTIONS = EigenOptions.defaults().withTol(1e-9).withTargetWidth(1e-7);

    private LambdaMinEvaluation() {
    }

    /**
     * The outcome.
     *
     * @param parameters   trainable parameters of the differentiated layers (the NTK's rank is at most this)
     * @param bracket      the certified bracket of λ_min
     * @param seconds      wall time of the whole evaluation (inputs, network, kernel, eigenvalue)
     */
    record Result(long parameters, CertifiedBracket bracket, double seconds) {

        /** True when the differentiated layers have fewer parameters than samples, so λ_min = 0 by rank. */
        boolean rankDeficient(int n) {
            return LambdaMinEvaluation.rankDeficient(parameters, n);
        }
    }

    /** True when {@code parameters} &lt; {@code n}: K = J Jᵀ with J of size n × parameters is singular. */
    static boolean rankDeficient(long parameters, int n) {
        return parameters < n;
    }

    /** Parameters of the trainable layers of {@code spec} (weights, and biases where present). */
    static long differentiatedParameters(ArchitectureSpec spec) {
        long p = 0;
        for (int l = 1; l <= spec.layers(); l++) {
            if (spec.isTrainable(l)) {
                p += (long) spec.width(l - 1) * spec.width(l) + (spec.hasBias(l) ? spec.width(l) : 0);
            }
        }
        return p;
    }

    /** N standard Gaussian inputs in R^d from the streams of {@code key}. */
    static Matrix inputs(int n, int d, long key) {
        ParameterStreams streams = new ParameterStreams(key);
        double[] rowMajor = new double[Math.multiplyExact(n, d)];
        for (int i = 0; i < n; i++) {
            streams.gaussian(0, ParameterStreams.Kind.OTHER, i, 1.0, rowMajor, i * d, d);
        }
        return Matrix.fromRowMajor(n, d, rowMajor);
    }

    /** The empirical NTK of the trainable layers of a network drawn with {@code key}, on N inputs drawn with it. */
    static Matrix kernel(ArchitectureSpec spec, int n, long key) {
        Network net = Network.initialise(spec, Initialisation.standard(), key);
        return EmpiricalNtk.structured(net, inputs(n, spec.inputDim(), key));
    }

    /** Runs one evaluation. */
    static Result evaluate(ArchitectureSpec spec, int n, long key) {
        long t0 = System.nanoTime();
        Matrix k = kernel(spec, n, key);
        CertifiedBracket b = DenseEigen.certifyLambdaMin(k, OPTIONS.withSeed(key));
        return new Result(differentiatedParameters(spec), b, (System.nanoTime() - t0) / 1e9);
    }
}
