package org.ntklab.linalg.purejava;

import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;
import org.ntklab.linalg.purejava.Scratch.Lease;

/**
 * The blocked matrix-multiply engine behind dgemm and dsyrk: C := alpha op(A) op(B) + beta C on
 * all of C or on one triangle of it.
 *
 * <p>Operands are strided views (element (i, l) of op(A) is {@code a[aOff + i*ars + l*acs]}), so
 * the four transpose cases differ only in strides, which the packing absorbs; one micro-kernel
 * serves them all.
 *
 * <p>Loop structure (Goto/BLIS style): columns of C in blocks of {@link #NC}; k in blocks of
 * {@link #KC}, for each of which a kc×nc block of op(B) is packed once into a buffer shared by
 * all threads (it lives in L3); then C is cut into tasks of at most {@link #MC} rows, each of
 * which packs its mb×kc block of op(A) (it lives in L2) and sweeps the register tiles with the
 * B micro-panel (kc×NR, 16 KB) kept in L1.
 *
 * <p>Determinism: tasks partition C only; every C element accumulates its k blocks in the same
 * fixed order with the same kernel arithmetic (partial edge tiles round exactly like full ones),
 * so results are bit-identical whatever the thread count or task schedule.
 */
final class GemmEngine {

    /** Which part of C is computed; the rest is neither read nor written. */
    enum Region {
        ALL, LOWER, UPPER
    }

    static final int MR = MicroKernel.MR;
    static final int NR = MicroKernel.NR;
    /**
     * k block: a kc×NR B micro-panel (16 KB) stays in the 48 KB L1 while A panels stream past.
     * KC and MC were tuned at n = 2048: (KC, MC/MR) = (192, 10), (256, 8), (384, 6), (512, 4) are
     * all within noise of each other (112-118 GFLOP/s on one thread); (256, 12) is slower (109).
     * The k blocking is fixed, never derived from the thread count: it fixes the summation order.
     */
    static final int KC = 256;
    /** Row block: an MC×KC packed A block (384 KB) fits in the 1 MB L2 with room for C lines. */
    static final int MC = 8 * MR;
    /** Column block: a KC×NC packed B block (8 MB) fits in the shared L3. */
    static final int NC = 4096;
    /**
     * Tasks per k block to aim for: enough for dynamic load balance on a few cores when tasks are
     * uneven (edge blocks, triangles), few enough that each keeps a sizeable block of A. It
     * depends on the problem shape only, never on the thread count.
     */
    private static final int TARGET_TASKS = 16;

    private static final Scratch PACK_A = new Scratch();
    private static final Scratch PACK_B = new Scratch();

    private GemmEngine() {
    }

