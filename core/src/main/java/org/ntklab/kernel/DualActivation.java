package org.ntklab.kernel;

/**
 * The Gaussian expectations one layer of the kernel recursion needs: for (u, v) ~ N(0, Λ) with
 * Λ = [[q, c], [c, q']], the NNGP map E[φ(u)φ(v)] and the derivative map E[φ'(u)φ'(v)] ("dual
 * activations"). Implementations are stateless and thread-safe.
 */
interface DualActivation {

    /** E[φ(u)²] for u ~ N(0, q): the exact diagonal (ρ = 1). */
    double selfValue(double q);

    /** E[φ'(u)²] for u ~ N(0, q). */
    double selfDerivative(double q);

    /**
     * For k in [0, len), with q = qRow[qOff + k], q' = qCol and c = c[off + k]: replaces c[off + k]
     * by E[φ(u)φ(v)] and writes E[φ'(u)φ'(v)] to dot[off + k]. The correlation c/√(qq') is clipped to
     * [−1, 1]; where q·q' = 0 it is taken as 0. Never produces NaN for finite inputs.
     */
    void cross(double[] qRow, int qOff, double qCol, double[] c, double[] dot, int off, int len);

    /** One layer's map between fixed row and column variances, for entries addressed by index. */
    interface LayerMap {
        /** As {@link DualActivation#cross} for rows iOff … iOff+len−1 against column j. */
        void cross(int iOff, int j, double[] c, double[] dot, int off, int len);

        /**
         * One whole layer for entries off … off+len−1: the dual map, then the affine update of
         * {@link LayerUpdate#next} (Σ in c, Θ in th; dot is scratch). Implementations may fuse the two.
         */
        default void step(int iOff, int j, double[] c, double[] dot, double[] th, int off, int len, double w, double b,
                          double fw, double fbShift) {
            cross(iOff, j, c, dot, off, len);
            LayerUpdate.next(c, dot, th, off, len, w, b, fw, fbShift);
        }
    }

    /**
     * Binds the layer's diagonal variances (q of every row point and every column point), letting
     * an implementation precompute per-point data; the default just looks the variances up.
     */
    default LayerMap bind(double[] qRow, double[] qCol) {
        return (iOff, j, c, dot, off, len) -> cross(qRow, iOff, qCol[j], c, dot, off, len);
    }

    /** Layers 2 … L+1 of the recursion for one column segment of a tile. */
    interface ColumnRecursion {
        /**
         * Entries off … off+len−1 of c (Σ¹ in, Σ^{L+1} out) and th (Θ¹ in, Θ^{L+1} out) are rows
         * iOff … of column j; dot is scratch.
         */
        void run(int iOff, int j, double[] c, double[] dot, double[] th, int off, int len);
    }

    /**
     * Binds all layers at once: qRow[l] and qCol[l] are the diagonal variances Σ^l of the row and
     * column points. The default runs one {@link LayerMap#step} per layer; an implementation may
     * keep an entry in registers through all layers.
     */
    default ColumnRecursion bindAll(double[][] qRow, double[][] qCol, Layers layers) {
        LayerMap[] maps = new LayerMap[layers.count() + 1];
        for (int l = 2; l <= layers.count(); l++) {
            maps[l] = bind(qRow[l - 1], qCol[l - 1]);
        }
        return (iOff, j, c, dot, th, off, len) -> {
            for (int l = 2; l <= layers.count(); l++) {
                maps[l].step(iOff, j, c, dot, th, off, len, layers.w()[l], layers.b()[l], layers.fw()[l], layers.shift()[l]);
            }
        };
    }

    /**
     * For a positively homogeneous activation in a network without biases, the recursion in
     * correlations: Σ^l(x, x') = √(q^l q'^l) ρ^l with ρ^{l+1} a function of ρ^l alone, and
     * Θ = √(q¹q'¹) τ. Entries of c hold ρ¹ in (th is ignored in), Σ^{L+1} and Θ^{L+1} out; only the
     * last layer touches the per-point scales {@code sRow}, {@code sCol} = √(q¹). Returns null where
     * this form does not apply (then use {@link #bindAll}).
     */
    default ColumnRecursion bindCorrelations(double[] sRow, double[] sCol, Layers layers) {
        return null;
    }

    /**
     * The dual of {@code a}: a closed form where one exists, else {@code quadrature}.
     */
    static DualActivation of(Activation a, Quadrature quadrature) {
        return switch (a.family()) {
            case PIECEWISE_LINEAR -> new PiecewiseLinearDual(a.negativeSlope(), a.positiveSlope());
            case ERF -> new ErfDual();
            case IDENTITY -> new IdentityDual();
            default -> quadrature.dual(a);
        };
    }
}
