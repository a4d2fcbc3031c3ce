package org.ntklab.linalg.tiled;

import java.util.function.DoubleConsumer;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Lapack;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;
import org.ntklab.linalg.Side;
import org.ntklab.linalg.Diag;
import org.ntklab.linalg.MemoryCheck;

/**
 * A symmetric positive definite n×n matrix held in single precision as the tiles of its lower
 * triangle, factored in place by a right-looking tiled Cholesky, then used to solve blocks of
 * right-hand sides. For approximate inverses too large for one Java array: at n = 65536 the
 * triangle is 8.6 GB in {@value #TILE}² tiles, while one array holds at most 46340² entries.
 *
 * <p>Why single precision: the factor serves as a preconditioner, where half the memory and about
 * twice the speed of double precision matter more than accuracy (the refinement is done in double
 * precision with the exact operator). Every tile operation is one native BLAS or LAPACK call
 * (spotrf, strsm, ssyrk, sgemm) on single-threaded OpenBLAS, the independent ones of a step in
 * parallel under the thread budget: which thread computes a tile, or how many there are, never
 * changes its bits (OpenBLAS's own threading splits a product by the thread count and rounds
 * differently at each). Hence only with {@link Blas#hasNativeSinglePrecision()}.
 */
public final class TiledSingleCholesky implements TileStore {

    /** Tile edge: a multiple of {@link TiledGram#TILE}, so that each Gram tile lands in one of ours; a tile is 20 MiB. */
    public static final int TILE = 12 * TiledGram.TILE;

    private final int n;
    private final int tile;
    private final int count; // tiles per edge
    private final float[][] tiles; // tile (I, J), I ≥ J, column-major, leading dimension = its row count
    private final Blas blas = Backends.blas();
    private final Lapack lapack = Backends.lapack();
    private boolean factored;

