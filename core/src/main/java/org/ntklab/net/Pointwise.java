package org.ntklab.net;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ntklab.kernel.Activation;

/** Applies an activation and its derivative elementwise; vectorised for the piecewise-linear family. */
final class Pointwise {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private Pointwise() {
    }

    /** g[k] = φ(h[k]) and d[k] = φ'(h[k]) for k in [off, off+len); g may be h itself (in place). */
    static void apply(Activation a, double[] h, double[] g, double[] d, int off, int len) {
        int k = off;
        int end = off + len;
        if (a.family() == Activation.Family.PIECEWISE_LINEAR) {
            double neg = a.negativeSlope();
            double pos = a.positiveSlope();
            for (int upper = off + S.loopBound(len); k < upper; k += S.length()) {
                DoubleVector x = DoubleVector.fromArray(S, h, k);
                var positive = x.compare(VectorOperators.GT, 0.0);
                DoubleVector slope = DoubleVector.broadcast(S, neg).blend(pos, positive);
                slope.intoArray(d, k);
                x.mul(slope).intoArray(g, k);
            }
            for (; k < end; k++) {
                double x = h[k];
                double s = x > 0 ? pos : neg;
                d[k] = s;
                g[k] = s * x;
            }
            return;
        }
        for (; k < end; k++) {
            double x = h[k];
            g[k] = a.value(x);
            d[k] = a.derivative(x);
        }
    }
}
