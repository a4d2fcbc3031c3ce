package org.ntklab.eigen;

import org.ntklab.linalg.SymmetricOperator;

/**
 * λ_min of a dense symmetric matrix by shift-invert Lanczos on (K − σI)⁻¹ with σ below λ_min (so
 * that Cholesky applies and the wanted eigenvalue 1/(λ_min − σ) is the largest of the inverse),
 * refining σ as the estimate improves, and optionally certifying a bracket.
 *
 * <p><b>Shifts.</b> The first shift is the Gershgorin lower bound when it is positive, else 0 (a
 * Gram matrix is PSD); when Cholesky breaks down, the breakdown direction z has Rayleigh quotient
 * ρ ≥ λ_min and the next shift goes below min(σ, ρ) by a growing step. Lanczos converges at a rate
 * set by (λ₂ − λ₁)/(λ₁ − σ): NTK Grams have a clustered bottom, so once the Ritz value has settled
 * (relative residual ≤ 10⁻²) while the gap to the second Ritz value is small (&lt; 5%), the shift
 * moves to θ − max(2h, (θ₂ − θ)/2), h the residual interval of θ (θ ≥ λ_min always, and the
 * interval [θ − h, θ + h] holds some eigenvalue). A new factorisation costs about
 * as much as n/3 solves, so at most {@link EigenOptions#maxFactorisations()} are made. A failed
 * refinement (θ was not λ_min's estimate) falls back halfway, then to the last good shift.
 *
 * <p><b>Certificate.</b> With the converged θ and interval h, K − sI is factorised at s = θ − δ,
 * δ = max(4h, 2√n·u·‖K‖₁, 10⁻³·width goal·|θ|), above the realistic backward error of Cholesky
 * (δ grows 16-fold after a breakdown). Its success proves λ_min ≥ s − m (m from
 * {@link CholeskyCertificate}); the same factor, a shift just below λ_min, then polishes the Ritz
 * vector in a few solves, and the Rayleigh-quotient enclosure of that vector gives the upper end.
 * Phase factorisations also give (coarser) certified lower bounds, so a bracket exists even when
 * the budget runs out.
 */
final class ShiftInvert {

    private static final int MAX_INITIAL_ATTEMPTS = 12;
    private static final double SETTLED = 1e-2;
    private static final double SLOW_GAP = 0.05;

    private final SymmetricInput k;
    private final EigenOptions o;
    private final ShiftedCholesky chol;
    private final DenseOperator dense;
    private final long t0 = System.nanoTime();
    private final int n;
    private final double u = Rounding.U;

    private int factorisations;
    private int solves;
    private int restarts;
    private double certifiedLow = Double.NEGATIVE_INFINITY;
    private double certifiedShift = Double.NaN;
    private double certifiedMargin = Double.NaN;
    private double[] x;
    private double theta = Double.NaN;
    private double theta2 = Double.NaN;
    private double halfWidth = Double.POSITIVE_INFINITY;
    private boolean converged;
    private boolean refineAsked;

    ShiftInvert(SymmetricInput k, EigenOptions o) {
        this.k = k;
        this.o = o;
        this.n = k.size();
        this.chol = new ShiftedCholesky(k);
        this.dense = new DenseOperator(k);
    }

    /** The λ_min estimate. */
    EigenEstimate estimate() {
        solve(false);
        double[] r = residual(x, theta);
        return new EigenEstimate(theta, r[0], x, solves, restarts, factorisations, chol.shift(), converged,
                "shift-invert Lanczos (Cholesky)", seconds());
    }

    /** The certified bracket. */
    CertifiedBracket certify() {
        solve(true);
        double delta = Math.max(Math.max(4 * halfWidth, 2 * Math.sqrt(n) * u * k.normBound()),
                1e-3 * o.targetWidth() * Math.abs(theta));
        if (!Double.isFinite(delta)) {
            delta = Math.max(Math.abs(theta - chol.shift()) / 2, 2 * Math.sqrt(n) * u * k.normBound());
        }
        double bestLow = certifiedLow;
        double shift = certifiedShift;
        double margin = certifiedMargin;
        for (int attempt = 0; attempt < 3; attempt++) {
            double s = theta - delta;
            if (s <= certifiedShift) {
                break;
            }
            factorisations++;
            if (chol.factor(s)) {
                double m = CholeskyCertificate.margin(chol, true);
                double low = Math.nextDown(s - m);
                if (low > bestLow) {
                    bestLow = low;
                    shift = s;
                    margin = m;
                }
                polish();
                break;
            }
            delta *= 16;
        }
        RayleighEnclosure.Interval q = RayleighEnclosure.of(k, x);
        double value = 0.5 * (q.low() + q.high());
        double[] r = residual(x, value);
        return new CertifiedBracket(bestLow, q.high(), value, r[0], shift, margin, solves, factorisations, converged, x,
                seconds(), CertifiedBracket.Proof.CHOLESKY);
    }

