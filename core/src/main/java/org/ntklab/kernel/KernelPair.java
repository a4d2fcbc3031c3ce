package org.ntklab.kernel;

import org.ntklab.linalg.Matrix;

/**
 * The NNGP kernel Σ and the NTK Θ of the same inputs, computed in one pass.
 *
 * @param nngp Σ^{L+1}
 * @param ntk  Θ^{L+1} (the partial NTK when only some layers are trainable)
 */
public record KernelPair(Matrix nngp, Matrix ntk) {
}
