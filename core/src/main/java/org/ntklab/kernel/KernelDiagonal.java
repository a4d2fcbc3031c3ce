package org.ntklab.kernel;

/**
 * The diagonals Σ(x_i, x_i) and Θ(x_i, x_i) alone.
 *
 * @param nngp NNGP values per point
 * @param ntk  NTK values per point
 */
public record KernelDiagonal(double[] nngp, double[] ntk) {
}
