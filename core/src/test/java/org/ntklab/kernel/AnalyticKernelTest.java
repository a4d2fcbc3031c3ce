package org.ntklab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.ntklab.TestData.gaussian;
import static org.ntklab.TestData.relErr;
import static org.ntklab.TestData.sphere;

import org.junit.jupiter.api.Test;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Matrix;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.linalg.Uplo;

class AnalyticKernelTest {




    /** The reference Gram of the closed-form recursion, entry by entry. */
    static Matrix[] reference(ArchitectureSpec s, Matrix x) {
        int n = x.rows();
        Matrix sig = new Matrix(n, n, new double[n * n]);
        Matrix th = new Matrix(n, n, new double[n * n]);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double[] v = ScalarReference.kernel(s, x.row(i), x.row(j), i == j);
                sig.set(i, j, v[0]);
                th.set(i, j, v[1]);
            }
        }
        return new Matrix[] {sig, th};
    }

    @Test
    void simdPathEqualsScalarReferenceForClosedForms() {
        Matrix x = gaussian(301, 7, 1); // 301: chunks of 256 plus a tail that is not a multiple of the vector length
        String[] activations = {"relu", "leaky-relu:0.2", "abs", "erf", "identity"};
        for (String act : activations) {
            for (Preset p : new Preset[] {Preset.ARORA, Preset.JACOT, Preset.CHEN_LI_LIN, Preset.CUSTOM}) {
                ArchitectureSpec s = new SpecBuilder().preset(p).depth(4).activation(Activation.parse(act)).build(7);
                KernelPair k = new AnalyticKernel(s).compute(x);
                Matrix[] ref = reference(s, x);
                assertTrue(relErr(ref[0], k.nngp()) <= 1e-13, act + "/" + p + " NNGP " + relErr(ref[0], k.nngp()));
                assertTrue(relErr(ref[1], k.ntk()) <= 1e-13, act + "/" + p + " NTK " + relErr(ref[1], k.ntk()));
            }
        }
    }

    /**
     * The streamed Gram (tiles written into a C-order segment, as into a mapped .npy) is the
     * in-heap one bit for bit: the same tiles, only placed differently.
     */
    @Test
    void streamedGramEqualsTheInHeapOne() {
        Matrix x = gaussian(401, 7, 4); // two tile rows plus a ragged edge
        Matrix z = gaussian(9, 7, 5);
        for (int k = 0; k < 7; k++) {
            z.set(3, k, x.get(17, k)); // a self-pair: must take the exact diagonal value
        }
        ArchitectureSpec s = new SpecBuilder().preset(Preset.CHEN_LI_LIN).depth(3).build(7);
        AnalyticKernel kernel = new AnalyticKernel(s);
        KernelPair sym = kernel.compute(x);
        KernelPair rect = kernel.compute(z, x);
        for (KernelKind kind : KernelKind.values()) {
            Matrix heapSym = kind == KernelKind.NTK ? sym.ntk() : sym.nngp();
            Matrix heapRect = kind == KernelKind.NTK ? rect.ntk() : rect.nngp();
            try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofShared()) {
                java.lang.foreign.MemorySegment a = arena.allocate(8L * 401 * 401);
                java.lang.foreign.MemorySegment b = arena.allocate(8L * 9 * 401);
                kernel.write(x, kind, org.ntklab.linalg.tiled.TileStore.rowMajor(a, 0, 401), done -> { });
                kernel.write(z, x, kind, org.ntklab.linalg.tiled.TileStore.rowMajor(b, 0, 401), done -> { });
                var le = java.lang.foreign.ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < 401; i++) {
                    for (int j = 0; j < 401; j++) {
                        double v = a.get(le, 8L * (i * 401L + j));
                        assertEquals(heapSym.get(i, j), v, 0.0, kind + " sym " + i + "," + j);
                        assertEquals(v, a.get(le, 8L * (j * 401L + i)), 0.0, "exactly symmetric");
                    }
                    for (int r = 0; r < 9; r++) {
                        double v = b.get(le, 8L * (r * 401L + i));
                        assertEquals(heapRect.get(r, i), v, 0.0, kind + " rect " + r + "," + i);
                    }
                }
                assertEquals(heapSym.get(17, 17), b.get(le, 8L * (3 * 401L + 17)), 0.0, "self-pair takes the diagonal value");
            }
        }
    }

    @Test
    void aroraDiagonalIsLPlusOneOnTheSphere() {
        Matrix x = sphere(50, 5, 2);
        for (int depth : new int[] {0, 1, 3, 10}) {
            ArchitectureSpec s = Preset.ARORA.spec(5, depth, null);
            KernelDiagonal d = new AnalyticKernel(s).diag(x);
            Matrix full = new AnalyticKernel(s).ntk(x);
            for (int i = 0; i < 50; i++) {
                assertEquals(depth + 1, d.ntk()[i], 1e-13 * (depth + 1));
                assertEquals(depth + 1, full.get(i, i), 1e-13 * (depth + 1));
                assertEquals(1.0, d.nngp()[i], 1e-14);
            }
        }
    }

    @Test
    void aroraTwoLayerMatchesItsClosedForm() {
        Matrix x = gaussian(40, 6, 3); // not unit norm: exercises |x||x'|
        Matrix k = new AnalyticKernel(Preset.ARORA.spec(6, 1, null)).ntk(x);
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 40; j++) {
                double[] a = x.row(i), b = x.row(j);
                double ab = 0, aa = 0, bb = 0;
                for (int t = 0; t < 6; t++) {
                    ab += a[t] * b[t];
                    aa += a[t] * a[t];
                    bb += b[t] * b[t];
                }
                double na = Math.sqrt(aa), nb = Math.sqrt(bb);
                double th = i == j ? 0 : Math.acos(Math.max(-1, Math.min(1, ab / (na * nb))));
                double expected = ab * (Math.PI - th) / Math.PI + na * nb * (Math.sin(th) + (Math.PI - th) * Math.cos(th)) / Math.PI;
                assertEquals(expected, k.get(i, j), 1e-13 * Math.max(1, Math.abs(expected)));
            }
        }
    }

    @Test
    void duPresetEqualsHInfinity() {
        Matrix x = sphere(60, 8, 4);
        Matrix h = new AnalyticKernel(Preset.DU.spec(8, 1, null)).ntk(x);
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 60; j++) {
                double dot = 0;
                for (int t = 0; t < 8; t++) {
                    dot += x.get(i, t) * x.get(j, t);
                }
                double expected = i == j ? 0.5 : dot * (Math.PI - Math.acos(Math.max(-1, Math.min(1, dot)))) / (2 * Math.PI);
                assertEquals(expected, h.get(i, j), 2e-15);
            }
        }
    }

    @Test
    void rectangularAgreesWithSymmetricAndDiagonal() {
        Matrix x = gaussian(90, 4, 5);
        Matrix xt = gaussian(33, 4, 6);
        ArchitectureSpec s = new SpecBuilder().preset(Preset.JACOT).depth(3).build(4);
        AnalyticKernel k = new AnalyticKernel(s);
        KernelPair rect = k.compute(xt, x);
        assertEquals(33, rect.ntk().rows());
        assertEquals(90, rect.ntk().cols());
        for (int i = 0; i < 33; i++) {
            for (int j = 0; j < 90; j++) {
                double[] v = ScalarReference.kernel(s, xt.row(i), x.row(j), false);
                assertEquals(v[1], rect.ntk().get(i, j), 1e-13 * Math.abs(v[1]));
                assertEquals(v[0], rect.nngp().get(i, j), 1e-13 * Math.abs(v[0]));
            }
        }
        KernelPair sym = k.compute(x);
        KernelPair self = k.compute(x, x);
        assertArrayEquals(sym.ntk().diagonal(), self.ntk().diagonal(), 0.0, "identical points are exact self-pairs");
        assertTrue(relErr(sym.ntk(), self.ntk()) <= 1e-13);
        KernelDiagonal d = k.diag(x);
        assertArrayEquals(sym.ntk().diagonal(), d.ntk(), 0.0);
        assertArrayEquals(sym.nngp().diagonal(), d.nngp(), 0.0);
    }

    @Test
    void symmetricExactlyAndPositiveSemidefinite() {
        for (String act : new String[] {"relu", "erf", "abs", "tanh"}) {
            Matrix x = gaussian(120, 10, 7);
            ArchitectureSpec s = new SpecBuilder().preset(Preset.CUSTOM).depth(3).activation(Activation.parse(act))
                    .weightVar(act.equals("relu") || act.equals("abs") ? 2.0 : 1.5).build(10);
            KernelPair k = new AnalyticKernel(s).compute(x);
            for (Matrix m : new Matrix[] {k.ntk(), k.nngp()}) {
                assertTrue(m.isExactlySymmetric(), act);
                double[] w = eigenvalues(m);
                assertTrue(w[0] >= -1e-12 * w[w.length - 1], act + ": λ_min " + w[0] + " vs λ_max " + w[w.length - 1]);
            }
        }
    }

    @Test
    void deepAndNearlyParallelInputsStayFiniteAndPsd() {
        Matrix x = sphere(64, 3, 8);
        // pairs of nearly parallel points: ρ within 1e-12 of 1
        for (int i = 0; i < 32; i++) {
            for (int t = 0; t < 3; t++) {
                x.set(32 + i, t, x.get(i, t) * (1 + 1e-13 * (t + 1)));
            }
        }
        for (Preset p : new Preset[] {Preset.ARORA, Preset.JACOT, Preset.CHEN_LI_LIN}) {
            KernelPair k = new AnalyticKernel(p.spec(3, 100, null)).compute(x);
            for (Matrix m : new Matrix[] {k.ntk(), k.nngp()}) {
                for (double v : m.data()) {
                    assertTrue(Double.isFinite(v), p + ": non-finite entry");
                }
                assertTrue(m.isExactlySymmetric());
                double[] w = eigenvalues(m);
                assertTrue(w[0] >= -1e-12 * w[w.length - 1], p + ": λ_min " + w[0] + " vs " + w[w.length - 1]);
            }
        }
    }

    @Test
    void partialNtkIsTheSumOfItsLayersTerms() {
        Matrix x = gaussian(70, 5, 9);
        ArchitectureSpec full = new SpecBuilder().preset(Preset.JACOT).depth(3).build(5);
        Matrix total = new AnalyticKernel(full).ntk(x);
        Matrix sum = new Matrix(70, 70, new double[70 * 70]);
        for (int l = 1; l <= 4; l++) {
            Matrix part = new AnalyticKernel(full.withTrainable(l)).ntk(x);
            for (int k = 0; k < sum.data().length; k++) {
                sum.data()[k] += part.data()[k];
            }
        }
        assertTrue(relErr(total, sum) <= 1e-14, "" + relErr(total, sum));
        Matrix two = new AnalyticKernel(full.withTrainable(2, 4)).ntk(x);
        Matrix[] ref = reference(full.withTrainable(2, 4), x);
        assertTrue(relErr(ref[1], two) <= 1e-13);
    }

    @Test
    void standardParameterisationScalesEachLayerTermByFanIn() {
        Matrix x = gaussian(40, 6, 10);
        ArchitectureSpec ntk = new SpecBuilder().preset(Preset.CUSTOM).depth(2).widths(30, 50).activation(Activation.parse("erf"))
                .weightVar(1.5).build(6);
        ArchitectureSpec std = ntk.withParameterisation(Parameterisation.STANDARD);
        int[] fanIn = {6, 30, 50};
        for (int l = 1; l <= 3; l++) {
            Matrix a = new AnalyticKernel(ntk.withTrainable(l)).ntk(x);
            Matrix b = new AnalyticKernel(std.withTrainable(l)).ntk(x);
            for (int k = 0; k < a.data().length; k++) {
                assertEquals(a.data()[k] * fanIn[l - 1] / 1.5, b.data()[k], 1e-12 * Math.abs(b.data()[k]));
            }
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Matrix x = gaussian(700, 12, 11);
        ArchitectureSpec s = Preset.ARORA.spec(12, 4, null);
        int before = ThreadBudget.threads();
        try {
            ThreadBudget.setThreads(1);
            KernelPair one = new AnalyticKernel(s).compute(x);
            ThreadBudget.setThreads(3);
            KernelPair three = new AnalyticKernel(s).compute(x);
            assertEquals(one.ntk(), three.ntk());
            assertEquals(one.nngp(), three.nngp());
        } finally {
            ThreadBudget.setThreads(before);
        }
    }

    @Test
    void badInputsAreNamed() {
        ArchitectureSpec s = Preset.ARORA.spec(3, 2, null);
        AnalyticKernel k = new AnalyticKernel(s);
        Matrix zeroRow = Matrix.of(new double[] {1, 0, 0}, new double[] {0, 0, 0});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> k.ntk(zeroRow)).getMessage().contains("row 1"));
        Matrix nan = Matrix.of(new double[] {1, 0, 0}, new double[] {0, Double.NaN, 0});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> k.ntk(nan)).getMessage().contains("row 1"));
        Matrix inf = Matrix.of(new double[] {1, 0, Double.POSITIVE_INFINITY});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> k.ntk(inf)).getMessage().contains("Infinity"));
        Matrix wrongDim = Matrix.of(new double[] {1, 0});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> k.ntk(wrongDim)).getMessage().contains("columns"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Preset.ARORA.spec(3, -1, null)).getMessage().contains("depth"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Activation.parse("swish")).getMessage().contains("swish"));
        // a first-layer bias makes zero rows legitimate
        ArchitectureSpec biased = new SpecBuilder().preset(Preset.CHEN_LI_LIN).build(3);
        Matrix ok = new AnalyticKernel(biased).ntk(zeroRow);
        assertTrue(Double.isFinite(ok.get(1, 1)) && ok.get(1, 1) > 0);
    }

    static double[] eigenvalues(Matrix m) {
        int n = m.rows();
        double[] a = m.data().clone();
        double[] w = new double[n];
        assertEquals(0, Backends.lapack().dsyevd(false, Uplo.LOWER, n, a, 0, n, w));
        return w;
    }
}
