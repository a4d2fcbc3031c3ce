package org.ntklab.kernel;

/**
 * Where the scale factors σ_w/√m_in live.
 *
 * <p>{@link #NTK}: weights are N(0, 1) and the factors are part of the forward pass, so gradients
 * are taken with respect to the unit-variance weights; the NTK has a finite limit as width → ∞.
 * {@link #STANDARD}: the factors are in the weights' initial std (W ~ N(0, σ_w²/m_in)) and
 * gradients are taken with respect to those weights; each layer's NTK term is then larger by
 * m_in/σ_w² (and a bias term by 1/σ_b²), so the kernel depends on the widths.
 */
public enum Parameterisation {
    /** Unit-variance parameters, scale factors in the forward pass. */
    NTK,
    /** Scale factors in the initial variance of the parameters. */
    STANDARD
}
