package org.ntklab.eigen;

/**
 * What a {@link Lanczos} run found: the wanted Ritz pairs, best first.
 *
 * @param values     Ritz values (largest first for LARGEST, smallest first for SMALLEST)
 * @param residuals  residual norms ‖Ax − θx‖ of the unit Ritz vectors, from the recurrence
 * @param vectors    the unit Ritz vectors
 * @param matvecs    operator applications
 * @param restarts   thick restarts
 * @param converged  whether every wanted pair met the tolerance
 * @param stopReason "converged", "invariant subspace", "monitor", "budget" or "time"
 * @param normEstimate the largest |Ritz value| plus coupling seen: an estimate of ‖A‖
 * @param seconds    wall time
 */
public record LanczosResult(double[] values, double[] residuals, double[][] vectors, int matvecs, int restarts,
                            boolean converged, String stopReason, double normEstimate, double seconds) {
}
