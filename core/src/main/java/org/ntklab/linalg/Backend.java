package org.ntklab.linalg;

/**
 * A BLAS and a LAPACK that belong together, with a description of them.
 *
 * @param blas   level 1–3 operations
 * @param lapack factorisations and eigen-solvers
 * @param info   what they are, for the record
 */
public record Backend(Blas blas, Lapack lapack, BackendInfo info) {
}
