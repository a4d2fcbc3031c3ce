package org.ntklab.net;

import java.util.List;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.linalg.Matrix;

/**
 * Mirrored initialisation (seeds 000/001): f(x) = (f(x; θ₁) − f(x; θ₂))/√2 with θ₁(0) = θ₂(0).
 * The output is identically 0 at initialisation, and the empirical NTK, (K₁ + K₂)/2, equals one
 * copy's. The two copies are trained as independent parameters afterwards.
 */
public final class MirroredNetwork implements FiniteNetwork {

    private static final double[] WEIGHTS = {Math.sqrt(0.5), -Math.sqrt(0.5)};

    private final Network first;
    private final Network second;

    /** The mirrored pair of {@code copy} and an identical duplicate. */
    public MirroredNetwork(Network copy) {
        this(copy, copy.copy());
    }

    private MirroredNetwork(Network first, Network second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public MirroredNetwork copy() {
        return new MirroredNetwork(first.copy(), second.copy());
    }

    @Override
    public ArchitectureSpec spec() {
        return first.spec();
    }

    @Override
    public List<Network> copies() {
        return List.of(first, second);
    }

    @Override
    public double[] outputWeights() {
        return WEIGHTS.clone();
    }

    /** (f(x; θ₁) − f(x; θ₂))/√2: exactly 0 while the copies are equal (the same arithmetic on the same numbers). */
    @Override
    public double[] output(Matrix x) {
        double[] a = first.output(x);
        double[] b = second.output(x);
        double[] f = new double[a.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (a[i] - b[i]) * WEIGHTS[0];
        }
        return f;
    }
}
