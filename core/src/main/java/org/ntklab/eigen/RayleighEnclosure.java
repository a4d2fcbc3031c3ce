package org.ntklab.eigen;

import org.ntklab.runtime.ThreadBudget;

/**
 * A rigorous enclosure of the Rayleigh quotient xᵀKx / xᵀx of a floating-point vector, computed
 * with the compensated dot product Dot2 of Ogita, Rump and Oishi ("Accurate sum and dot product",
 * SIAM J. Sci. Comput. 26 (2005) 1955–1988, Algorithm 5.3 and Proposition 5.5: |Dot2(a, b) − aᵀb| ≤
 * u|aᵀb| + γ_n²|a|ᵀ|b|). The result is as accurate as if computed in twice the working precision,
 * so the upper bound it gives for λ_min is within a few ulps of the exact quotient — a plain
 * floating-point quotient could be off by n·u·‖K‖, which for an N = 8192 NTK is already 1e-8
 * relative to its λ_min.
 */
final class RayleighEnclosure {

    private RayleighEnclosure() {
    }

    /** An interval [low, high] that contains xᵀKx / xᵀx. */
    record Interval(double low, double high) {
    }

    /** The enclosure for the checked matrix {@code k} and a nonzero vector x. */
    static Interval of(SymmetricInput k, double[] x) {
        return of(k, x, product(k, x));
    }

    /** {@link #of(SymmetricInput, double[])} with y = {@link #product}(k, x) already computed. */
    static Interval of(SymmetricInput k, double[] x, double[] y) {
        int n = k.size();
        double num = dot2(n, x, 0, y);
        double den = dot2(n, x, 0, x);
        double absXY = 0;
        for (int i = 0; i < n; i++) {
            absXY += Math.abs(x[i] * y[i]);
        }
        double u = Rounding.U;
        double g2 = Rounding.gamma(n) * Rounding.gamma(n);
        absXY = absXY / (1 - Rounding.gamma(2L * n + 1));
        double norm2 = den * (1 + 4 * u);
        // |y_i − (Kx)_i| ≤ (u|y_i| + γ_n²(|K||x|)_i)/(1 − u), and Σ|x_i|(|K||x|)_i ≤ ‖K‖₁‖x‖²
        double errY = (u * absXY + g2 * k.normBound() * norm2) / (1 - u);
        double errNum = 2 * u * Math.abs(num) + 2 * g2 * absXY + errY;
        double errDen = (2 * u + 2 * g2) * den;
        errNum = Math.nextUp(errNum * (1 + 8 * u));
        errDen = Math.nextUp(errDen * (1 + 8 * u));
        double hiNum = num + errNum;
        double loNum = num - errNum;
        double denLo = den - errDen;
        double denHi = den + errDen;
        if (!(denLo > 0)) {
            throw new IllegalArgumentException("the Rayleigh quotient needs a nonzero vector");
        }
        double high = hiNum >= 0 ? hiNum / denLo : hiNum / denHi;
        double low = loNum >= 0 ? loNum / denHi : loNum / denLo;
        // the four roundings above (two sums, one division) each move by at most half an ulp
        return new Interval(Math.nextDown(Math.nextDown(low)), Math.nextUp(Math.nextUp(high)));
    }

    /**
     * A rigorous upper bound of ‖Kx − τx‖ / ‖x‖ for any τ (the residual of the Rayleigh quotient is
     * the smallest over τ, so this bounds it too). Kx is the Dot2 product y, off by at most
     * (u|y_i| + γ_n²(|K||x|)_i)/(1 − u) per entry; y − τx is formed with one fused rounding per entry.
     */
    static double relativeResidualBound(SymmetricInput k, double[] x, double tau) {
        return relativeResidualBound(k, x, product(k, x), tau);
    }

