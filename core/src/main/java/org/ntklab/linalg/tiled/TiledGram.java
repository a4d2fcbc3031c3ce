package org.ntklab.linalg.tiled;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.ntklab.runtime.ThreadBudget;

/**
 * Fills an m×n matrix (column-major) tile by tile in parallel under the thread budget. A
 * symmetric matrix (m = n) visits only the tiles of its lower triangle and writes each also
 * transposed, so the result is exactly symmetric without a separate pass over memory.
 */
public final class TiledGram {

    /** Tile edge: 192 rows = 8 panels of the pure-Java GEMM's 24-row micro-kernel; a tile is 288 KiB. */
    public static final int TILE = 192;

    /** Tiles per super-block edge: 8 × 192 = 1536 doubles = 3 pages of 4 KiB per row. */
    static final int GROUP = 8;

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
        TileStore[] stores = new TileStore[outs.length];
        for (int o = 0; o < outs.length; o++) {
            stores[o] = outs[o] == null ? null : TileStore.columnMajor(outs[o], m);
        }
        fill(m, n, symmetric, scratchCount, f, done -> { }, stores);
    }

    /** The number of tiles {@link #fill} computes for an m×n matrix. */
    public static long tileCount(int m, int n, boolean symmetric) {
        long mb = (m + TILE - 1) / TILE;
        long nb = (n + TILE - 1) / TILE;
        return symmetric ? nb * (nb + 1) / 2 : mb * nb;
    }

    /**
     * Fills the m×n matrices behind {@code stores} (a {@code null} store discards its output),
     * telling {@code tilesDone} the running count of finished tiles (from any worker thread).
     */
    public static void fill(int m, int n, boolean symmetric, int scratchCount, TileFunction f, LongConsumer tilesDone,
                            TileStore... stores) {
        if (symmetric && m != n) {
            throw new IllegalArgumentException("a symmetric matrix must be square, got " + m + "×" + n);
        }
        int mb = (m + TILE - 1) / TILE;
        int nb = (n + TILE - 1) / TILE;
        int count = Math.toIntExact(tileCount(m, n, symmetric));
        int[] tileRow = new int[count];
        int[] tileCol = new int[count];
        // Tiles in super-blocks of GROUP × GROUP: a symmetric tile also writes its transpose, far
        // away in memory, so in plain column order every page of a matrix larger than RAM (a mapped
        // file) would be written back and read in again several times; within a super-block both
        // the tiles and their transposes stay in a region a few tens of MB wide. The order does not
        // change any entry (tiles are independent).
        int t = 0;
        for (int gj = 0; gj < nb; gj += GROUP) {
            for (int gi = symmetric ? gj : 0; gi < mb; gi += GROUP) {
                for (int bj = gj; bj < Math.min(nb, gj + GROUP); bj++) {
                    for (int bi = Math.max(gi, symmetric ? bj : 0); bi < Math.min(mb, gi + GROUP); bi++) {
                        tileRow[t] = bi;
                        tileCol[t++] = bj;
                    }
                }
            }
        }
        AtomicLong done = new AtomicLong();
        // one set of work arrays per worker, not per tile: a tile's 3 × 288 KiB of fresh arrays
        // would cost a fifth of its compute in zeroing and grow the heap by page faults
        ThreadLocal<double[][][]> work = ThreadLocal.withInitial(
                () -> new double[][][] {new double[stores.length][TILE * TILE], new double[scratchCount][TILE * TILE]});
        ThreadBudget.parallelFor(0, count, 1, (t0, t1) -> {
            double[][][] mine = work.get();
            double[][] tiles = mine[0];
            double[][] scratch = mine[1];
            for (int k = t0; k < t1; k++) {
                int i0 = tileRow[k] * TILE;
                int j0 = tileCol[k] * TILE;
                int h = Math.min(TILE, m - i0);
                int w = Math.min(TILE, n - j0);
                f.compute(i0, j0, h, w, tiles, scratch);
                boolean diagonal = symmetric && i0 == j0;
                for (int o = 0; o < stores.length; o++) {
                    if (stores[o] == null) {
                        continue;
                    }
                    if (diagonal) {
                        mirror(tiles[o], h);
                    }
                    stores[o].put(tiles[o], i0, j0, h, w, symmetric && !diagonal);
                }
            }
            tilesDone.accept(done.addAndGet(t1 - t0));
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
}
