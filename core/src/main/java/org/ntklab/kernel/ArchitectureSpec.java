package org.ntklab.kernel;

import java.util.Arrays;
import java.util.Objects;

/**
 * One description of a fully-connected scalar-output network, from which both the analytic
 * (infinite-width) kernels and the finite-width networks are built, so that the width → ∞ limit
 * of a network and its analytic kernel agree by construction.
 *
 * <p>Layers are numbered 1 … L+1: L = {@link #depth()} hidden layers, then the output layer.
 * Layer l maps m_{l−1} → m_l with m_0 = d ({@link #inputDim()}) and m_{L+1} = 1:
 * <pre>
 *   h¹      = (σ_w,1/√m_0) W¹ x + σ_b,1 b¹
 *   h^{l+1} = (σ_w,l+1/√m_l) W^{l+1} φ(h^l) + σ_b,l+1 b^{l+1}
 *   f(x)    = h^{L+1}
 * </pre>
 * with i.i.d. N(0, 1) parameters (NTK parameterisation; see {@link Parameterisation} for the
 * standard one). Arrays indexed by layer have length L+1 and index l−1 for layer l.
 *
 * @param preset          the preset it came from, or {@code "custom"}
 * @param inputDim        d = m_0
 * @param depth           L, the number of hidden layers (a paper's own "depth" may count differently; see {@link Preset})
 * @param widths          m_1 … m_L for finite networks (length L), or {@code null} when only the analytic kernel is used
 * @param activation      φ
 * @param weightVar       σ_w,l² for l = 1 … L+1
 * @param biasVar         σ_b,l² for l = 1 … L+1 (0 where a layer has no bias)
 * @param parameterisation NTK or standard
 * @param trainable       which layers are trained (their weights and biases); the NTK sums only their terms
 * @param signOutputWeights finite networks only: output weights fixed to random ±1 (the {@code du} preset) rather than Gaussian
 */