    /** {@link #relativeResidualBound(SymmetricInput, double[], double)} with y = {@link #product}(k, x). */
    static double relativeResidualBound(SymmetricInput k, double[] x, double[] y, double tau) {
        int n = k.size();
        double sd = 0;
        double sy = 0;
        double sx = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.fma(-tau, x[i], y[i]);
            sd += d * d;
            sy += y[i] * y[i];
            sx += x[i] * x[i];
        }
        double u = Rounding.U;
        double g = 1 / (1 - Rounding.gamma(n + 2L));
        double normD = Math.sqrt(sd * g) * (1 + 2 * u);
        double normY = Math.sqrt(sy * g) * (1 + 2 * u);
        double normX = Math.sqrt(sx * g) * (1 + 2 * u);
        double g2 = Rounding.gamma(n) * Rounding.gamma(n);
        // ‖|K||x|‖₂ ≤ ‖K‖₁‖x‖₂ for symmetric K (‖|K|‖₂ ≤ max column sum of |K|)
        double errY = (u * normY + g2 * k.normBound() * normX) / (1 - u);
        double normXLow = Math.sqrt(sx * (1 - Rounding.gamma(n + 2L))) * (1 - 2 * u);
        if (!(normXLow > 0)) {
            throw new IllegalArgumentException("the residual needs a nonzero vector");
        }
        double bound = (normD / (1 - u) + errY) / normXLow * (1 + 8 * u);
        return Math.nextUp(Math.nextUp(bound));
    }

    /** y = Kx, each entry by Dot2: the product both bounds are computed from. */
    static double[] product(SymmetricInput k, double[] x) {
        int n = k.size();
        double[] a = k.matrix().data();
        double[] y = new double[n];
        // four rows at a time: four independent Dot2 chains, each exactly Algorithm 5.3
        ThreadBudget.parallelFor(0, n, 64, (i0, i1) -> {
            int i = i0;
            for (; i + 4 <= i1; i += 4) {
                dot2x4(n, a, i * n, x, y, i);
            }
            for (; i < i1; i++) {
                y[i] = dot2(n, a, i * n, x);
            }
        });
        return y;
    }

    /** Dot2 of a[ao, ao+n) and x. */
    static double dot2(int n, double[] a, int ao, double[] x) {
        double p = 0;
        double s = 0;
        for (int j = 0; j < n; j++) {
            double h = a[ao + j] * x[j];
            double r = Math.fma(a[ao + j], x[j], -h);
            double q = p + h;
            double z = q - p;
            double e = (p - (q - z)) + (h - z);
            p = q;
            s += e + r;
        }
        return p + s;
    }

    /** y[i..i+3] = Dot2 of the four columns at ao, ao+n, ao+2n, ao+3n with x. */
    private static void dot2x4(int n, double[] a, int ao, double[] x, double[] y, int i) {
        double p0 = 0, p1 = 0, p2 = 0, p3 = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int o1 = ao + n;
        int o2 = ao + 2 * n;
        int o3 = ao + 3 * n;
        for (int j = 0; j < n; j++) {
            double xj = x[j];
            double h0 = a[ao + j] * xj;
            double r0 = Math.fma(a[ao + j], xj, -h0);
            double q0 = p0 + h0;
            double z0 = q0 - p0;
            s0 += ((p0 - (q0 - z0)) + (h0 - z0)) + r0;
            p0 = q0;
            double h1 = a[o1 + j] * xj;
            double r1 = Math.fma(a[o1 + j], xj, -h1);
            double q1 = p1 + h1;
            double z1 = q1 - p1;
            s1 += ((p1 - (q1 - z1)) + (h1 - z1)) + r1;
            p1 = q1;
            double h2 = a[o2 + j] * xj;
            double r2 = Math.fma(a[o2 + j], xj, -h2);
            double q2 = p2 + h2;
            double z2 = q2 - p2;
            s2 += ((p2 - (q2 - z2)) + (h2 - z2)) + r2;
            p2 = q2;
            double h3 = a[o3 + j] * xj;
            double r3 = Math.fma(a[o3 + j], xj, -h3);
            double q3 = p3 + h3;
            double z3 = q3 - p3;
            s3 += ((p3 - (q3 - z3)) + (h3 - z3)) + r3;
            p3 = q3;
        }
        y[i] = p0 + s0;
        y[i + 1] = p1 + s1;
        y[i + 2] = p2 + s2;
        y[i + 3] = p3 + s3;
    }
}
