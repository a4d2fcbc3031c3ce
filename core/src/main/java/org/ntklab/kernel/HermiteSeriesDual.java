package org.ntklab.kernel;

import java.util.HashMap;
import java.util.Map;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.ntklab.linalg.backend.Backends;

/**
 * The dual activation of a smooth φ by its Hermite expansion (Mehler's formula): with ĥ_k the
 * normalised probabilists' Hermite polynomials and, for u = √q z,
 * a_k(q) = E[φ(√q z) ĥ_k(z)], b_k(q) = E[φ'(√q z) ĥ_k(z)] (z ~ N(0, 1)),
 * <pre>
 *   E[φ(u)φ(v)]   = Σ_k a_k(q) a_k(q') ρ^k,     E[φ'(u)φ'(v)] = Σ_k b_k(q) b_k(q') ρ^k.
 * </pre>
 * This is the two-dimensional Gaussian integral evaluated exactly in the Hermite basis: the
 * coefficients come from one-dimensional Gauss–Hermite quadrature with {@value #NODES} nodes
 * (Golub–Welsch), computed once per distinct variance q, and each kernel entry costs one
 * polynomial in ρ (vectorised Horner) instead of a two-dimensional grid of activation calls.
 * The series is truncated where both tails Σ_{k≥K} a_k², Σ_{k≥K} b_k² fall below
 * {@value #TAIL} of their totals for every variance of the layer, which bounds the relative
 * truncation error for every |ρ| ≤ 1. When {@value #MAX_TERMS} terms leave a tail above
 * {@value #TAIL_LIMIT} (steep activations at large variance, e.g. tanh with q ≫ 4) the kernel is
 * refused with an error rather than computed inaccurately.
 */
final class HermiteSeriesDual implements DualActivation {

    static final int NODES = 768;
    static final int MAX_TERMS = 384;
    /** Truncation target: relative tail mass (= worst relative error, reached at |ρ| = 1). */
    static final double TAIL = 1e-13;
    /** Largest tail accepted when MAX_TERMS do not reach the target. */
    static final double TAIL_LIMIT = 1e-10;

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static volatile Rule rule;

    private final Activation activation;

    HermiteSeriesDual(Activation activation) {
        this.activation = activation;
    }

    /** Nodes z_m, probability weights w_m and the table ĥ_k(z_m) (k-major), shared by all activations. */
    private record Rule(double[] z, double[] w, double[] h) {
    }

    private static Rule rule() {
        Rule r = rule;
        if (r == null) {
            synchronized (HermiteSeriesDual.class) {
                r = rule;
                if (r == null) {
                    r = buildRule();
                    rule = r;
                }
            }
        }
        return r;
    }

    /** Golub–Welsch: nodes are the eigenvalues of the Jacobi matrix of He_k (off-diagonal √k), weights from the Christoffel function. */
    private static Rule buildRule() {
        int m = NODES;
        double[] jac = new double[m * m];
        for (int k = 1; k < m; k++) {
            jac[k + (k - 1) * m] = Math.sqrt(k);
            jac[(k - 1) + k * m] = Math.sqrt(k);
        }
        double[] z = new double[m];
        int info = Backends.lapack().symmetricEigen(false, m, jac, new double[m * m], z);
        if (info != 0) {
            throw new IllegalStateException("Gauss–Hermite rule: eigen-solver failed (" + info + ")");
        }
        // Weights from the Christoffel function 1/Σ_k ĥ_k(z)² rather than from eigenvector
        // components, which are only absolutely accurate: the outer nodes' weights (down to
        // 1e-300) multiply Hermite values up to 1e+170.
        double[] w = new double[m];
        double[] h = new double[MAX_TERMS * m];
        for (int i = 0; i < m; i++) {
            double prev = 0;
            double cur = 1;
            double sum = 1;
            h[i] = 1;
            for (int k = 1; k < m; k++) {
                // ĥ_k = (z ĥ_{k−1} − √(k−1) ĥ_{k−2}) / √k
                double next = (z[i] * cur - Math.sqrt(k - 1) * prev) / Math.sqrt(k);
                prev = cur;
                cur = next;
                sum += cur * cur;
                if (k < MAX_TERMS) {
                    h[k * m + i] = cur;
                }
            }
            w[i] = Double.isFinite(sum) ? 1 / sum : 0;
        }
        return new Rule(z, w, h);
    }

    /** The coefficients a_k(q) and b_k(q), k &lt; MAX_TERMS. */
    double[][] coefficients(double q) {
        Rule r = rule();
        int m = NODES;
        double s = Math.sqrt(q);
        double[] fw = new double[m];
        double[] dw = new double[m];
        for (int i = 0; i < m; i++) {
            if (r.w[i] == 0) {
                continue;
            }
            double u = s * r.z[i];
            fw[i] = r.w[i] * activation.value(u);
            dw[i] = r.w[i] * activation.derivative(u);
        }
        double[] a = new double[MAX_TERMS];
        double[] b = new double[MAX_TERMS];
        for (int k = 0; k < MAX_TERMS; k++) {
            double sa = 0;
            double sb = 0;
            int row = k * m;
            for (int i = 0; i < m; i++) {
                sa += fw[i] * r.h[row + i];
                sb += dw[i] * r.h[row + i];
            }
            a[k] = sa;
            b[k] = sb;
        }
        return new double[][] {a, b};
    }

    /** Terms needed so that both tails are below {@code tail} of their totals (MAX_TERMS + 1 if none suffices). */
    static int termsNeeded(double[] a, double[] b, double tail) {
        return Math.max(termsNeeded(a, tail), termsNeeded(b, tail));
    }

