package org.ntklab.eigen;

import java.util.SplittableRandom;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Lapack;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.linalg.tiled.TiledGram;
import org.ntklab.linalg.tiled.TiledSingleCholesky;
import org.ntklab.linalg.Uplo;

/**
 * A certified bracket for λ_min of a large dense symmetric matrix with a single double-precision
 * factorisation: the eigenvalue is located in single precision, and the bracket is proved by
 * Temple's inequality, whose gap is proved by a Cholesky factorisation of a deflated matrix.
 *
 * <p><b>Why.</b> The bottom of an NTK Gram on random data is a near-continuum (at N = 8192, d = 100,
 * depth 4: λ₂ − λ₁ ≈ 1.8·10⁻⁴, 30 eigenvalues within 5·10⁻³ of λ₁), so shift-invert needs a shift
 * within about the gap of λ₁ before it converges, and the classic certificate ({@link ShiftInvert})
 * needs a further factorisation just below λ₁: four factorisations in all. Single-precision
 * factorisations cost half as much, and perturb the bottom eigenvalues far less than the worst case
 * u₃₂·λ_max (measured at N = 8192: 1.3·10⁻⁷ against λ₂ − λ₁ = 1.8·10⁻⁴), so they locate λ₁ and
 * λ₂ well enough to place the one double-precision factorisation between them.
 *
 * <p><b>Locate</b> (single precision, a {@link TiledSingleCholesky} in tiles of {@value #SINGLE_TILE},
 * so that every step of its factorisation and solves has several tiles to share among the threads).
 * Block shift-invert Lanczos
 * ({@link BlockInverseLanczos}) with full reorthogonalisation, {@value #BLOCK} vectors per block (a
 * block solve costs about one memory pass of the factor, like a single solve): Rayleigh–Ritz on the
 * projected inverse gives Ritz values θ₁ ≤ θ₂ and the residual ρ of the first; the phase ends when the Kato–Temple estimate of θ₁'s
 * error, ρ²/(μ₁ − μ₂) in the inverse, is below (θ₂ − θ₁)/{@value #LOCATED}, or after its step
 * budget, when the shift moves to θ₁ − h (h the residual interval: some eigenvalue lies within h of
 * θ₁). A failed factorisation halves the step.
 *
 * <p><b>Prove the gap</b> (double precision). With the unit Ritz vector x, the shift s = θ₁ + g/4
 * (g = θ₂ − θ₁) and α = |θ₁| + g, Cholesky of A = K − sI + αxxᵀ succeeds; with the margin m of
 * {@link CholeskyCertificate} (which also covers the rounding of every entry of A) this proves
 * λ_min(K + αxxᵀ) ≥ s − m, hence λ₂(K) ≥ ρ := s − m, because a positive rank-one update moves each
 * eigenvalue up by no more than to the next one (λ₁(K + αxxᵀ) ≤ λ₂(K)).
 *
 * <p><b>Refine and bound.</b> The same factor gives (K − sI)⁻¹ by the Sherman–Morrison formula, so
 * inverse iteration from x converges to λ₁'s eigenvector in double precision (rate
 * |λ₁ − s|/|λ₂ − s| ≈ 1/3). For the final vector v, with its Rayleigh quotient enclosed in
 * [θ_lo, θ_hi] ({@link RayleighEnclosure}) and a rigorous bound ε of its relative residual,
 * Temple's inequality (Parlett, <i>The Symmetric Eigenvalue Problem</i>, §10.5; valid when
 * θ &lt; ρ ≤ λ₂) gives
 * <pre>  θ_lo − ε²/(ρ − θ_hi) ≤ λ₁ ≤ θ_hi,</pre>
 * a bracket whose width is set by the enclosure of the Rayleigh quotient, not by the Cholesky
 * margin. When any step does not go through (no native single precision, a gap too small to
 * resolve, a failed factorisation, ρ ≤ θ_hi), {@link #certify} returns null and the caller uses
 * {@link ShiftInvert}; nothing here can make a bracket wrong, only absent.
 */
final class GapCertificate {