    /**
     * C := alpha op(A) op(B) + beta C over {@code region} of the m×n matrix C, with op(A) m×k
     * (element (i, l) at {@code a[aOff + i*ars + l*acs]}) and op(B) k×n (element (l, j) at
     * {@code b[bOff + l*brs + j*bcs]}). With beta = 0, C is not read. Forks only if {@code par}.
     */
    static void multiply(boolean par, Region region, int m, int n, int k, double alpha,
                         double[] a, int aOff, int ars, int acs,
                         double[] b, int bOff, int brs, int bcs,
                         double beta, double[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0 || alpha == 0.0) {
            scale(region, m, n, beta, c, cOff, ldc);
            return;
        }
        double flops = 2.0 * m * n * k * (region == Region.ALL ? 1.0 : 0.5);
        int mb = Math.min(MC, Parallel.roundUp(Parallel.ceilDiv(m, TARGET_TASKS), MR));
        int rowBlocks = Parallel.ceilDiv(m, mb);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int chunks = Math.min(Parallel.ceilDiv(TARGET_TASKS, rowBlocks), Parallel.ceilDiv(nc, 4 * NR));
            int nb = Parallel.roundUp(Parallel.ceilDiv(nc, chunks), NR);
            int colChunks = Parallel.ceilDiv(nc, nb);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int mode = pc > 0 ? MicroKernel.ACCUMULATE : beta == 0.0 ? MicroKernel.OVERWRITE : MicroKernel.SCALE;
                Block blk = new Block(region, m, jc, nc, pc, kc, mb, nb, rowBlocks, mode, alpha, beta,
                        a, aOff, ars, acs, c, cOff, ldc);
                try (Lease lb = PACK_B.lease(kc * Parallel.roundUp(nc, NR))) {
                    double[] pb = lb.data();
                    int panels = Parallel.ceilDiv(nc, NR);
                    int bBase = bOff + pc * brs + jc * bcs;
                    Parallel.forBlocks(par, flops, panels, 32, (lo, hi) ->
                            Packing.pack(b, bBase + lo * NR * bcs, bcs, brs, Math.min(nc, hi * NR) - lo * NR,
                                    kc, NR, pb, lo * NR * kc));
                    Parallel.forBlocks(par, flops, rowBlocks * colChunks, 1, (lo, hi) -> {
                        for (int t = lo; t < hi; t++) {
                            blk.run(t % rowBlocks, t / rowBlocks, pb);
                        }
                    });
                }
            }
        }
    }

    /** dgemm: C := alpha op(A) op(B) + beta C, op given by the transpose flags. */
    static void gemm(boolean par, Trans transA, Trans transB, int m, int n, int k, double alpha,
                     double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                     double beta, double[] c, int cOff, int ldc) {
        boolean na = transA == Trans.N;
        boolean nb = transB == Trans.N;
        multiply(par, Region.ALL, m, n, k, alpha, a, aOff, na ? 1 : lda, na ? lda : 1,
                b, bOff, nb ? 1 : ldb, nb ? ldb : 1, beta, c, cOff, ldc);
    }

    /** dsyrk: the uplo triangle of C := alpha op(A) op(A)ᵀ + beta C, op(A) = A (N, n×k) or Aᵀ (T). */
    static void syrk(boolean par, Uplo uplo, Trans trans, int n, int k, double alpha, double[] a, int aOff, int lda,
                     double beta, double[] c, int cOff, int ldc) {
        // the second factor op(A)ᵀ is the same data with the two strides exchanged
        int rs = trans == Trans.N ? 1 : lda;
        int cs = trans == Trans.N ? lda : 1;
        multiply(par, uplo == Uplo.LOWER ? Region.LOWER : Region.UPPER, n, n, k, alpha,
                a, aOff, rs, cs, a, aOff, cs, rs, beta, c, cOff, ldc);
    }

    /** One k block of one column block: the parameters every task of it shares. */
    private record Block(Region region, int m, int jc, int nc, int pc, int kc, int mb, int nb, int rowBlocks,
                         int mode, double alpha, double beta, double[] a, int aOff, int ars, int acs,
                         double[] c, int cOff, int ldc) {

        /** Packs this task's rows of op(A) and multiplies them into its part of C. */
        void run(int rb, int cb, double[] pb) {
            int r0 = rb * mb;
            int r1 = Math.min(m, r0 + mb);
            int c0 = jc + cb * nb;
            int c1 = Math.min(jc + nc, c0 + nb);
            if (region == Region.LOWER && r1 - 1 < c0 || region == Region.UPPER && r0 > c1 - 1) {
                return;
            }
            int rows = r1 - r0;
            int tileAt = Parallel.roundUp(rows, MR) * kc;
            try (Lease la = PACK_A.lease(tileAt + MR * NR)) {
                double[] pa = la.data();
                Packing.pack(a, aOff + r0 * ars + pc * acs, ars, acs, rows, kc, MR, pa, 0);
                for (int j = c0; j < c1; j += NR) {
                    int nr = Math.min(NR, c1 - j);
                    int pbAt = (j - jc) * kc;
                    for (int i = r0; i < r1; i += MR) {
                        int mr = Math.min(MR, r1 - i);
                        int paAt = (i - r0) * kc;
                        boolean masked;
                        if (region == Region.LOWER) {
                            if (i + mr - 1 < j) {
                                continue;
                            }
                            masked = i < j + nr - 1;
                        } else if (region == Region.UPPER) {
                            if (i > j + nr - 1) {
                                continue;
                            }
                            masked = i + mr - 1 > j;
                        } else {
                            masked = false;
                        }
                        if (!masked && mr == MR && nr == NR) {
                            MicroKernel.run(kc, pa, paAt, pb, pbAt, c, cOff + i + j * ldc, ldc, alpha, beta, mode);
                        } else {
                            MicroKernel.run(kc, pa, paAt, pb, pbAt, pa, tileAt, MR, 1.0, 0.0, MicroKernel.OVERWRITE);
                            storeEdge(pa, tileAt, i, j, mr, nr);
                        }
                    }
                }
            }
        }

        /** Combines a partial (edge or diagonal) tile into C, element by element, inside the region. */
        private void storeEdge(double[] tile, int tileAt, int i, int j, int mr, int nr) {
            for (int jj = 0; jj < nr; jj++) {
                int col = j + jj;
                int lo = region == Region.LOWER ? Math.max(0, col - i) : 0;
                int hi = region == Region.UPPER ? Math.min(mr, col - i + 1) : mr;
                int ci = cOff + i + col * ldc;
                int ti = tileAt + jj * MR;
                for (int ii = lo; ii < hi; ii++) {
                    c[ci + ii] = MicroKernel.combine(tile[ti + ii], c[ci + ii], alpha, beta, mode);
                }
            }
        }
    }

    /** C := beta C over the region (what is left of the update when alpha = 0 or k = 0). */
    static void scale(Region region, int m, int n, double beta, double[] c, int cOff, int ldc) {
        if (beta == 1.0) {
            return;
        }
        for (int j = 0; j < n; j++) {
            int lo = region == Region.LOWER ? Math.min(j, m) : 0;
            int hi = region == Region.UPPER ? Math.min(j + 1, m) : m;
            int col = cOff + j * ldc;
            if (beta == 0.0) {
                java.util.Arrays.fill(c, col + lo, col + hi, 0.0);
            } else {
                Vec.scal(hi - lo, beta, c, col + lo);
            }
        }
    }
}
