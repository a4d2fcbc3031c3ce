package org.ntklab.net;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Random streams derived from (seed, layer, kind, row), never from scheduling: a parameter's
 * value depends only on the seed and its position, so networks are identical whatever the thread
 * count or the order in which rows are drawn. Each (seed, layer, kind, row) key is mixed by
 * SplitMix64's finaliser into the 128-bit state of its own xoroshiro128++ generator
 * (commons-rng).
 */
public final class ParameterStreams {

    /** What a stream draws. */
    public enum Kind {
        /** Weight matrix entries. */
        WEIGHT,
        /** Bias entries. */
        BIAS,
        /** Random signs (the du preset's output weights). */
        SIGN,
        /** Anything else a caller needs (data, labels, noise), keyed by its own layer/row numbers. */
        OTHER
    }

    private final long seed;

    /** Streams of the given master seed. */
    public ParameterStreams(long seed) {
        this.seed = seed;
    }

    /** The master seed. */
    public long seed() {
        return seed;
    }

    /** The generator of one row of one kind of parameter of one layer. */
    public UniformRandomProvider stream(int layer, Kind kind, long row) {
        long a = mix(seed ^ mix(0x9E3779B97F4A7C15L * (layer + 1) + kind.ordinal()));
        long b = mix(a + mix(row + 0x632BE59BD9B4E019L));
        return RandomSource.XO_RO_SHI_RO_128_PP.create(new long[] {a, b == 0 ? 1 : b});
    }

    /** Fills {@code out[off … off+len)} with N(0, std²) draws of the given row stream. */
    public void gaussian(int layer, Kind kind, long row, double std, double[] out, int off, int len) {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(stream(layer, kind, row));
        for (int k = 0; k < len; k++) {
            out[off + k] = std * g.sample();
        }
    }

    /** SplitMix64's output function: a bijective avalanche mix of 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
