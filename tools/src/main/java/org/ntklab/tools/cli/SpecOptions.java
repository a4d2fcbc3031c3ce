package org.ntklab.tools.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ntklab.kernel.Activation;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.BiasPlacement;
import org.ntklab.kernel.Parameterisation;
import org.ntklab.kernel.Preset;
import org.ntklab.kernel.Quadrature;
import org.ntklab.kernel.SpecBuilder;
import picocli.CommandLine.Option;

/** The architecture flags shared by every command that builds a network or kernel from a spec. */
public final class SpecOptions {

    @Option(names = "--preset", paramLabel = "P", defaultValue = "custom",
            description = "Paper convention: arora, jacot, du, chen-li-lin, bombari or custom (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--depth", paramLabel = "L", description = "Number of hidden layers (default: the preset's; "
            + "jacot's L = 4 is depth 3, bombari's three-layer net is depth 2).")
    Integer depth;

    @Option(names = "--widths", split = ",", paramLabel = "M1,M2,...",
            description = "Hidden widths, one per hidden layer: as many as the depth (they never change it; give --depth for another).")
    int[] widths;

    @Option(names = "--activation", paramLabel = "A",
            description = "relu, leaky-relu[:slope], abs, erf, identity, sigmoid, tanh, gelu, softplus, sin (default: the preset's).")
    String activation;

    @Option(names = "--weight-var", split = ",", paramLabel = "V", description = "σ_w²: one value for all layers or one per layer 1..L+1.")
    double[] weightVar;

    @Option(names = "--bias", paramLabel = "none|first|all", description = "Which layers have a bias (default: the preset's).")
    String bias;

    @Option(names = "--bias-var", split = ",", paramLabel = "V",
            description = "σ_b² of the layers with a bias; or one value per layer 1..L+1, 0 for none (any layout, without --bias).")
    double[] biasVar;

    @Option(names = "--param", paramLabel = "ntk|standard", description = "Parameterisation (default: the preset's).")
    String param;

    @Option(names = "--trainable", split = ",", paramLabel = "L1,L2,...",
            description = "Trained layers, numbered 1..L+1 (default: the preset's; all for most presets).")
    int[] trainable;

    @Option(names = "--quadrature", paramLabel = "series|gh2d:N", defaultValue = "series",
            description = "Integration for activations without a closed form: the Hermite series (default) or the 2-D Gauss–Hermite rule with N points per axis.")
    String quadrature;

    /** The spec for inputs of dimension d. */
    public ArchitectureSpec spec(int d) {
        Preset p = Preset.parse(preset);
        SpecBuilder b = new SpecBuilder().preset(p);
        if (widths != null && depth == null && widths.length != p.defaultDepth()) {
            // widths alone once set the depth: a typo in the list silently changed the architecture (issue 22)
            throw new IllegalArgumentException("--widths lists " + widths.length + " hidden layer" + (widths.length == 1 ? "" : "s")
                    + " but the depth is " + p.defaultDepth() + " (preset " + p.id() + "'s); add --depth " + widths.length
                    + " to change the depth");
        }
        if (depth != null) {
            b.depth(depth);
        }
        if (widths != null) {
            b.widths(widths);
        }
        if (activation != null) {
            b.activation(Activation.parse(activation));
        }
        if (weightVar != null) {
            b.weightVar(weightVar);
        }
        if (bias != null) {
            b.bias(parse(BiasPlacement.class, bias, "--bias"));
        }
        if (biasVar != null && biasVar.length == 1) {
            b.biasVar(biasVar[0]);
        } else if (biasVar != null) {
            if (bias != null) {
                throw new IllegalArgumentException("--bias-var with one value per layer states every layer's bias: drop --bias " + bias);
            }
            b.biasVars(biasVar);
        }
        if (param != null) {
            b.parameterisation(parse(Parameterisation.class, param, "--param"));
        }
        if (trainable != null) {
            b.trainable(trainable);
        }
        return b.build(d);
    }

    /** The quadrature named by {@code --quadrature}. */
    public Quadrature quadrature() {
        String q = quadrature.trim().toLowerCase(Locale.ROOT);
        if (q.equals("series")) {
            return Quadrature.defaults();
        }
        if (q.startsWith("gh2d:")) {
            try {
                return Quadrature.gaussHermite2d(Integer.parseInt(q.substring(5)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--quadrature gh2d:N needs a number of points, got '" + quadrature + "'");
            }
        }
        throw new IllegalArgumentException("--quadrature must be series or gh2d:N, got '" + quadrature + "'");
    }

    /** The flags as given, for the run's metadata. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("preset", preset);
        m.put("depth", depth);
        m.put("widths", widths == null ? null : toList(widths));
        m.put("activation", activation);
        m.put("weight_var", weightVar == null ? null : java.util.Arrays.stream(weightVar).boxed().toList());
        m.put("bias", bias);
        m.put("bias_var", biasVar == null ? null : biasVar.length == 1 ? (Object) biasVar[0] : java.util.Arrays.stream(biasVar).boxed().toList());
        m.put("param", param);
        m.put("trainable", trainable == null ? null : toList(trainable));
        m.put("quadrature", quadrature);
        m.values().removeIf(java.util.Objects::isNull);
        return m;
    }

    private static List<Integer> toList(int[] a) {
        List<Integer> l = new ArrayList<>();
        for (int v : a) {
            l.add(v);
        }
        return l;
    }

    static <E extends Enum<E>> E parse(Class<E> type, String value, String flag) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value.trim())) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase(Locale.ROOT));
        }
        throw new IllegalArgumentException(flag + " must be one of " + String.join(", ", names) + ", got '" + value + "'");
    }
}
