package org.ntklab.eigen;

import java.util.Arrays;
import java.util.function.Function;
import org.apache.commons.math3.special.Gamma;

/**
 * The exact Mercer decomposition of a dot-product kernel k(x, x') = κ(⟨x, x'⟩) on the unit sphere
 * S^{p−1} ⊂ R^p with its uniform probability measure: by the Funk–Hecke formula the eigenfunctions
 * are the spherical harmonics, and every harmonic of degree k has the eigenvalue
 *
 * <pre>  μ_k = Γ(p/2)/(√π Γ((p−1)/2)) ∫_0^π κ(cos θ) P_k(cos θ) sin^{p−2} θ dθ</pre>
 *
 * with multiplicity N(p, k) = (2k + p − 2)/(k + p − 2) · C(k + p − 2, k), P_k the Gegenbauer
 * polynomial normalised to P_k(1) = 1. These are the limits of the eigenvalues of K/n for n uniform
 * points, the ground truth of the decay-rate and smoothness estimators. The integral is taken in θ
 * (where the arc-cosine kernels are smooth up to both ends) by Gauss–Legendre quadrature, and the
 * stated precision is measured: the same coefficients with twice the nodes.
 */
public final class SphereMercer {

    private SphereMercer() {
    }

    /**
     * The spectrum by degree.
     *
     * @param ambient        p, the sphere S^{p−1} lives in R^p
     * @param mu             μ_k for k = 0 … K
     * @param multiplicity   N(p, k), the number of degree-k harmonics
     * @param nodes          quadrature nodes used
     * @param precision      max_k |μ_k − μ_k(2·nodes)|, the measured quadrature error (absolute)
     */
    public record Spectrum(int ambient, double[] mu, double[] multiplicity, int nodes, double precision) {

        /** The largest {@code count} eigenvalues, each μ_k repeated N(p, k) times, in decreasing order (zeros dropped). */
        public double[] eigenvalues(int count) {
            double[] out = new double[count];
            Integer[] order = new Integer[mu.length];
            for (int k = 0; k < order.length; k++) {
                order[k] = k;
            }
            Arrays.sort(order, (a, b) -> Double.compare(mu[b], mu[a]));
            int i = 0;
            for (int k : order) {
                if (!(mu[k] > precision)) {
                    break; // zero (to the stated precision) or negative rounding: no eigenvalue
                }
                for (long m = 0; m < multiplicity[k] && i < count; m++) {
                    out[i++] = mu[k];
                }
                if (i == count) {
                    return out;
                }
            }
            throw new IllegalArgumentException("degrees 0.." + (mu.length - 1) + " hold only " + i + " nonzero eigenvalues; "
                    + count + " asked: compute more degrees");
        }

        /** Σ_k N(p, k) μ_k, which equals κ(1) (the trace) when enough degrees are kept. */
        public double trace() {
            double t = 0;
            for (int k = 0; k < mu.length; k++) {
                t += multiplicity[k] * mu[k];
            }
            return t;
        }
    }

    /** N(p, k): the dimension of the degree-k spherical harmonics on S^{p−1}. */
    public static double multiplicity(int p, int k) {
        if (k == 0) {
            return 1;
        }
        if (p == 2) {
            return 2;
        }
        // (2k + p − 2)/(k + p − 2) · C(k + p − 2, k), through log-gamma (exact to rounding for these sizes)
        double logBinom = Gamma.logGamma(k + p - 1.0) - Gamma.logGamma(k + 1.0) - Gamma.logGamma(p - 1.0);
        return Math.rint((2.0 * k + p - 2) / (k + p - 2) * Math.exp(logBinom));
    }

    /** P_0 … P_K at t, normalised to P_k(1) = 1 (Chebyshev for p = 2, Legendre for p = 3). */
    static double[] gegenbauer(int p, int maxDegree, double t) {
        double[] v = new double[maxDegree + 1];
        v[0] = 1;
        if (maxDegree >= 1) {
            v[1] = t;
        }
        for (int k = 1; k < maxDegree; k++) {
            v[k + 1] = ((2.0 * k + p - 2) * t * v[k] - k * v[k - 1]) / (k + p - 2);
        }
        return v;
    }

