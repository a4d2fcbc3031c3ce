package org.ntklab.linalg;

/**
 * Fills an m×n matrix (column-major) tile by tile in parallel under the thread budget. A
 * symmetric matrix (m = n) visits only the tiles of its lower triangle and writes each also
 * transposed, so the result is exactly symmetric without a separate pass over memory.
 */
public final class TiledGram {

    /** Tile edge: 192 rows = 8 panels of the pure-Java GEMM's 24-row micro-kernel; a tile is 288 KiB. */
    public static final int TILE = 192;

    /** Computes one tile of each output. */
    @FunctionalInterface
    public interface TileFunction {
        /**
         * Writes entries (i0 … i0+h−1) × (j0 … j0+w−1) of output k into {@code tiles[k]},
         * column-major with leading dimension h; {@code scratch} holds tile-sized work arrays. Runs
         * inside a pool task: any BLAS it calls runs single-threaded.
         */
        void compute(int i0, int j0, int h, int w, double[][] tiles, double[][] scratch);
    }

    private TiledGram() {
    }

    /**
     * Fills the m×n column-major {@code outs} together, tile by tile (an output may be
     * {@code null}: its tiles are computed, as the function may need them, but not stored), giving
     * the tile function {@code scratchCount} work arrays.
     */
    public static void fill(int m, int n, boolean symmetric, int scratchCount, TileFunction f, double[]... outs) {
        if (symmetric && m != n) {
            throw new IllegalArgumentException("a symmetric matrix must be square, got " + m + "×" + n);
        }
        int mb = (m + TILE - 1) / TILE;
        int nb = (n + TILE - 1) / TILE;
        long count = symmetric ? (long) nb * (nb + 1) / 2 : (long) mb * nb;
        int[] tileRow = new int[(int) count];
        int[] tileCol = new int[(int) count];
        int t = 0;
        for (int bj = 0; bj < nb; bj++) {
            for (int bi = symmetric ? bj : 0; bi < mb; bi++) {
                tileRow[t] = bi;
                tileCol[t++] = bj;
            }
        }
        ThreadBudget.parallelFor(0, (int) count, 1, (t0, t1) -> {
            double[][] tiles = new double[outs.length][TILE * TILE];
            double[][] scratch = new double[scratchCount][TILE * TILE];
            for (int k = t0; k < t1; k++) {
                int i0 = tileRow[k] * TILE;
                int j0 = tileCol[k] * TILE;
                int h = Math.min(TILE, m - i0);
                int w = Math.min(TILE, n - j0);
                f.compute(i0, j0, h, w, tiles, scratch);
                boolean diagonal = symmetric && i0 == j0;
                for (int o = 0; o < outs.length; o++) {
                    if (diagonal) {
                        mirror(tiles[o], h);
                    }
                    store(tiles[o], outs[o], i0, j0, h, w, m, symmetric && !diagonal);
                }
            }
        });
    }

    /** Copies the strict lower triangle of a square h×h tile onto its upper triangle. */
    static void mirror(double[] a, int h) {
        for (int col = 0; col < h; col++) {
            for (int r = col + 1; r < h; r++) {
                a[col + r * h] = a[r + col * h];
            }
        }
    }

    /** Writes an h×w tile at (i0, j0) of an m-row matrix, and its transpose at (j0, i0) if asked. */
    static void store(double[] tile, double[] out, int i0, int j0, int h, int w, int m, boolean transposed) {
        if (out == null) {
            return;
        }
        for (int col = 0; col < w; col++) {
            System.arraycopy(tile, col * h, out, i0 + (j0 + col) * m, h);
        }
        if (transposed) {
            // 8×8 blocks: every cache line read from the tile and written to the output is used whole
            for (int rb = 0; rb < h; rb += 8) {
                int re = Math.min(h, rb + 8);
                for (int cb = 0; cb < w; cb += 8) {
                    int ce = Math.min(w, cb + 8);
                    for (int r = rb; r < re; r++) {
                        int base = j0 + (i0 + r) * m;
                        for (int col = cb; col < ce; col++) {
                            out[base + col] = tile[r + col * h];
                        }
                    }
                }
            }
        }
    }
}