    private TiledSingleCholesky(int n, int tile) {
        this.n = n;
        this.tile = tile;
        this.count = (n + tile - 1) / tile;
        this.tiles = new float[count * (count + 1) / 2][];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j <= i; j++) {
                tiles[index(i, j)] = new float[rows(i) * rows(j)];
            }
        }
    }

    /** Bytes held for an n×n matrix. */
    public static long bytes(int n) {
        return bytes(n, TILE);
    }

    private static long bytes(long n, long tile) {
        long c = (n + tile - 1) / tile;
        long last = n - (c - 1) * tile;
        // the (c−1)c/2 full tiles on and below the diagonal of the first c−1 tile rows, then the last tile row
        return 4L * ((c - 1) * c / 2 * tile * tile + (c - 1) * last * tile + last * last);
    }

    /** Whether this machine can factor in single precision natively. */
    public static boolean available() {
        return Backends.blas().hasNativeSinglePrecision() && Backends.lapack().hasNativeSinglePrecision();
    }

    /** An all-zero n×n matrix, after checking that the heap holds it. */
    public static TiledSingleCholesky allocate(int n) {
        return allocate(n, TILE);
    }

    /** {@link #allocate(int)} with another tile edge (a multiple of {@link TiledGram#TILE}; tests use small ones). */
    public static TiledSingleCholesky allocate(int n, int tile) {
        if (n < 1 || tile < 1 || tile % TiledGram.TILE != 0) {
            throw new IllegalArgumentException("need n ≥ 1 and a tile edge that is a multiple of " + TiledGram.TILE);
        }
        if (!available()) {
            throw new UnsupportedOperationException("a single-precision tiled Cholesky needs the native BLAS/LAPACK");
        }
        MemoryCheck.requireBytes(bytes(n, tile), "the single-precision " + n + "×" + n + " factor");
        return new TiledSingleCholesky(n, tile);
    }

    /** Order n. */
    public int size() {
        return n;
    }

    private int index(int i, int j) {
        return i * (i + 1) / 2 + j;
    }

    private int rows(int t) {
        return Math.min(tile, n - t * tile);
    }

    /** Entry (i, j) of the lower triangle (i ≥ j): of the matrix before {@link #factor}, of L after. */
    public float get(int i, int j) {
        int ti = i / tile;
        int tj = j / tile;
        return tiles[index(ti, tj)][i - ti * tile + (j - tj * tile) * rows(ti)];
    }

    /** Stores the part of a Gram tile on or below the diagonal (a {@link TiledGram} tile lies within one of ours). */
    @Override
    public void put(double[] t, int i0, int j0, int h, int w, boolean mirrored) {
        int ti = i0 / tile;
        int tj = j0 / tile;
        float[] dst = tiles[index(ti, tj)];
        int ld = rows(ti);
        int r0 = i0 - ti * tile;
        int c0 = j0 - tj * tile;
        for (int c = 0; c < w; c++) {
            int first = ti == tj ? Math.max(0, j0 + c - i0) : 0; // rows on or below the diagonal
            int base = r0 + (c0 + c) * ld;
            for (int r = first; r < h; r++) {
                dst[base + r] = (float) t[r + c * h];
            }
        }
    }

    @Override
    public void set(int i, int j, double value) {
        if (i >= j) {
            int ti = i / tile;
            int tj = j / tile;
            tiles[index(ti, tj)][i - ti * tile + (j - tj * tile) * rows(ti)] = (float) value;
        }
    }

    /**
     * Factors A = L Lᵀ in place, telling {@code progress} the fraction of the work done; false when
     * A is not positive definite in single precision (the tiles are then left part-factored).
     */
    public boolean factor(DoubleConsumer progress) {
        if (factored) {
            throw new IllegalStateException("already factored");
        }
        double total = 0;
        for (int k = 0; k < count; k++) {
            double rest = count - k - 1.0;
            total += 1 + rest + rest * (rest + 1) / 2 * 2; // one potrf, the trsm's, the updates (weighted as two trsm)
        }
        double done = 0;
        for (int k = 0; k < count; k++) {
            int bk = rows(k);
            float[] kk = tiles[index(k, k)];
            if (ThreadBudget.withSerialBlas(() -> lapack.spotrf(Uplo.LOWER, bk, kk, bk)) != 0) {
                return false;
            }
            int step = k;
            ThreadBudget.parallelFor(step + 1, count, 1, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    float[] ik = tiles[index(i, step)];
                    int bi = rows(i);
                    ThreadBudget.withSerialBlas(() -> {
                        blas.strsm(Side.RIGHT, Uplo.LOWER, Trans.T, Diag.NON_UNIT, bi, bk, 1f, kk, 0, bk, ik, 0, bi);
                        return 0;
                    });
                }
            });
            int rest = count - k - 1;
            ThreadBudget.parallelFor(0, rest * (rest + 1) / 2, 1, (t0, t1) -> { // the trailing tiles (i, j), k < j ≤ i
                for (int t = t0; t < t1; t++) {
                    int i = (int) ((Math.sqrt(8.0 * t + 1) - 1) / 2);
                    while (i * (i + 1) / 2 > t) {
                        i--;
                    }
                    while ((i + 1) * (i + 2) / 2 <= t) {
                        i++;
                    }
                    int j = t - i * (i + 1) / 2 + step + 1;
                    update(step, i + step + 1, j);
                }
            });
            done += 1 + rest + (double) rest * (rest + 1);
            progress.accept(Math.min(1, done / total));
        }
        factored = true;
        return true;
    }

    /** Tile (i, j) of the trailing matrix −= L_ik L_jkᵀ, on single-threaded BLAS. */
    private void update(int k, int i, int j) {
        int bk = rows(k);
        int bi = rows(i);
        int bj = rows(j);
        float[] jk = tiles[index(j, k)];
        ThreadBudget.withSerialBlas(() -> {
            if (i == j) {
                blas.ssyrk(Uplo.LOWER, Trans.N, bj, bk, -1f, jk, 0, bj, 1f, tiles[index(j, j)], 0, bj);
            } else {
                blas.sgemm(Trans.N, Trans.T, bi, bj, bk, -1f, tiles[index(i, k)], 0, bi, jk, 0, bj, 1f, tiles[index(i, j)], 0, bi);
            }
            return 0;
        });
    }

    /** B := A⁻¹B for the n×nrhs column-major block B (leading dimension n), with the factor. */
    public void solve(float[] b, int nrhs) {
        if (!factored) {
            throw new IllegalStateException("factor first");
        }
        if (nrhs == 0) {
            return;
        }
        if ((long) b.length < (long) n * nrhs) {
            throw new IllegalArgumentException("the right-hand side holds " + b.length + " entries, not " + n + "×" + nrhs);
        }
        // netlib checks that a block at offset o spans o + nrhs·ldb entries, which the last tile rows
        // overrun by up to n: the solve runs in a padded copy
        float[] w = new float[n * nrhs + n];
        System.arraycopy(b, 0, w, 0, n * nrhs);
        // L y = b: tile row k is solved, then every later tile row is updated by it, one tile row per task
        for (int k = 0; k < count; k++) {
            int bk = rows(k);
            int step = k;
            ThreadBudget.withSerialBlas(() -> {
                blas.strsm(Side.LEFT, Uplo.LOWER, Trans.N, Diag.NON_UNIT, bk, nrhs, 1f, tiles[index(step, step)], 0, bk, w, step * tile, n);
                return 0;
            });
            ThreadBudget.parallelFor(step + 1, count, 1, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    int bi = rows(i);
                    float[] ik = tiles[index(i, step)];
                    int at = i * tile;
                    ThreadBudget.withSerialBlas(() -> {
                        blas.sgemm(Trans.N, Trans.N, bi, nrhs, bk, -1f, ik, 0, bi, w, step * tile, n, 1f, w, at, n);
                        return 0;
                    });
                }
            });
        }
        // Lᵀ x = y, from the bottom: tile row k is solved, then every earlier tile row is updated by it
        for (int k = count - 1; k >= 0; k--) {
            int bk = rows(k);
            int step = k;
            ThreadBudget.withSerialBlas(() -> {
                blas.strsm(Side.LEFT, Uplo.LOWER, Trans.T, Diag.NON_UNIT, bk, nrhs, 1f, tiles[index(step, step)], 0, bk, w, step * tile, n);
                return 0;
            });
            ThreadBudget.parallelFor(0, step, 1, (i0, i1) -> {
                for (int i = i0; i < i1; i++) {
                    int bi = rows(i);
                    float[] ki = tiles[index(step, i)];
                    int at = i * tile;
                    ThreadBudget.withSerialBlas(() -> {
                        blas.sgemm(Trans.T, Trans.N, bi, nrhs, bk, -1f, ki, 0, bk, w, step * tile, n, 1f, w, at, n);
                        return 0;
                    });
                }
            });
        }
        System.arraycopy(w, 0, b, 0, n * nrhs);
    }
}