    /**
     * The Mercer eigenvalues of κ on S^{p−1} for degrees 0 … {@code maxDegree}.
     *
     * @param p         ambient dimension (≥ 2)
     * @param maxDegree the largest degree K
     * @param kappa     κ at an array of t = cos θ values (batched: a kernel evaluates many points at once)
     * @param nodes     Gauss–Legendre nodes in θ (at least 2K + 64 recommended); the precision is measured with twice as many
     */
    public static Spectrum compute(int p, int maxDegree, Function<double[], double[]> kappa, int nodes) {
        if (p < 2 || maxDegree < 0 || nodes < 2) {
            throw new IllegalArgumentException("need p ≥ 2, a degree ≥ 0 and at least 2 nodes");
        }
        double[] coarse = coefficients(p, maxDegree, kappa, nodes);
        double[] fine = coefficients(p, maxDegree, kappa, 2 * nodes);
        double err = 0;
        for (int k = 0; k <= maxDegree; k++) {
            err = Math.max(err, Math.abs(fine[k] - coarse[k]));
        }
        double[] mult = new double[maxDegree + 1];
        for (int k = 0; k <= maxDegree; k++) {
            mult[k] = multiplicity(p, k);
        }
        return new Spectrum(p, fine, mult, 2 * nodes, err);
    }