    /** Orders below this keep the classic path: factorisations are cheap there. */
    static final int MIN_SIZE = 4096;
    /** Tile edge of the single-precision factor: at n = {@value #MIN_SIZE}, a 6×6 triangle of tiles. */
    static final int SINGLE_TILE = 4 * TiledGram.TILE;
    private static final int BLOCK = BlockInverseLanczos.BLOCK;
    /**
     * Steps at the first shift (0, far below λ₁): the residual interval h shrinks more slowly than
     * θ₁ falls, so an early θ₁ − h lands closer to λ₁. At N = 8192 (arora, depth 4): 3 steps needed
     * a third single-precision factorisation, 4, 5, 6 steps took 196, 229, 245 solves in all.
     */
    private static final int FIRST_STEPS = 4;
    private static final int PHASE_STEPS = 10;
    private static final int MAX_PHASES = 4;
    private static final double LOCATED = 32;
    /** The gap must exceed this fraction of |θ₁|: single precision resolves nothing finer reliably. */
    private static final double MIN_RELATIVE_GAP = 2e-5;
    private static final int MAX_POLISH = 60;

    private final SymmetricInput k;
    private final EigenOptions o;
    private final int n;
    private final Lapack lapack = Backends.lapack();
    private final long t0 = System.nanoTime();
    private TiledSingleCholesky single;
    private double sigma;
    private int factorisations;
    private int solves;
    private final BlockInverseLanczos lanczos;

    private GapCertificate(SymmetricInput k, EigenOptions o) {
        this.k = k;
        this.o = o;
        this.n = k.size();
        this.lanczos = new BlockInverseLanczos(n, o.seed(), (rhs, count) -> single.solve(rhs, count));
    }

    /** Whether this method is tried for {@code k}: large enough, and a native single-precision Cholesky. */
    static boolean applies(SymmetricInput k) {
        return k.size() >= MIN_SIZE && TiledSingleCholesky.available();
    }

    /** The certified bracket, or null when the gap could not be proved (then use {@link ShiftInvert}). */
    static CertifiedBracket certify(SymmetricInput k, EigenOptions o) {
        return new GapCertificate(k, o).run();
    }

    private CertifiedBracket run() {
        MemoryCheck.requireArrays(2, n, n + (n + 1) / 2 + BLOCK, "the double- and single-precision factors and the Krylov basis");
        // the double-precision factor first: a 512 MB array allocated late, when the heap must grow
        // past the garbage of the single-precision stage, cost 1.5–1.9 s instead of 0.3 s
        double[] factor = new double[n * n];
        if (!locate()) {
            return null;
        }
        solves = lanczos.solves();
        double theta1 = lanczos.theta1();
        double gap = lanczos.theta2() - theta1;
        if (!(gap > MIN_RELATIVE_GAP * Math.abs(theta1)) || !(lanczos.estimate() <= gap / LOCATED)) {
            return null;
        }
        double[] x = new double[n];
        System.arraycopy(lanczos.ritzVectors(), 0, x, 0, n);
        VectorOps.scale(1 / VectorOps.norm(x), x);
        single = null; // the double-precision factor takes its place
        return prove(factor, x, theta1, theta1 + 0.25 * gap, Math.abs(theta1) + gap);
    }

    /** Phases of single-precision block shift-invert; true when θ₁ is located within its gap. */
    private boolean locate() {
        sigma = Math.max(k.gershgorinLow(), 0.0);
        if (!factorSingle(sigma)) {
            return false;
        }
        double[] start = new double[n * BLOCK];
        SplittableRandom r = new SplittableRandom(o.seed());
        for (int i = 0; i < start.length; i++) {
            start[i] = r.nextGaussian();
        }
        BlockInverseLanczos.Located located = (t1, t2, estimate) -> estimate <= (t2 - t1) / LOCATED;
        for (int phase = 0; phase < MAX_PHASES; phase++) {
            lanczos.phase(phase == 0 ? start : lanczos.ritzVectors(), phase == 0 ? FIRST_STEPS : PHASE_STEPS, sigma, located);
            double theta1 = lanczos.theta1();
            if (located.test(theta1, lanczos.theta2(), lanczos.estimate())) {
                return true;
            }
            double next = theta1 - lanczos.halfWidth();
            if (!(next > sigma)) {
                next = 0.5 * (sigma + theta1);
            }
            double old = sigma;
            if (!factorSingle(next) && !factorSingle(0.5 * (old + next)) && !factorSingle(old)) {
                return false;
            }
        }
        return false;
    }

