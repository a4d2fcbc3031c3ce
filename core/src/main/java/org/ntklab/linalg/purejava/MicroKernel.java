package org.ntklab.linalg.purejava;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked gemm micro-kernel: an {@link #MR}×{@link #NR} tile of C updated with the
 * product of one packed A micro-panel (MR rows × kc, MR contiguous values per k) and one packed
 * B micro-panel (kc × NR columns, NR contiguous values per k).
 *
 * <p>The tile is three vectors of rows by eight columns: 24 accumulators, three A vectors and one
 * broadcast B value use 28 of the 32 AVX-512 registers, so C2 keeps everything in registers and
 * each k step is 3 loads, 8 broadcasts and 24 independent FMAs (enough independent chains to
 * cover the FMA latency on two pipes). Measured kernel-only on this project's AVX-512 machine
 * (L2-resident panels, kc = 256): 24×8, 16×12 and 32×6 all reach ~127 GFLOP/s (the
 * core's FMA peak); 8×16 gives 115; shapes needing 31 registers spill (24×9: 107, 16×14: 65).
 * With 256-bit vectors and 16 registers (AVX2; simulated with -XX:UseAVX=2) the same code
 * becomes a 12×8 tile that spills, 22 GFLOP/s at n = 1024: such a machine would want a 3×4 tile.
 */
final class MicroKernel {

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Rows of the register tile (three vectors). */
    static final int MR = 3 * L;
    /** Columns of the register tile. */
    static final int NR = 8;

    /** C := C + alpha acc (every k block after the first). */
    static final int ACCUMULATE = 0;
    /** C := alpha acc, C not read: the first k block when beta = 0, so NaN in C does not propagate. */
    static final int OVERWRITE = 1;
    /** C := beta C + alpha acc (the first k block). */
    static final int SCALE = 2;

    private MicroKernel() {
    }

    /**
     * Updates the full MR×NR tile of C at {@code c[ci]} (column stride {@code ldc}) with the
     * product of the micro-panels at {@code pa[ia]} and {@code pb[ib]} over {@code kc} steps,
     * combining as {@code mode} says. Callers with a partial tile pass a scratch MR×NR tile with
     * {@code alpha = 1, mode = OVERWRITE} and combine it with {@link #combine} element by element,
     * which rounds exactly like the vector path.
     */
    static void run(int kc, double[] pa, int ia, double[] pb, int ib,
                    double[] c, int ci, int ldc, double alpha, double beta, int mode) {
        DoubleVector z = DoubleVector.zero(S);
        DoubleVector c00 = z, c10 = z, c20 = z, c01 = z, c11 = z, c21 = z, c02 = z, c12 = z, c22 = z;
        DoubleVector c03 = z, c13 = z, c23 = z, c04 = z, c14 = z, c24 = z, c05 = z, c15 = z, c25 = z;
        DoubleVector c06 = z, c16 = z, c26 = z, c07 = z, c17 = z, c27 = z;
        for (int l = 0; l < kc; l++, ia += MR, ib += NR) {
            DoubleVector a0 = DoubleVector.fromArray(S, pa, ia);
            DoubleVector a1 = DoubleVector.fromArray(S, pa, ia + L);
            DoubleVector a2 = DoubleVector.fromArray(S, pa, ia + 2 * L);
            DoubleVector b = DoubleVector.broadcast(S, pb[ib]);
            c00 = a0.fma(b, c00);
            c10 = a1.fma(b, c10);
            c20 = a2.fma(b, c20);
            b = DoubleVector.broadcast(S, pb[ib + 1]);
            c01 = a0.fma(b, c01);
            c11 = a1.fma(b, c11);
            c21 = a2.fma(b, c21);
            b = DoubleVector.broadcast(S, pb[ib + 2]);
            c02 = a0.fma(b, c02);
            c12 = a1.fma(b, c12);
            c22 = a2.fma(b, c22);
            b = DoubleVector.broadcast(S, pb[ib + 3]);
            c03 = a0.fma(b, c03);
            c13 = a1.fma(b, c13);
            c23 = a2.fma(b, c23);
            b = DoubleVector.broadcast(S, pb[ib + 4]);
            c04 = a0.fma(b, c04);
            c14 = a1.fma(b, c14);
            c24 = a2.fma(b, c24);
            b = DoubleVector.broadcast(S, pb[ib + 5]);
            c05 = a0.fma(b, c05);
            c15 = a1.fma(b, c15);
            c25 = a2.fma(b, c25);
            b = DoubleVector.broadcast(S, pb[ib + 6]);
            c06 = a0.fma(b, c06);
            c16 = a1.fma(b, c16);
            c26 = a2.fma(b, c26);
            b = DoubleVector.broadcast(S, pb[ib + 7]);
            c07 = a0.fma(b, c07);
            c17 = a1.fma(b, c17);
            c27 = a2.fma(b, c27);
        }
        // Written out rather than through a helper: C2 will not inline a helper this often into a
        // method this large, and a non-inlined call would box the accumulators.
        DoubleVector va = DoubleVector.broadcast(S, alpha);
        DoubleVector vb = DoubleVector.broadcast(S, mode == ACCUMULATE ? 1.0 : beta);
        boolean read = mode != OVERWRITE;
        int p0 = ci;
        c00.fma(va, read ? DoubleVector.fromArray(S, c, p0).mul(vb) : z).intoArray(c, p0);
        c10.fma(va, read ? DoubleVector.fromArray(S, c, p0 + L).mul(vb) : z).intoArray(c, p0 + L);
        c20.fma(va, read ? DoubleVector.fromArray(S, c, p0 + 2 * L).mul(vb) : z).intoArray(c, p0 + 2 * L);
        int p1 = ci + ldc;
        c01.fma(va, read ? DoubleVector.fromArray(S, c, p1).mul(vb) : z).intoArray(c, p1);
        c11.fma(va, read ? DoubleVector.fromArray(S, c, p1 + L).mul(vb) : z).intoArray(c, p1 + L);
        c21.fma(va, read ? DoubleVector.fromArray(S, c, p1 + 2 * L).mul(vb) : z).intoArray(c, p1 + 2 * L);
        int p2 = ci + 2 * ldc;
        c02.fma(va, read ? DoubleVector.fromArray(S, c, p2).mul(vb) : z).intoArray(c, p2);
        c12.fma(va, read ? DoubleVector.fromArray(S, c, p2 + L).mul(vb) : z).intoArray(c, p2 + L);
        c22.fma(va, read ? DoubleVector.fromArray(S, c, p2 + 2 * L).mul(vb) : z).intoArray(c, p2 + 2 * L);
        int p3 = ci + 3 * ldc;
        c03.fma(va, read ? DoubleVector.fromArray(S, c, p3).mul(vb) : z).intoArray(c, p3);
        c13.fma(va, read ? DoubleVector.fromArray(S, c, p3 + L).mul(vb) : z).intoArray(c, p3 + L);
        c23.fma(va, read ? DoubleVector.fromArray(S, c, p3 + 2 * L).mul(vb) : z).intoArray(c, p3 + 2 * L);
        int p4 = ci + 4 * ldc;
        c04.fma(va, read ? DoubleVector.fromArray(S, c, p4).mul(vb) : z).intoArray(c, p4);
        c14.fma(va, read ? DoubleVector.fromArray(S, c, p4 + L).mul(vb) : z).intoArray(c, p4 + L);
        c24.fma(va, read ? DoubleVector.fromArray(S, c, p4 + 2 * L).mul(vb) : z).intoArray(c, p4 + 2 * L);
        int p5 = ci + 5 * ldc;
        c05.fma(va, read ? DoubleVector.fromArray(S, c, p5).mul(vb) : z).intoArray(c, p5);
        c15.fma(va, read ? DoubleVector.fromArray(S, c, p5 + L).mul(vb) : z).intoArray(c, p5 + L);
        c25.fma(va, read ? DoubleVector.fromArray(S, c, p5 + 2 * L).mul(vb) : z).intoArray(c, p5 + 2 * L);
        int p6 = ci + 6 * ldc;
        c06.fma(va, read ? DoubleVector.fromArray(S, c, p6).mul(vb) : z).intoArray(c, p6);
        c16.fma(va, read ? DoubleVector.fromArray(S, c, p6 + L).mul(vb) : z).intoArray(c, p6 + L);
        c26.fma(va, read ? DoubleVector.fromArray(S, c, p6 + 2 * L).mul(vb) : z).intoArray(c, p6 + 2 * L);
        int p7 = ci + 7 * ldc;
        c07.fma(va, read ? DoubleVector.fromArray(S, c, p7).mul(vb) : z).intoArray(c, p7);
        c17.fma(va, read ? DoubleVector.fromArray(S, c, p7 + L).mul(vb) : z).intoArray(c, p7 + L);
        c27.fma(va, read ? DoubleVector.fromArray(S, c, p7 + 2 * L).mul(vb) : z).intoArray(c, p7 + 2 * L);
    }

    /** The scalar twin of the vector store: the new value of one C element given its accumulator. */
    static double combine(double acc, double cOld, double alpha, double beta, int mode) {
        double base = switch (mode) {
            case ACCUMULATE -> cOld;
            case OVERWRITE -> 0.0;
            default -> cOld * beta;
        };
        return Math.fma(acc, alpha, base);
    }
}
