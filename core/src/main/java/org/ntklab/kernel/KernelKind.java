package org.ntklab.kernel;

/** Which of the two infinite-width kernels of an architecture. */
public enum KernelKind {
    /** Σ, the NNGP kernel: the covariance of the network's output at initialisation. */
    NNGP,
    /** Θ, the neural tangent kernel: the limit of the gradient inner products. */
    NTK
}