    private static int termsNeeded(double[] c, double fraction) {
        double total = 0;
        for (double v : c) {
            total += v * v;
        }
        double tail = 0;
        for (int k = c.length - 1; k >= 0; k--) {
            tail += c[k] * c[k];
            if (tail > fraction * total) {
                // the last stored coefficients cannot tell whether the series has converged
                return k + 1 >= c.length - 8 ? MAX_TERMS + 1 : k + 1;
            }
        }
        return 1;
    }

    @Override
    public double selfValue(double q) {
        Rule r = rule();
        double s = 0;
        double sq = Math.sqrt(q);
        for (int i = 0; i < NODES; i++) {
            double f = activation.value(sq * r.z[i]);
            s += r.w[i] * f * f;
        }
        return s;
    }

    @Override
    public double selfDerivative(double q) {
        Rule r = rule();
        double s = 0;
        double sq = Math.sqrt(q);
        for (int i = 0; i < NODES; i++) {
            double f = activation.derivative(sq * r.z[i]);
            s += r.w[i] * f * f;
        }
        return s;
    }

    @Override
    public void cross(double[] qRow, int qOff, double qCol, double[] c, double[] dot, int off, int len) {
        double[] qr = new double[len];
        System.arraycopy(qRow, qOff, qr, 0, len);
        bind(qr, new double[] {qCol}).cross(0, 0, c, dot, off, len);
    }

    @Override
    public LayerMap bind(double[] qRow, double[] qCol) {
        Map<Double, double[][]> cache = new HashMap<>();
        int terms = 1;
        for (double[] qs : new double[][] {qRow, qCol}) {
            for (double q : qs) {
                double[][] ab = cache.computeIfAbsent(q, this::coefficients);
                int t = termsNeeded(ab[0], ab[1], TAIL);
                if (t > MAX_TERMS) {
                    t = termsNeeded(ab[0], ab[1], TAIL_LIMIT) > MAX_TERMS ? MAX_TERMS + 1 : MAX_TERMS;
                }
                terms = Math.max(terms, t);
            }
        }
        if (terms > MAX_TERMS) {
            throw new IllegalArgumentException("the Gaussian expectations of " + activation + " at pre-activation variance up to "
                    + maxOf(qRow, qCol) + " cannot be integrated to " + TAIL_LIMIT + " with " + MAX_TERMS + " Hermite terms: "
                    + "reduce the weight variances or input norms");
        }
        Table rows = table(qRow, cache, terms);
        Table cols = qCol == qRow ? rows : table(qCol, cache, terms);
        return new Series(qRow, qCol, rows, cols, terms);
    }

    private static double maxOf(double[] a, double[] b) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, v);
        }
        for (double v : b) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Coefficients laid out k-major: a[k * n + i], so a chunk of rows is contiguous for each k. */
    private record Table(double[] a, double[] b, int n) {
    }

    private static Table table(double[] q, Map<Double, double[][]> cache, int terms) {
        int n = q.length;
        double[] a = new double[terms * n];
        double[] b = new double[terms * n];
        for (int i = 0; i < n; i++) {
            double[][] ab = cache.get(q[i]);
            for (int k = 0; k < terms; k++) {
                a[k * n + i] = ab[0][k];
                b[k * n + i] = ab[1][k];
            }
        }
        return new Table(a, b, n);
    }

    /** Horner's rule in ρ with coefficients a_k(q_i) a_k(q_j), vectorised over rows. */
    private record Series(double[] qRow, double[] qCol, Table rows, Table cols, int terms) implements LayerMap {

        @Override
        public void cross(int iOff, int j, double[] c, double[] dot, int off, int len) {
            int n = rows.n;
            int nc = cols.n;
            double qj = qCol[j];
            int i = 0;
            for (int upper = S.loopBound(len); i < upper; i += S.length()) {
                DoubleVector sq = DoubleVector.fromArray(S, qRow, iOff + i).mul(qj).sqrt();
                var positive = sq.compare(jdk.incubator.vector.VectorOperators.GT, 0.0);
                DoubleVector rho = DoubleVector.fromArray(S, c, off + i).div(sq).max(-1.0).min(1.0).blend(0.0, positive.not());
                DoubleVector accA = DoubleVector.zero(S);
                DoubleVector accB = DoubleVector.zero(S);
                for (int t = terms - 1; t >= 0; t--) {
                    accA = accA.fma(rho, DoubleVector.fromArray(S, rows.a, t * n + iOff + i).mul(cols.a[t * nc + j]));
                    accB = accB.fma(rho, DoubleVector.fromArray(S, rows.b, t * n + iOff + i).mul(cols.b[t * nc + j]));
                }
                accA.intoArray(c, off + i);
                accB.intoArray(dot, off + i);
            }
            for (; i < len; i++) {
                double sq = Math.sqrt(qRow[iOff + i] * qj);
                double rho = sq > 0 ? Math.max(-1.0, Math.min(1.0, c[off + i] / sq)) : 0.0;
                double accA = 0;
                double accB = 0;
                for (int t = terms - 1; t >= 0; t--) {
                    accA = accA * rho + rows.a[t * n + iOff + i] * cols.a[t * nc + j];
                    accB = accB * rho + rows.b[t * n + iOff + i] * cols.b[t * nc + j];
                }
                c[off + i] = accA;
                dot[off + i] = accB;
            }
        }
    }
}
