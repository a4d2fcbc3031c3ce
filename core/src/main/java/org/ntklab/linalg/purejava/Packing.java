package org.ntklab.linalg.purejava;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;

/**
 * Copies a block of a strided matrix view into the micro-panel layout the {@link MicroKernel}
 * streams through. Because the view has an arbitrary stride along each dimension, the same code
 * packs A or Aᵀ, B or Bᵀ: transposition is just a swap of strides.
 */
final class Packing {

    private static final int L = MicroKernel.L;

    private Packing() {
    }

    /**
     * Packs the {@code np}×{@code kc} block of the view whose element (p, l) is
     * {@code x[off + p * ps + l * ks]} into panels of {@code w} rows: element (q·w + r, l) goes to
     * {@code dst[dOff + q·w·kc + l·w + r]}. The last panel is padded with zeros so the kernel
     * can always run full width (the padded rows or columns are never written back).
     */
    static void pack(double[] x, int off, int ps, int ks, int np, int kc, int w, double[] dst, int dOff) {
        for (int p0 = 0; p0 < np; p0 += w, dOff += w * kc) {
            int rows = Math.min(w, np - p0);
            int base = off + p0 * ps;
            if (ps == 1 && rows == w && w % L == 0) {
                packContiguous(x, base, ks, kc, w, dst, dOff);
            } else {
                packStrided(x, base, ps, ks, rows, kc, w, dst, dOff);
            }
        }
    }

    /** The panel's w values for each l are adjacent in x: copy them a vector at a time. */
    private static void packContiguous(double[] x, int base, int ks, int kc, int w, double[] dst, int d) {
        for (int l = 0; l < kc; l++, base += ks, d += w) {
            for (int r = 0; r < w; r += L) {
                DoubleVector.fromArray(MicroKernel.S, x, base + r).intoArray(dst, d + r);
            }
        }
    }

    /**
     * General case (transposed operand or a partial panel). The loop runs along l inside each row
     * so that a transposed operand, whose l stride is 1, is read sequentially.
     */
    private static void packStrided(double[] x, int base, int ps, int ks, int rows, int kc, int w,
                                    double[] dst, int d) {
        for (int r = 0; r < rows; r++) {
            int src = base + r * ps;
            int to = d + r;
            for (int l = 0; l < kc; l++, src += ks, to += w) {
                dst[to] = x[src];
            }
        }
        if (rows < w) {
            for (int l = 0; l < kc; l++) {
                Arrays.fill(dst, d + l * w + rows, d + (l + 1) * w, 0.0);
            }
        }
    }
}
