package org.ntklab.kernel;

import java.util.Arrays;
import java.util.Locale;

/**
 * The papers' conventions, each a named preset: never mixed silently. {@code depth} always counts
 * hidden layers; the papers' own "depth" maps to it as stated on each constant.
 */
public enum Preset {

    /**
     * Arora et al. 2019 ("On exact computation…", seed 003): ReLU, g^h = √(2/m_h) relu(f^h), first
     * layer f¹ = W¹x without 1/√d, no bias, all layers trained. So σ_w,1² = d and σ_w,l² = 2 after;
     * for unit-norm inputs Θ(x, x) = L + 1. Their L (hidden layers, output h = L+1) is our depth.
     * Default depth 1 (the two-layer NTK of seed 003).
     */
    ARORA("arora", 1),

    /**
     * Jacot et al. 2018: ReLU without the √2 (σ_w² = 1), 1/√n_l scaling, bias β = 0.1 on every layer
     * (σ_b² = 0.01), all layers trained; Σ¹ = xᵀx'/n_0 + β². Their depth L counts layers including
     * the output, so their L = 4 is our depth 3 (the default).
     */
    JACOT("jacot", 3),

    /**
     * Du et al. 2019: two layers, f = (1/√m) Σ_r a_r relu(w_rᵀx) with a_r ∈ {±1} fixed and only W
     * trained, w_r ~ N(0, I) (σ_w,1² = d, σ_w,2² = 1), no bias. H^∞ = xᵀx'(π − arccos xᵀx')/(2π)
     * for unit-norm inputs. Always depth 1.
     */
    DU("du", 1),

    /**
     * Chen, Li &amp; Lin 2024 (seeds 000/001): ReLU with the He factor √2, bias in the first layer only,
     * standard Gaussian parameters, NTK parameterisation. The seed writes the scale as √(2/m_l); we
     * normalise by fan-in so that the limit exists: h¹ = √(2/d)(W¹x + b¹) (σ_w,1² = 2, σ_b,1² = 2/d),
     * h^{l+1} = √(2/m_l) W^{l+1} relu(h^l) for the later layers and the output (σ_w² = 2). Their L
     * (hidden layers α^(1…L)) is our depth; default 2.
     */
    CHEN_LI_LIN("chen-li-lin", 2),

    /**
     * Bombari, Amani &amp; Mondelli 2022 (seed 002) as in their code: standard parameterisation,
     * Kaiming-normal weights (std 1/√fan_in, so σ_w² = 1) except the output layer (std 1, so
     * σ_w,L+1² = m_L), no bias, sigmoid, hidden widths d by default, and the partial NTK of the
     * second-to-last weight layer (layer L; the "middle layer" J₂ of their three-layer net). Their L
     * counts weight layers, so their three-layer network is our depth 2 (the default).
     */
    BOMBARI("bombari", 2),

    /** No paper: ReLU, σ_w² = 2 (He), no bias, NTK parameterisation, all layers trained; default depth 2. */
    CUSTOM("custom", 2);

    private final String id;
    private final int defaultDepth;

    Preset(String id, int defaultDepth) {
        this.id = id;
        this.defaultDepth = defaultDepth;
    }

    /** The preset's name on the command line and in specs. */
    public String id() {
        return id;
    }

    /** The depth (hidden layers) used when none is given. */
    public int defaultDepth() {
        return defaultDepth;
    }

    /** The preset with the given name. */
    public static Preset parse(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT);
        for (Preset p : values()) {
            if (p.id.equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "' (known: "
                + String.join(", ", Arrays.stream(values()).map(Preset::id).toList()) + ")");
    }

    /** Default hidden widths for finite networks, or {@code null} when the preset has none. */
    int[] defaultWidths(int d, int depth) {
        if (this == BOMBARI) {
            int[] w = new int[depth];
            Arrays.fill(w, d);
            return w;
        }
        return null;
    }

    /**
     * The spec of this preset for inputs of dimension d with the given depth and widths (widths may
     * be {@code null} for analytic kernels, except where the preset needs them).
     */
    public ArchitectureSpec spec(int d, int depth, int[] widths) {
        if (d < 1) {
            throw new IllegalArgumentException("input dimension must be ≥ 1, got " + d);
        }
        if (depth < 0) {
            throw new IllegalArgumentException("depth (number of hidden layers) must be ≥ 0, got " + depth);
        }
        int layers = depth + 1;
        double[] w = new double[layers];
        double[] b = new double[layers];
        boolean[] trainable = new boolean[layers];
        Arrays.fill(trainable, true);
        Activation act = Activation.relu();
        Parameterisation param = Parameterisation.NTK;
        boolean signs = false;
        int[] wid = widths != null ? widths : defaultWidths(d, depth);
        switch (this) {
            case ARORA -> {
                Arrays.fill(w, 2.0);
                w[0] = d;
            }
            case JACOT -> {
                Arrays.fill(w, 1.0);
                Arrays.fill(b, 0.01);
            }
            case DU -> {
                if (depth != 1) {
                    throw new IllegalArgumentException("the du preset is a two-layer network: depth must be 1, got " + depth);
                }
                w[0] = d;
                w[1] = 1.0;
                Arrays.fill(trainable, false);
                trainable[0] = true;
                signs = true;
            }
            case CHEN_LI_LIN -> {
                Arrays.fill(w, 2.0);
                b[0] = 2.0 / d;
            }
            case BOMBARI -> {
                if (depth < 1) {
                    throw new IllegalArgumentException("the bombari preset needs at least one hidden layer");
                }
                Arrays.fill(w, 1.0);
                act = Activation.of(Activation.Family.SIGMOID);
                param = Parameterisation.STANDARD;
                if (wid == null) {
                    throw new IllegalArgumentException("the bombari preset needs widths");
                }
                w[layers - 1] = wid[depth - 1];
                Arrays.fill(trainable, false);
                trainable[depth - 1] = true;
            }
            case CUSTOM -> Arrays.fill(w, 2.0);
            default -> throw new IllegalStateException();
        }
        return new ArchitectureSpec(id, d, depth, wid, act, w, b, param, trainable, signs);
    }
}
