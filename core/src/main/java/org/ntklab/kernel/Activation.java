package org.ntklab.kernel;

import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.special.Erf;

/**
 * A pointwise nonlinearity φ with its derivative. Piecewise-linear activations (ReLU, leaky ReLU,
 * |x|: the "ABReLU" family φ(x) = a·x for x &lt; 0, b·x for x &gt; 0), erf and the identity have
 * closed-form Gaussian expectations; the others (sigmoid, tanh, GELU, softplus, sin) are integrated
 * by Gauss–Hermite quadrature.
 */
public final class Activation {

    /** The kinds of activation the project knows. */
    public enum Family {
        /** φ(x) = a·x (x &lt; 0), b·x (x ≥ 0): relu, leaky-relu, abs. */
        PIECEWISE_LINEAR,
        /** The error function. */
        ERF,
        /** φ(x) = x. */
        IDENTITY,
        /** 1 / (1 + e^(−x)). */
        SIGMOID,
        /** Hyperbolic tangent. */
        TANH,
        /** x·Φ(x), Φ the standard normal CDF (exact form, not the tanh approximation). */
        GELU,
        /** log(1 + e^x). */
        SOFTPLUS,
        /** sin x. */
        SIN
    }

    /** Names accepted by {@link #parse}. */
    public static final List<String> NAMES = List.of("relu", "leaky-relu[:slope]", "abs", "erf", "identity",
            "sigmoid", "tanh", "gelu", "softplus", "sin");

    private static final double SQRT_2PI_INV = 1 / Math.sqrt(2 * Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private final String name;
    private final Family family;
    private final double negativeSlope;
    private final double positiveSlope;

    private Activation(String name, Family family, double negativeSlope, double positiveSlope) {
        this.name = name;
        this.family = family;
        this.negativeSlope = negativeSlope;
        this.positiveSlope = positiveSlope;
    }

    /** ReLU: max(0, x). */
    public static Activation relu() {
        return new Activation("relu", Family.PIECEWISE_LINEAR, 0, 1);
    }

    /** Leaky ReLU with the given negative slope. */
    public static Activation leakyRelu(double slope) {
        if (!Double.isFinite(slope)) {
            throw new IllegalArgumentException("leaky-relu slope must be finite, got " + slope);
        }
        return new Activation("leaky-relu:" + slope, Family.PIECEWISE_LINEAR, slope, 1);
    }

    /** The activation of the given family (for families without parameters). */
    public static Activation of(Family family) {
        return switch (family) {
            case PIECEWISE_LINEAR -> relu();
            default -> new Activation(family.name().toLowerCase(Locale.ROOT), family, 0, 0);
        };
    }

    /**
     * Parses a name: {@code relu}, {@code leaky-relu} (slope 0.01) or {@code leaky-relu:0.2},
     * {@code abs}, {@code erf}, {@code identity} (or {@code linear}), {@code sigmoid}, {@code tanh},
     * {@code gelu}, {@code softplus}, {@code sin}.
     */
    public static Activation parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("leaky-relu")) {
            String rest = s.substring("leaky-relu".length());
            if (rest.isEmpty()) {
                return leakyRelu(0.01);
            }
            if (rest.startsWith(":")) {
                try {
                    return leakyRelu(Double.parseDouble(rest.substring(1)));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad leaky-relu slope in '" + text + "'");
                }
            }
        }
        return switch (s) {
            case "relu" -> relu();
            case "abs" -> new Activation("abs", Family.PIECEWISE_LINEAR, -1, 1);
            case "erf" -> of(Family.ERF);
            case "identity", "linear" -> of(Family.IDENTITY);
            case "sigmoid" -> of(Family.SIGMOID);
            case "tanh" -> of(Family.TANH);
            case "gelu" -> of(Family.GELU);
            case "softplus" -> of(Family.SOFTPLUS);
            case "sin" -> of(Family.SIN);
            default -> throw new IllegalArgumentException("unknown activation '" + text + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /** The canonical name ({@code parse(name())} gives an equal activation). */
    public String name() {
        return name;
    }

    /** The family. */
    public Family family() {
        return family;
    }

    /** For the piecewise-linear family: the slope for x &lt; 0. */
    public double negativeSlope() {
        return negativeSlope;
    }

    /** For the piecewise-linear family: the slope for x &gt; 0. */
    public double positiveSlope() {
        return positiveSlope;
    }

    /** True when the Gaussian expectations have a closed form (no quadrature). */
    public boolean hasClosedForm() {
        return family == Family.PIECEWISE_LINEAR || family == Family.ERF || family == Family.IDENTITY;
    }

    /** φ(x). */
    public double value(double x) {
        return switch (family) {
            case PIECEWISE_LINEAR -> x < 0 ? negativeSlope * x : positiveSlope * x;
            case ERF -> Erf.erf(x);
            case IDENTITY -> x;
            case SIGMOID -> sigmoid(x);
            case TANH -> Math.tanh(x);
            case GELU -> x * normalCdf(x);
            case SOFTPLUS -> x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
            case SIN -> Math.sin(x);
        };
    }

    /** φ'(x); at the kink of a piecewise-linear activation (x = 0) the negative slope, as a mask x &gt; 0 gives. */
    public double derivative(double x) {
        return switch (family) {
            // φ'(0) is a measure-zero choice; x > 0 ⇒ b matches the finite networks' masks
            case PIECEWISE_LINEAR -> x > 0 ? positiveSlope : negativeSlope;
            case ERF -> TWO_OVER_SQRT_PI * Math.exp(-x * x);
            case IDENTITY -> 1;
            case SIGMOID -> {
                double s = sigmoid(x);
                yield s * (1 - s);
            }
            case TANH -> {
                double t = Math.tanh(x);
                yield 1 - t * t;
            }
            case GELU -> normalCdf(x) + x * SQRT_2PI_INV * Math.exp(-0.5 * x * x);
            case SOFTPLUS -> sigmoid(x);
            case SIN -> Math.cos(x);
        };
    }

    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    private static double normalCdf(double x) {
        return 0.5 * Erf.erfc(-x / Math.sqrt(2));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation a && a.family == family && a.negativeSlope == negativeSlope
                && a.positiveSlope == positiveSlope;
    }

    @Override
    public int hashCode() {
        return family.hashCode() * 31 + Double.hashCode(negativeSlope) * 7 + Double.hashCode(positiveSlope);
    }

    @Override
    public String toString() {
        return name;
    }
}