public record ArchitectureSpec(String preset, int inputDim, int depth, int[] widths, Activation activation,
                               double[] weightVar, double[] biasVar, Parameterisation parameterisation,
                               boolean[] trainable, boolean signOutputWeights) {

    /** Validates everything, with messages that name the offending field. */
    public ArchitectureSpec {
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(parameterisation, "parameterisation");
        preset = preset == null ? "custom" : preset;
        if (depth < 0) {
            throw new IllegalArgumentException("depth (number of hidden layers) must be ≥ 0, got " + depth);
        }
        if (depth > 10_000) {
            throw new IllegalArgumentException("depth " + depth + " is beyond what the project supports (10000)");
        }
        if (inputDim < 1) {
            throw new IllegalArgumentException("input dimension must be ≥ 1, got " + inputDim);
        }
        if (widths != null) {
            if (widths.length != depth) {
                throw new IllegalArgumentException("widths list has " + widths.length + " entries but depth is " + depth
                        + " (one width per hidden layer)");
            }
            for (int l = 0; l < depth; l++) {
                if (widths[l] < 1) {
                    throw new IllegalArgumentException("width of hidden layer " + (l + 1) + " must be ≥ 1, got " + widths[l]);
                }
            }
            widths = widths.clone();
        }
        checkPerLayer("weight variance", weightVar, depth, true);
        checkPerLayer("bias variance", biasVar, depth, false);
        if (trainable == null || trainable.length != depth + 1) {
            throw new IllegalArgumentException("trainable must name layers among 1.." + (depth + 1));
        }
        boolean any = false;
        for (boolean t : trainable) {
            any |= t;
        }
        if (!any) {
            throw new IllegalArgumentException("at least one layer must be trainable");
        }
        if (parameterisation == Parameterisation.STANDARD && depth > 0 && widths == null) {
            throw new IllegalArgumentException("the standard parameterisation needs the widths (its kernel depends on them)");
        }
        weightVar = weightVar.clone();
        biasVar = biasVar.clone();
        trainable = trainable.clone();
    }

    private static void checkPerLayer(String what, double[] v, int depth, boolean positive) {
        if (v == null || v.length != depth + 1) {
            throw new IllegalArgumentException(what + " needs " + (depth + 1) + " values (layers 1.." + (depth + 1) + "), got "
                    + (v == null ? 0 : v.length));
        }
        for (int l = 0; l < v.length; l++) {
            if (!Double.isFinite(v[l]) || v[l] < 0 || (positive && v[l] == 0)) {
                throw new IllegalArgumentException(what + " of layer " + (l + 1) + " must be finite and "
                        + (positive ? "> 0" : "≥ 0") + ", got " + v[l]);
            }
        }
    }

    /** Number of layers with weights: L + 1. */
    public int layers() {
        return depth + 1;
    }

    /** m_l for l = 0 … L+1 (m_0 = d, m_{L+1} = 1); needs the widths for 1 ≤ l ≤ L. */
    public int width(int l) {
        if (l == 0) {
            return inputDim;
        }
        if (l == depth + 1) {
            return 1;
        }
        if (widths == null) {
            throw new IllegalStateException("this spec has no widths (analytic kernel only); give widths for a finite network");
        }
        return widths[l - 1];
    }

    /** σ_w,l² for layer l = 1 … L+1. */
    public double weightVar(int l) {
        return weightVar[l - 1];
    }

    /** σ_b,l² for layer l = 1 … L+1. */
    public double biasVar(int l) {
        return biasVar[l - 1];
    }

    /** Whether layer l = 1 … L+1 has a bias. */
    public boolean hasBias(int l) {
        return biasVar[l - 1] > 0;
    }

    /** Whether layer l = 1 … L+1 is trained. */
    public boolean isTrainable(int l) {
        return trainable[l - 1];
    }

    /**
     * The number P of trained parameters of the finite network of these widths: the weights of every
     * trained layer and the biases of those that have one.
     */
    public long trainableParameters() {
        if (widths == null) {
            throw new IllegalStateException("an infinite-width spec has no parameter count");
        }
        long p = 0;
        for (int l = 1; l <= depth + 1; l++) {
            if (isTrainable(l)) {
                p += (long) width(l) * width(l - 1) + (hasBias(l) ? width(l) : 0);
            }
        }
        return p;
    }

    /** True when every layer is trained (the full NTK). */
    public boolean allTrainable() {
        for (boolean t : trainable) {
            if (!t) {
                return false;
            }
        }
        return true;
    }

    /**
     * How much layer l's weights contribute to the NTK per unit of its NTK-parameterisation term:
     * 1 in the NTK parameterisation, m_{l−1}/σ_w,l² in the standard one; 0 when frozen.
     */
    public double weightTermFactor(int l) {
        if (!isTrainable(l)) {
            return 0;
        }
        return parameterisation == Parameterisation.NTK ? 1 : width(l - 1) / weightVar(l);
    }

    /** As {@link #weightTermFactor} for the bias of layer l: 1, or 1/σ_b,l² in the standard parameterisation. */
    public double biasTermFactor(int l) {
        if (!isTrainable(l) || !hasBias(l)) {
            return 0;
        }
        return parameterisation == Parameterisation.NTK ? 1 : 1 / biasVar(l);
    }

    /** A copy with other widths (length L). */
    public ArchitectureSpec withWidths(int... newWidths) {
        return new ArchitectureSpec(preset, inputDim, depth, newWidths, activation, weightVar, biasVar, parameterisation,
                trainable, signOutputWeights);
    }

    /** A copy with another trainable set (layers numbered 1 … L+1). */
    public ArchitectureSpec withTrainable(int... layers) {
        boolean[] t = new boolean[depth + 1];
        for (int l : layers) {
            if (l < 1 || l > depth + 1) {
                throw new IllegalArgumentException("trainable layer " + l + " is not among 1.." + (depth + 1));
            }
            t[l - 1] = true;
        }
        return new ArchitectureSpec(preset, inputDim, depth, widths, activation, weightVar, biasVar, parameterisation, t,
                signOutputWeights);
    }

    /** A copy with another activation. */
    public ArchitectureSpec withActivation(Activation a) {
        return new ArchitectureSpec(preset, inputDim, depth, widths, a, weightVar, biasVar, parameterisation, trainable,
                signOutputWeights);
    }

    /** A copy with another parameterisation. */
    public ArchitectureSpec withParameterisation(Parameterisation p) {
        return new ArchitectureSpec(preset, inputDim, depth, widths, activation, weightVar, biasVar, p, trainable,
                signOutputWeights);
    }

    /** A one-line description for logs and metadata. */
    public String describe() {
        StringBuilder t = new StringBuilder();
        for (int l = 1; l <= depth + 1; l++) {
            if (isTrainable(l)) {
                t.append(t.isEmpty() ? "" : ",").append(l);
            }
        }
        return "preset=" + preset + " d=" + inputDim + " depth=" + depth + " widths=" + (widths == null ? "-" : Arrays.toString(widths))
                + " activation=" + activation + " weightVar=" + Arrays.toString(weightVar) + " biasVar=" + Arrays.toString(biasVar)
                + " param=" + parameterisation.name().toLowerCase(java.util.Locale.ROOT) + " trainable=" + t
                + (signOutputWeights ? " outputWeights=±1" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArchitectureSpec s && s.preset.equals(preset) && s.inputDim == inputDim && s.depth == depth
                && Arrays.equals(s.widths, widths) && s.activation.equals(activation) && Arrays.equals(s.weightVar, weightVar)
                && Arrays.equals(s.biasVar, biasVar) && s.parameterisation == parameterisation
                && Arrays.equals(s.trainable, trainable) && s.signOutputWeights == signOutputWeights;
    }

    @Override
    public int hashCode() {
        return Objects.hash(preset, inputDim, depth, Arrays.hashCode(widths), activation, Arrays.hashCode(weightVar),
                Arrays.hashCode(biasVar), parameterisation, Arrays.hashCode(trainable), signOutputWeights);
    }

    @Override
    public String toString() {
        return "ArchitectureSpec[" + describe() + "]";
    }
}