    /** Single-precision Cholesky of the lower triangle of K − σI. */
    private boolean factorSingle(double s) {
        double[] a = k.matrix().data();
        single = null; // the previous factor's memory is free before the next is allocated
        TiledSingleCholesky f = TiledSingleCholesky.allocate(n, SINGLE_TILE);
        ThreadBudget.parallelFor(0, n, 64, (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                int base = j * n;
                for (int i = j; i < n; i++) {
                    f.set(i, j, a[base + i]);
                }
                f.set(j, j, a[base + j] - s);
            }
        });
        factorisations++;
        sigma = s;
        single = f;
        return f.factor(done -> { });
    }

    /** The double-precision stage in the n×n array f: prove λ₂ ≥ ρ, refine x, bound λ₁ by Temple's inequality. */
    private CertifiedBracket prove(double[] f, double[] x, double theta1, double s, double alpha) {
        double[] a = k.matrix().data();
        double xInf = 0;
        double x1 = 0;
        for (double xi : x) {
            xInf = Math.max(xInf, Math.abs(xi));
            x1 += Math.abs(xi);
        }
        ThreadBudget.parallelFor(0, n, 64, (j0, j1) -> {
            for (int j = j0; j < j1; j++) {
                int base = j * n;
                double axj = alpha * x[j];
                for (int i = j; i < n; i++) {
                    f[base + i] = a[base + i] + axj * x[i];
                }
                f[base + j] = (a[base + j] - s) + axj * x[j];
            }
        });
        factorisations++;
        if (lapack.dpotrf(Uplo.LOWER, n, f, 0, n) != 0) {
            return null;
        }
        double u = Rounding.U;
        // the computed A differs from K − sI + αxxᵀ entry by entry by at most u|A_ij| for the sum,
        // 2u(1+u)|αx_i x_j| for the product and, on the diagonal, u|K_ii − s| more; row sums of these
        // bound the 2-norm: 4u(‖K‖₁ + |s| + 2α‖x‖∞‖x‖₁) covers them all with room
        double x1Up = x1 / (1 - Rounding.gamma(n));
        double inputError = Math.nextUp(4 * u * (k.normBound() + Math.abs(s) + 2 * alpha * xInf * x1Up) * (1 + 8 * u));
        // the one-pass Frobenius bound: the margin only has to be small against the gap (here about
        // 1e-7 against 1e-4), and the sharper power-iteration bound costs half a second at n = 8192
        double margin = CholeskyCertificate.margin(f, n, inputError, false);
        double rho = Math.nextDown(s - margin); // λ₂(K) ≥ λ₁(K + αxxᵀ) ≥ rho

        // (K − sI)⁻¹y = A⁻¹y + αA⁻¹x·(xᵀA⁻¹y)/(1 − α xᵀA⁻¹x)
        double[] z = x.clone();
        lapack.dpotrs(Uplo.LOWER, n, 1, f, 0, n, z, 0, n);
        solves++;
        double denominator = 1 - alpha * VectorOps.dot(x, z);
        DenseOperator dense = new DenseOperator(k);
        double[] vec = x.clone();
        double[] kv = new double[n];
        double residual = Double.POSITIVE_INFINITY;
        double stop = Math.sqrt(1e-3 * o.targetWidth() * Math.abs(theta1) * Math.max(rho - theta1, 0));
        boolean converged = false;
        for (int it = 0; it < MAX_POLISH && seconds() < o.maxSeconds(); it++) {
            double[] y = vec.clone();
            lapack.dpotrs(Uplo.LOWER, n, 1, f, 0, n, y, 0, n);
            solves++;
            double c = alpha * VectorOps.dot(x, y) / denominator;
            VectorOps.axpy(c, z, y, 0, n);
            VectorOps.scale(1 / VectorOps.norm(y), y);
            dense.apply(y, kv);
            double q = VectorOps.dot(y, kv);
            for (int i = 0; i < n; i++) {
                kv[i] -= q * y[i];
            }
            double r = VectorOps.norm(kv);
            boolean stalled = it >= 3 && r > 0.7 * residual;
            if (r < residual) {
                vec = y;
                residual = r;
            }
            if (residual <= stop) {
                converged = true;
                break;
            }
            if (stalled) {
                converged = true; // at the rounding floor of the residual
                break;
            }
        }
        double[] kvec = RayleighEnclosure.product(k, vec);
        RayleighEnclosure.Interval q = RayleighEnclosure.of(k, vec, kvec);
        double value = 0.5 * (q.low() + q.high());
        double eps = RayleighEnclosure.relativeResidualBound(k, vec, kvec, value);
        double room = Math.nextDown(rho - q.high());
        if (!(room > eps)) {
            return null;
        }
        double lower = Math.nextDown(q.low() - Math.nextUp(Math.nextUp(eps * eps) / room));
        return new CertifiedBracket(lower, q.high(), value, residual, s, margin, solves, factorisations, converged, vec,
                seconds(), CertifiedBracket.Proof.TEMPLE);
    }

    private double seconds() {
        return (System.nanoTime() - t0) / 1e9;
    }
}