    private void solve(boolean certify) {
        double[] start = initialShift();
        x = start;
        boolean refine = true;
        int reserve = certify ? 1 : 0;
        while (true) {
            double sigma = chol.shift();
            LanczosResult res = phase(refine && factorisations + reserve < o.maxFactorisations());
            x = res.vectors()[0];
            restarts += res.restarts();
            if (converged || !refineAsked) {
                return; // converged, or a budget ran out
            }
            double target = theta - Math.max(2 * halfWidth, 0.5 * (theta2 - theta));
            if (!(target > sigma) || !Double.isFinite(target)) {
                refine = false;
                continue;
            }
            if (!refactor(target, sigma)) {
                refine = false;
            }
        }
    }

    /** Tries the new shift, then halfway, then the old one (which worked before and is deterministic). */
    private boolean refactor(double target, double sigma) {
        double[] tries = {target, 0.5 * (target + sigma)};
        for (double s : tries) {
            if (factorisations >= o.maxFactorisations() - 1) {
                break;
            }
            factorisations++;
            if (factorAt(s)) {
                recordCertificate();
                return true;
            }
            double[] z = chol.failureDirection();
            double rq = rayleigh(z);
            if (rq < theta) {
                x = z; // lower energy than the Ritz vector: a better start
            }
        }
        factorisations++;
        if (!chol.factor(sigma)) {
            throw new IllegalStateException("Cholesky at the shift " + sigma + " failed on a repeat");
        }
        return false;
    }

    private double[] initialShift() {
        double sigma = k.gershgorinLow() > 0 ? k.gershgorinLow() : 0.0;
        double upper = Double.POSITIVE_INFINITY;
        double[] start = null;
        for (int attempt = 0; attempt < MAX_INITIAL_ATTEMPTS; attempt++) {
            factorisations++;
            if (factorAt(sigma)) {
                recordCertificate();
                return start;
            }
            double[] z = chol.failureDirection();
            double rq = rayleigh(z);
            if (rq < upper) {
                upper = rq;
                start = z;
            }
            double step = Math.max(Math.max(Math.abs(rq), Math.abs(sigma)), 0x1p-40 * k.normBound()) * Math.pow(4, attempt);
            double next = Math.min(sigma, rq) - step;
            sigma = Math.max(next, k.gershgorinLow() - 0x1p-40 * k.normBound());
        }
        throw new IllegalStateException("no shift below λ_min found in " + MAX_INITIAL_ATTEMPTS + " Cholesky attempts");
    }

    /** Factorises K − sI. */
    private boolean factorAt(double s) {
        return chol.factor(s);
    }

    private void recordCertificate() {
        double low = Math.nextDown(chol.shift() - CholeskyCertificate.margin(chol, false));
        if (low > certifiedLow) {
            certifiedLow = low;
            certifiedShift = chol.shift();
            certifiedMargin = chol.shift() - low;
        }
    }

    /** One Lanczos run on the current inverse; sets θ, θ₂, h and the flags. */
    private LanczosResult phase(boolean allowRefine) {
        double sigma = chol.shift();
        SymmetricOperator inv = chol.inverse();
        int wanted = n >= 3 ? 2 : 1;
        int basis = Math.min(n, Math.max(wanted + 2, o.basisOr(24)));
        if (basis <= wanted) {
            basis = wanted + 1;
        }
        int budget = Math.max(1, o.maxMatvecs() - solves);
        double secondsLeft = o.maxSeconds() - seconds();
        Lanczos.Config c = new Lanczos.Config(Lanczos.Which.LARGEST, wanted, Math.max(basis, wanted + 1), 1e-15, budget,
                secondsLeft > 0 ? secondsLeft : 1e-9, o.seed(), x);
        refineAsked = false;
        converged = false;
        double floor = 4 * u * k.normBound();
        LanczosResult res = Lanczos.run(inv, c, p -> {
            update(p.values(), p.residuals(), sigma);
            if (halfWidth <= Math.max(o.tol() * Math.abs(theta), floor)) {
                converged = true;
                return true;
            }
            if (allowRefine && p.residuals()[0] <= SETTLED * p.values()[0] && p.values().length > 1
                    && (p.values()[0] - p.values()[1]) < SLOW_GAP * p.values()[0]
                    && refinementPaysOff(p)) {
                refineAsked = true;
                return true;
            }
            return false;
        });
        solves += res.matvecs();
        if (!refineAsked) {
            update(res.values(), res.residuals(), sigma);
            converged = res.converged() || halfWidth <= Math.max(o.tol() * Math.abs(theta), floor);
        }
        return res;
    }

