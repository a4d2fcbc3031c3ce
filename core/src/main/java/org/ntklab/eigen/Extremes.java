package org.ntklab.eigen;

import org.ntklab.linalg.MemoryCheck;
import org.ntklab.linalg.SymmetricOperator;

/** One Lanczos run for an extreme eigenvalue of an operator, with the residual recomputed explicitly. */
final class Extremes {

    private Extremes() {
    }

    /** The default basis: 64 vectors, fewer if they would take more than a quarter of the free heap. */
    static int defaultBasis(int n) {
        long perVector = 8L * n;
        long affordable = Math.max(4, MemoryCheck.available() / 4 / Math.max(1, perVector));
        return (int) Math.min(64, affordable);
    }

    static EigenEstimate run(SymmetricOperator op, Lanczos.Which which, EigenOptions o, String method) {
        int n = op.size();
        int basis = Math.min(Math.max(3, o.basisOr(defaultBasis(n))), Math.max(2, n));
        Lanczos.Config c = new Lanczos.Config(which, 1, Math.max(2, basis), o.tol(), o.maxMatvecs(), o.maxSeconds(),
                o.seed(), null);
        LanczosResult r = Lanczos.run(op, c);
        double[] x = r.vectors()[0];
        double theta = r.values()[0];
        double[] ax = new double[n];
        op.apply(x, ax);
        for (int i = 0; i < n; i++) {
            ax[i] -= theta * x[i];
        }
        return new EigenEstimate(theta, VectorOps.norm(ax), x, r.matvecs() + 1, r.restarts(), 0, Double.NaN, r.converged(),
                method, r.seconds());
    }
}
