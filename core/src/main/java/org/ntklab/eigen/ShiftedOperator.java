package org.ntklab.eigen;

import org.ntklab.linalg.SymmetricOperator;

/** v ↦ (A − σI) v for any symmetric operator A. */
public final class ShiftedOperator implements SymmetricOperator {

    private final SymmetricOperator a;
    private final double sigma;

    /** A − σI. */
    public ShiftedOperator(SymmetricOperator a, double sigma) {
        if (!Double.isFinite(sigma)) {
            throw new IllegalArgumentException("the shift must be finite, got " + sigma);
        }
        this.a = a;
        this.sigma = sigma;
    }

    /** The shift σ. */
    public double shift() {
        return sigma;
    }

    @Override
    public int size() {
        return a.size();
    }

    @Override
    public void apply(double[] v, double[] out) {
        a.apply(v, out);
        for (int i = 0; i < out.length; i++) {
            out[i] -= sigma * v[i];
        }
    }
}