    /**
     * Whether a new factorisation is cheaper than carrying on: Lanczos needs about
     * ln(h / target) / (2√γ) more steps at a gap ratio γ = (μ₁ − μ₂)/μ₂, against one factorisation
     * plus the ~10 steps a close shift needs. The factorisation's cost in solves comes from a model
     * ({@link #factorisationInSolves}), not from timing it: a timed decision made the path, and so
     * the last bits of the result, depend on machine load (seen when sweep tasks ran side by side).
     */
    private boolean refinementPaysOff(Lanczos.Progress p) {
        double mu1 = p.values()[0];
        double mu2 = p.values()[1];
        double gamma = mu2 > 0 ? (mu1 - mu2) / mu2 : 1;
        double target = Math.max(o.tol() * Math.abs(theta), 4 * u * k.normBound());
        double remaining = Math.log(Math.max(halfWidth / target, 1)) / (2 * Math.sqrt(Math.max(gamma, 1e-12)));
        return remaining > factorisationInSolves(n) + 10;
    }

    /**
     * One Cholesky factorisation in units of one solve (dpotrs, one right-hand side): n³/3 flops at
     * BLAS-3 speed against 2n² memory-bound flops. Measured single-threaded on the 2-core AVX-512
     * development machine: 6, 30, 59, 33 at n = 200, 1000, 2000, 4000 with OpenBLAS and 12 to 20
     * with the pure-Java backend; more threads speed up the factorisation more than the solves.
     * Hence n/40, kept between 4 and 40: only the speed depends on it, never the certificate.
     */
    static double factorisationInSolves(int n) {
        return Math.min(40, Math.max(4, n / 40.0));
    }

    private void update(double[] mu, double[] rho, double sigma) {
        double mu1 = mu[0];
        theta = sigma + 1 / mu1;
        theta2 = mu.length > 1 && mu[1] > 0 ? sigma + 1 / mu[1] : Double.POSITIVE_INFINITY;
        // some eigenvalue of the inverse lies in [μ − ρ, μ + ρ]: in λ, θ is at most ρ/(μ(μ − ρ)) off
        halfWidth = rho[0] < mu1 ? rho[0] / (mu1 * (mu1 - rho[0])) : Double.POSITIVE_INFINITY;
    }

    /** A few solves with the certifying factor (a shift just below λ_min): inverse iteration in effect. */
    private void polish() {
        double sigma = chol.shift();
        Lanczos.Config c = new Lanczos.Config(Lanczos.Which.LARGEST, 1, Math.min(n, 8) < 2 ? 2 : Math.min(n, 8), 1e-15,
                Math.min(20, Math.max(1, o.maxMatvecs() - solves + 5)), Double.POSITIVE_INFINITY, o.seed(), x);
        if (n < 2) {
            return;
        }
        double floor = 4 * u * k.normBound();
        LanczosResult res = Lanczos.run(chol.inverse(), c, p -> {
            double h = p.residuals()[0] < p.values()[0]
                    ? p.residuals()[0] / (p.values()[0] * (p.values()[0] - p.residuals()[0])) : Double.POSITIVE_INFINITY;
            return h <= Math.max(1e-3 * o.tol() * Math.abs(sigma + 1 / p.values()[0]), floor);
        });
        solves += res.matvecs();
        double[] candidate = res.vectors()[0];
        if (rayleigh(candidate) <= rayleigh(x)) {
            x = candidate;
            theta = sigma + 1 / res.values()[0];
        }
    }

    private double rayleigh(double[] z) {
        double[] kz = new double[n];
        dense.apply(z, kz);
        return VectorOps.dot(z, kz) / VectorOps.dot(z, z);
    }

    /** {‖Kx − θx‖} for the unit vector x. */
    private double[] residual(double[] v, double value) {
        double[] kv = new double[n];
        dense.apply(v, kv);
        for (int i = 0; i < n; i++) {
            kv[i] -= value * v[i];
        }
        return new double[] {VectorOps.norm(kv)};
    }

    private double seconds() {
        return (System.nanoTime() - t0) / 1e9;
    }
}
