package org.ntklab.kernel;

/**
 * The per-layer constants of the recursion, indexed by layer l = 1 … L+1: σ_w² ({@link #w}),
 * σ_b² ({@link #b}), the weight term factor f_w and the bias shift (f_b − f_w)σ_b² of the NTK term
 * (see {@link ArchitectureSpec#weightTermFactor}).
 *
 * @param w     σ_w,l²
 * @param b     σ_b,l²
 * @param fw    weight term factor
 * @param shift (f_b − f_w) σ_b²
 * @param count L + 1
 */
record Layers(double[] w, double[] b, double[] fw, double[] shift, int count) {

    static Layers of(ArchitectureSpec spec) {
        int layers = spec.depth() + 1;
        double[] w = new double[layers + 1];
        double[] b = new double[layers + 1];
        double[] fw = new double[layers + 1];
        double[] shift = new double[layers + 1];
        for (int l = 1; l <= layers; l++) {
            w[l] = spec.weightVar(l);
            b[l] = spec.biasVar(l);
            fw[l] = spec.weightTermFactor(l);
            shift[l] = (spec.biasTermFactor(l) - fw[l]) * b[l];
        }
        return new Layers(w, b, fw, shift, layers);
    }
}
