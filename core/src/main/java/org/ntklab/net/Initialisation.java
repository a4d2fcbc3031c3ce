package org.ntklab.net;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a network's parameters are drawn.
 *
 * @param scheme    standard (one network) or mirrored (two identical copies, output (f₁ − f₂)/√2)
 * @param weightStd per-layer override of the weights' initial std (index l−1 for layer l; NaN keeps
 *                  the default: 1 in the NTK parameterisation, σ_w/√m_{l−1} in the standard one), or null
 */
public record Initialisation(Scheme scheme, double[] weightStd) {

    /** The schemes. */
    public enum Scheme {
        /** i.i.d. Gaussian parameters: at width → ∞ the output is a Gaussian process f^GP ~ GP(0, Σ). */
        STANDARD,
        /** f(x) = (f(x; θ₁) − f(x; θ₂))/√2 with θ₁(0) = θ₂(0): output identically 0 at initialisation. */
        MIRRORED;

        /** Parses "standard" or "mirrored". */
        public static Scheme parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("init must be standard or mirrored, got '" + s + "'");
            }
        }
    }

    /** Validates the overrides. */
    public Initialisation {
        if (weightStd != null) {
            for (double v : weightStd) {
                if (!Double.isNaN(v) && (!Double.isFinite(v) || v < 0)) {
                    throw new IllegalArgumentException("initial weight std must be finite and ≥ 0, got " + v);
                }
            }
            weightStd = weightStd.clone();
        }
    }

    /** Standard Gaussian initialisation without overrides. */
    public static Initialisation standard() {
        return new Initialisation(Scheme.STANDARD, null);
    }

    /** Mirrored initialisation without overrides. */
    public static Initialisation mirrored() {
        return new Initialisation(Scheme.MIRRORED, null);
    }

    /** The override for layer l, or NaN. */
    double weightStd(int l) {
        return weightStd == null || l - 1 >= weightStd.length ? Double.NaN : weightStd[l - 1];
    }

    @Override
    public String toString() {
        return scheme.name().toLowerCase(Locale.ROOT) + (weightStd == null ? "" : " weightStd=" + Arrays.toString(weightStd));
    }
}
