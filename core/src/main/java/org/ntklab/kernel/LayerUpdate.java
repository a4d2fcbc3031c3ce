package org.ntklab.kernel;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The affine part of one layer of the recursion over a block of entries, vectorised: from the raw
 * dual values E[φφ] (in c) and E[φ'φ'] (in dot), Σ = σ_w² E[φφ] + σ_b², Σ̇ = σ_w² E[φ'φ'],
 * Θ = Θ Σ̇ + f_w Σ + (f_b − f_w) σ_b² (the layer's NTK term, see {@link ArchitectureSpec#weightTermFactor}).
 */
final class LayerUpdate {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private LayerUpdate() {
    }

    /** Layer 1, in place: c = inner product term + σ_b,1², Θ = the layer's term. */
    static void first(double[] c, double[] th, int len, double b, double fw, double fbShift) {
        int k = 0;
        for (int upper = S.loopBound(len); k < upper; k += S.length()) {
            DoubleVector v = DoubleVector.fromArray(S, c, k).add(b);
            v.intoArray(c, k);
            v.mul(fw).add(fbShift).intoArray(th, k);
        }
        for (; k < len; k++) {
            double v = c[k] + b;
            c[k] = v;
            th[k] = fw * v + fbShift;
        }
    }

    /** Layers 2 … L+1, over entries off … off+len−1. */
    static void next(double[] c, double[] dot, double[] th, int off, int len, double w, double b, double fw, double fbShift) {
        int k = off;
        int end = off + len;
        for (int upper = off + S.loopBound(len); k < upper; k += S.length()) {
            DoubleVector sig = DoubleVector.fromArray(S, c, k).mul(w).add(b);
            DoubleVector sd = DoubleVector.fromArray(S, dot, k).mul(w);
            DoubleVector t = DoubleVector.fromArray(S, th, k);
            t.mul(sd).add(sig.mul(fw)).add(fbShift).intoArray(th, k);
            sig.intoArray(c, k);
        }
        for (; k < end; k++) {
            double sig = w * c[k] + b;
            th[k] = th[k] * (w * dot[k]) + fw * sig + fbShift;
            c[k] = sig;
        }
    }
}
