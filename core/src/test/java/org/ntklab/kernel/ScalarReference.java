package org.ntklab.kernel;

/**
 * An independent, plain scalar implementation of the formulas sheet's recursion, pair by pair,
 * written without the production code's algebra: arc-cosine kernels for ReLU, piecewise-linear
 * activations decomposed as φ(u) = b·relu(u) − a·relu(−u) into four arc-cosine terms, Williams'
 * erf forms, and the unrolled NTK sum Σ_k term_k Π_{j>k} Σ̇^j.
 */
final class ScalarReference {

    private ScalarReference() {
    }

    /** Returns {Σ^{L+1}(x, y), Θ^{L+1}(x, y)}; {@code same} marks a self-pair (exact ρ = 1). */
    static double[] kernel(ArchitectureSpec s, double[] x, double[] y, boolean same) {
        int layers = s.depth() + 1;
        double xy = 0, xx = 0, yy = 0;
        for (int k = 0; k < x.length; k++) {
            xy += x[k] * y[k];
            xx += x[k] * x[k];
            yy += y[k] * y[k];
        }
        double d = s.inputDim();
        double[] c = new double[layers + 1];
        double[] dotc = new double[layers + 1];
        double q = s.weightVar(1) * xx / d + s.biasVar(1);
        double qq = s.weightVar(1) * yy / d + s.biasVar(1);
        c[1] = s.weightVar(1) * xy / d + s.biasVar(1);
        for (int l = 2; l <= layers; l++) {
            double[] e = expectations(s.activation(), q, qq, c[l - 1], same);
            double[] ex = expectations(s.activation(), q, q, q, true);
            double[] ey = expectations(s.activation(), qq, qq, qq, true);
            double w = s.weightVar(l), b = s.biasVar(l);
            c[l] = w * e[0] + b;
            dotc[l] = w * e[1];
            q = w * ex[0] + b;
            qq = w * ey[0] + b;
        }
        double theta = 0;
        for (int k = 1; k <= layers; k++) {
            double bk = s.biasVar(k);
            double t = s.weightTermFactor(k) * (c[k] - bk) + s.biasTermFactor(k) * bk;
            for (int j = k + 1; j <= layers; j++) {
                t *= dotc[j];
            }
            theta += t;
        }
        return new double[] {c[layers], theta};
    }

    /** {E[φ(u)φ(v)], E[φ'(u)φ'(v)]} for (u, v) ~ N(0, [[q, c], [c, qq]]). */
    static double[] expectations(Activation a, double q, double qq, double c, boolean same) {
        double norm = Math.sqrt(q * qq);
        double rho = same ? 1.0 : Math.max(-1, Math.min(1, c / norm));
        switch (a.family()) {
            case PIECEWISE_LINEAR -> {
                double an = a.negativeSlope(), bp = a.positiveSlope();
                // φ(u) = bp·relu(u) − an·relu(−u); relu(−u) has correlation −ρ with relu(v)...
                double j1 = arcCos1(rho), j1m = arcCos1(-rho);
                double j0 = arcCos0(rho), j0m = arcCos0(-rho);
                double e = norm * (bp * bp * j1 + an * an * j1 - 2 * an * bp * j1m);
                // φ'(u) = bp·1[u>0] + an·1[u<0]
                double ed = bp * bp * j0 + an * an * j0 + 2 * an * bp * j0m;
                return new double[] {e, ed};
            }
            case ERF -> {
                double cc = same ? q : c;
                double e = 2 / Math.PI * Math.asin(2 * cc / Math.sqrt((1 + 2 * q) * (1 + 2 * qq)));
                double ed = 4 / Math.PI / Math.sqrt((1 + 2 * q) * (1 + 2 * qq) - 4 * cc * cc);
                return new double[] {e, ed};
            }
            case IDENTITY -> {
                return new double[] {same ? q : c, 1};
            }
            default -> throw new IllegalArgumentException("no closed form for " + a);
        }
    }

    /** E[relu(u)relu(v)] / √(qq') = (sin θ + (π − θ) cos θ)/(2π). */
    static double arcCos1(double rho) {
        double t = Math.acos(rho);
        return (Math.sin(t) + (Math.PI - t) * Math.cos(t)) / (2 * Math.PI);
    }

    /** E[1(u>0)1(v>0)] = (π − θ)/(2π). */
    static double arcCos0(double rho) {
        return (Math.PI - Math.acos(rho)) / (2 * Math.PI);
    }
}
