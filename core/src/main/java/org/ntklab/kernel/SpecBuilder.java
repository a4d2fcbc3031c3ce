package org.ntklab.kernel;

import java.util.Arrays;

/**
 * A preset plus the user's overrides, turned into an {@link ArchitectureSpec} once the input
 * dimension is known (often only after reading the data). Overrides apply after the preset, in a
 * fixed order: depth and widths, activation, weight variances, biases, parameterisation, trainable.
 */
public final class SpecBuilder {

    private Preset preset = Preset.CUSTOM;
    private Integer depth;
    private int[] widths;
    private Activation activation;
    private double[] weightVar;
    private BiasPlacement biasPlacement;
    private Double biasVar;
    private double[] biasVars;
    private Parameterisation parameterisation;
    private int[] trainable;

    /** A builder with the {@code custom} preset and no overrides. */
    public SpecBuilder() {
    }

    /** Starts from {@code preset}. */
    public SpecBuilder preset(Preset p) {
        preset = p;
        return this;
    }

    /** Number of hidden layers. */
    public SpecBuilder depth(int l) {
        depth = l;
        return this;
    }

    /** Hidden widths m_1 … m_L (also sets the depth when none was given). */
    public SpecBuilder widths(int... w) {
        widths = w.clone();
        return this;
    }

    /** Replaces the preset's activation. */
    public SpecBuilder activation(Activation a) {
        activation = a;
        return this;
    }

    /** σ_w²: one value for every layer, or one per layer 1 … L+1. */
    public SpecBuilder weightVar(double... v) {
        weightVar = v.clone();
        return this;
    }

    /** Which layers have a bias. */
    public SpecBuilder bias(BiasPlacement placement) {
        biasPlacement = placement;
        return this;
    }

    /** σ_b² of the layers that have a bias. */
    public SpecBuilder biasVar(double v) {
        biasVar = v;
        return this;
    }

    /**
     * σ_b,l² layer by layer, l = 1 … L+1, 0 for a layer without a bias: any bias layout, stated in
     * full (it replaces the preset's and excludes {@link #bias} and {@link #biasVar(double)}).
     */
    public SpecBuilder biasVars(double... perLayer) {
        biasVars = perLayer.clone();
        return this;
    }

    /** NTK or standard parameterisation. */
    public SpecBuilder parameterisation(Parameterisation p) {
        parameterisation = p;
        return this;
    }

    /** The trained layers, numbered 1 … L+1. */
    public SpecBuilder trainable(int... layers) {
        trainable = layers.clone();
        return this;
    }

    /** The spec for inputs of dimension {@code d}. */
    public ArchitectureSpec build(int d) {
        int l = depth != null ? depth : widths != null ? widths.length : preset.defaultDepth();
        if (widths != null && widths.length != l) {
            throw new IllegalArgumentException("widths list has " + widths.length + " entries but depth is " + l
                    + " (one width per hidden layer)");
        }
        ArchitectureSpec s = preset.spec(d, l, widths);
        if (activation != null) {
            s = s.withActivation(activation);
        }
        double[] w = s.weightVar().clone();
        double[] b = s.biasVar().clone();
        if (weightVar != null) {
            if (weightVar.length == 1) {
                Arrays.fill(w, weightVar[0]);
            } else if (weightVar.length == l + 1) {
                w = weightVar.clone();
            } else {
                throw new IllegalArgumentException("weight variance needs 1 or " + (l + 1) + " values (layers 1.."
                        + (l + 1) + "), got " + weightVar.length);
            }
        }
        if (biasVars != null) {
            if (biasPlacement != null || biasVar != null) {
                throw new IllegalArgumentException("per-layer bias variances replace the bias placement and variance: give one or the other");
            }
            if (biasVars.length != l + 1) {
                throw new IllegalArgumentException("per-layer bias variances need " + (l + 1) + " values (layers 1.." + (l + 1) + ", 0 for "
                        + "no bias), got " + biasVars.length);
            }
            for (double v : biasVars) {
                if (!Double.isFinite(v) || v < 0) {
                    throw new IllegalArgumentException("bias variance must be finite and ≥ 0, got " + v);
                }
            }
            b = biasVars.clone();
        } else if (biasPlacement != null || biasVar != null) {
            if (biasVar != null && (!Double.isFinite(biasVar) || biasVar < 0)) {
                throw new IllegalArgumentException("bias variance must be finite and ≥ 0, got " + biasVar);
            }
            BiasPlacement place = biasPlacement != null ? biasPlacement : currentPlacement(b);
            if (biasVar != null && biasVar > 0 && place == BiasPlacement.NONE) {
                // once, a bias variance on a bias-free preset silently gave every layer a bias (issue 22)
                throw new IllegalArgumentException("a bias variance of " + biasVar + " was given, but no layer has a bias ("
                        + (biasPlacement != null ? "bias none" : "preset " + preset.id() + " has none") + "): say which layers have one "
                        + "(bias first or all)");
            }
            double v = biasVar != null ? biasVar : firstNonZero(b, 1.0);
            Arrays.fill(b, 0);
            if (place == BiasPlacement.FIRST) {
                b[0] = v;
            } else if (place == BiasPlacement.ALL) {
                Arrays.fill(b, v);
            }
        }
        s = new ArchitectureSpec(s.preset(), d, l, s.widths(), s.activation(), w, b, s.parameterisation(), s.trainable(),
                s.signOutputWeights());
        if (parameterisation != null) {
            s = s.withParameterisation(parameterisation);
        }
        if (trainable != null) {
            s = s.withTrainable(trainable);
        }
        return s;
    }

    private static BiasPlacement currentPlacement(double[] b) {
        boolean first = b[0] > 0;
        boolean rest = false;
        for (int i = 1; i < b.length; i++) {
            rest |= b[i] > 0;
        }
        return rest ? BiasPlacement.ALL : first ? BiasPlacement.FIRST : BiasPlacement.NONE;
    }

    private static double firstNonZero(double[] b, double fallback) {
        for (double v : b) {
            if (v > 0) {
                return v;
            }
        }
        return fallback;
    }
}