    /**
     * Gauss–Legendre nodes and weights on [a, b]: the roots of P_n by Newton's method from the
     * asymptotic guesses cos(π(i − ¼)/(n + ½)), O(n²) in all (commons-math3's rule factory is O(n³)
     * and takes tens of seconds at the node counts needed here).
     */
    static double[][] gaussLegendre(int n, double a, double b) {
        double[] x = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < (n + 1) / 2; i++) {
            double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int it = 0; it < 100; it++) {
                double p0 = 1;
                double p1 = z;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                double pn = n == 1 ? z : p1;
                double pnm1 = n == 1 ? 1 : p0;
                dp = n * (z * pn - pnm1) / (z * z - 1);
                double dz = pn / dp;
                z -= dz;
                if (Math.abs(dz) < 1e-16) {
                    break;
                }
            }
            double half = (b - a) / 2;
            double weight = 2 / ((1 - z * z) * dp * dp) * half;
            x[i] = (a + b) / 2 - half * z;
            x[n - 1 - i] = (a + b) / 2 + half * z;
            w[i] = weight;
            w[n - 1 - i] = weight;
        }
        return new double[][] {x, w};
    }

    private static double[] coefficients(int p, int maxDegree, Function<double[], double[]> kappa, int nodes) {
        double[][] rule = gaussLegendre(nodes, 0, Math.PI);
        int m = nodes;
        double[] t = new double[m];
        for (int j = 0; j < m; j++) {
            t[j] = Math.cos(rule[0][j]);
        }
        double[] k = kappa.apply(t);
        if (k.length != m) {
            throw new IllegalArgumentException("κ returned " + k.length + " values for " + m + " points");
        }
        // Γ(p/2)/(√π Γ((p−1)/2)) = |S^{p−2}| / |S^{p−1}|
        double c = Math.exp(Gamma.logGamma(p / 2.0) - Gamma.logGamma((p - 1) / 2.0)) / Math.sqrt(Math.PI);
        double[] mu = new double[maxDegree + 1];
        for (int j = 0; j < m; j++) {
            double theta = rule[0][j];
            double w = rule[1][j] * k[j] * Math.pow(Math.sin(theta), p - 2);
            double[] pk = gegenbauer(p, maxDegree, t[j]);
            for (int d = 0; d <= maxDegree; d++) {
                mu[d] += w * pk[d];
            }
        }
        for (int d = 0; d <= maxDegree; d++) {
            mu[d] *= c;
        }
        return mu;
    }

    /**
     * The exact (population, n = ∞) tail-sum profile of a Gaussian-process sample f ~ GP(0, κ_prior) on the eigenbasis
     * of a second dot-product kernel on the same sphere: both kernels share the spherical harmonics, so f's coefficient
     * on a degree-k harmonic has variance μ_k(prior), and E T(i) = Σ_{j ≥ i} μ_{k(j)}(prior) with j ordered by the
     * basis kernel's eigenvalue. This is what {@link Smoothness#profile} estimates from n points (u_jᵀf)² ≈ n c_j²),
     * up to the factor n, which no exponent sees. The tail beyond the degrees kept is not truncated: it is
     * κ_prior(1) − Σ_{k ≤ K} N(p, k) μ_k(prior), the prior's trace minus what the kept degrees hold.
     *
     * @param basis      the spectrum whose eigenvalues order the index (the NTK's)
     * @param prior      the GP's spectrum on the same sphere and degrees (the NNGP's)
     * @param priorTrace κ_prior(1), the prior's variance at a point
     * @param count      indices 1 … count of the profile
     * @throws IllegalArgumentException when the spheres or degrees differ, or the kept degrees hold fewer than
     *                                  {@code count} nonzero basis eigenvalues
     */
    public static Smoothness.Profile gaussianProcessProfile(Spectrum basis, Spectrum prior, double priorTrace, int count) {
        if (basis.ambient() != prior.ambient() || basis.mu().length != prior.mu().length) {
            throw new IllegalArgumentException("the two spectra must be on the same sphere with the same degrees");
        }
        if (!(priorTrace > 0) || !Double.isFinite(priorTrace) || count < 1) {
            throw new IllegalArgumentException("need a positive finite prior trace and count ≥ 1");
        }
        double[] mu = basis.mu();
        Integer[] order = new Integer[mu.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(mu[b], mu[a]));
        double[] lambda = new double[count];
        double[] variance = new double[count];
        // zero to rounding (κ's quadrature noise is absolute, about u·κ(1)) or to the measured precision: no eigenvalue
        double zero = Math.max(basis.precision(), 1e-14 * mu[order[0]]);
        int i = 0;
        for (int k : order) {
            if (i == count || !(mu[k] > zero)) {
                break;
            }
            for (long m = 0; m < basis.multiplicity()[k] && i < count; m++) {
                lambda[i] = mu[k];
                variance[i++] = prior.mu()[k];
            }
        }
        if (i < count) {
            throw new IllegalArgumentException("degrees 0.." + (mu.length - 1) + " hold only " + i + " nonzero eigenvalues; "
                    + count + " asked: compute more degrees");
        }
        // T(count + 1): every harmonic past the first count indices, i.e. the trace less the first count variances
        double held = 0;
        for (int j = 0; j < count; j++) {
            held += variance[j];
        }
        double[] tail = new double[count];
        double acc = priorTrace - held;
        if (!(acc >= -1e-12 * priorTrace)) {
            throw new IllegalArgumentException("the first " + count + " variances exceed the prior's trace: the spectra are not "
                    + "those of this prior");
        }
        acc = Math.max(acc, 0);
        for (int j = count - 1; j >= 0; j--) {
            acc += variance[j];
            tail[j] = acc;
        }
        return new Smoothness.Profile(lambda, tail);
    }

    /**
     * The Mercer eigenvalues of a kernel's NTK ({@code ntk}) or NNGP on S^{p−1}: κ(t) is the kernel between e₁ and
     * (t, √(1−t²), 0, …) — for a kernel that depends on x, x' only through ⟨x, x'⟩ on the sphere (every preset here,
     * with or without a first-layer bias, since the norms are fixed).
     */
    public static Spectrum ofKernel(org.ntklab.kernel.AnalyticKernel kernel, boolean ntk, int p, int maxDegree, int nodes) {
        Function<double[], double[]> kappa = t -> {
            double[] pts = new double[t.length * p];
            for (int j = 0; j < t.length; j++) {
                pts[j] = t[j];                                                   // column 0 (column-major)
                pts[j + t.length] = Math.sqrt(Math.max(0, (1 - t[j]) * (1 + t[j])));   // column 1
            }
            double[] e1 = new double[p];
            e1[0] = 1;
            org.ntklab.linalg.Matrix x = new org.ntklab.linalg.Matrix(t.length, p, pts);
            org.ntklab.linalg.Matrix ref = new org.ntklab.linalg.Matrix(1, p, e1);
            org.ntklab.linalg.Matrix k = ntk ? kernel.ntk(x, ref) : kernel.nngp(x, ref);
            double[] out = new double[t.length];
            for (int j = 0; j < t.length; j++) {
                out[j] = k.get(j, 0);
            }
            return out;
        };
        return compute(p, maxDegree, kappa, nodes);
    }
}
