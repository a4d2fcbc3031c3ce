package org.ntklab.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ntklab.TestData.gaussian;
import static org.ntklab.TestData.relErr;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ntklab.kernel.Activation;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.BiasPlacement;
import org.ntklab.kernel.Parameterisation;
import org.ntklab.kernel.Preset;
import org.ntklab.kernel.SpecBuilder;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricOperator;

/**
 * Networks with k &gt; 1 outputs: the Nk × Nk empirical NTK against an explicit Jacobian taken two
 * independent ways (central finite differences of the outputs, and forward-mode derivatives along
 * each parameter), the gradient against Jᵀr, and the wide-network limit Θ → Θ_scalar ⊗ I_k.
 */
class MultiOutputNetworkTest {

    private static final int K = 3;

    private static ArchitectureSpec spec(String act, Parameterisation param, int... trainable) {
        SpecBuilder b = new SpecBuilder().preset(Preset.CUSTOM).widths(6, 5).activation(Activation.parse(act)).weightVar(1.7)
                .bias(BiasPlacement.ALL).biasVar(0.3).parameterisation(param);
        if (trainable.length > 0) {
            b.trainable(trainable);
        }
        return b.build(3);
    }

    /** The live parameter arrays of every copy's trainable layers, in {@link Network#jacobian}'s order. */
    private static List<double[]> trainableArrays(FiniteNetwork f) {
        List<double[]> arrays = new ArrayList<>();
        for (Network c : f.copies()) {
            for (int l = 1; l <= c.layers(); l++) {
                if (c.spec().isTrainable(l)) {
                    arrays.add(c.weights(l));
                    if (c.biases(l) != null) {
                        arrays.add(c.biases(l));
                    }
                }
            }
        }
        return arrays;
    }

    /** J (Nk × P over all copies' trainable parameters) by central differences of f = Σ_c w_c f_c. */
    private static Matrix finiteDifferenceJacobian(FiniteNetwork f, Matrix x) {
        List<double[]> arrays = trainableArrays(f);
        int p = arrays.stream().mapToInt(a -> a.length).sum();
        int rows = x.rows() * f.outputs();
        Matrix j = new Matrix(rows, p, new double[rows * p]);
        int col = 0;
        for (double[] theta : arrays) {
            for (int q = 0; q < theta.length; q++, col++) {
                double keep = theta[q];
                double step = 1e-6 * Math.max(1, Math.abs(keep));
                theta[q] = keep + step;
                double[] up = f.output(x);
                theta[q] = keep - step;
                double[] down = f.output(x);
                theta[q] = keep;
                for (int r = 0; r < rows; r++) {
                    j.set(r, col, (up[r] - down[r]) / (2 * step));
                }
            }
        }
        return j;
    }

    /** J by forward mode: column q is w_c · J_c e_q, one directional derivative per parameter. */
    private static Matrix forwardModeJacobian(FiniteNetwork f, Matrix x) {
        int rows = x.rows() * f.outputs();
        List<double[]> cols = new ArrayList<>();
        double[] ws = f.outputWeights();
        for (int c = 0; c < f.copies().size(); c++) {
            Network net = f.copies().get(c);
            Pass pass = net.forward(x);
            for (int l = 1; l <= net.layers(); l++) {
                if (!net.spec().isTrainable(l)) {
                    continue;
                }
                for (boolean bias : new boolean[] {false, true}) {
                    double[] theta = bias ? net.biases(l) : net.weights(l);
                    for (int q = 0; theta != null && q < theta.length; q++) {
                        double[][] dw = new double[net.layers() + 1][];
                        double[][] db = new double[net.layers() + 1][];
                        double[] e = new double[theta.length];
                        e[q] = 1;
                        if (bias) {
                            db[l] = e;
                        } else {
                            dw[l] = e;
                        }
                        double[] col = net.jvp(pass, dw, db);
                        for (int r = 0; r < rows; r++) {
                            col[r] *= ws[c];
                        }
                        cols.add(col);
                    }
                }
            }
        }
        Matrix j = new Matrix(rows, cols.size(), new double[rows * cols.size()]);
        for (int q = 0; q < cols.size(); q++) {
            System.arraycopy(cols.get(q), 0, j.data(), q * rows, rows);
        }
        return j;
    }

    private static Matrix gram(Matrix j) {
        int n = j.rows();
        Matrix k = new Matrix(n, n, new double[n * n]);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double s = 0;
                for (int q = 0; q < j.cols(); q++) {
                    s += j.get(a, q) * j.get(b, q);
                }
                k.set(a, b, s);
            }
        }
        return k;
    }

    @Test
    void outputZeroIsTheScalarNetworkOfTheSameSeedAndTheHiddenLayersAreShared() {
        Matrix x = gaussian(11, 3, 1);
        ArchitectureSpec spec = spec("tanh", Parameterisation.NTK);
        Network scalar = Network.initialise(spec, Initialisation.standard(), 7);
        Network multi = Network.initialise(spec, Initialisation.standard(), 7, K);
        assertEquals(K, multi.outputs());
        for (int l = 1; l < multi.layers(); l++) {
            assertArrayEquals(scalar.weights(l), multi.weights(l), "layer " + l);
            assertArrayEquals(scalar.biases(l), multi.biases(l), "bias " + l);
        }
        int top = multi.layers();
        int in = multi.width(top - 1);
        assertEquals(K * in, multi.weights(top).length);
        for (int c = 0; c < in; c++) {
            assertEquals(scalar.weights(top)[c], multi.weights(top)[c * K], "output row 0 drawn as the scalar network's");
        }
        assertEquals(scalar.biases(top)[0], multi.biases(top)[0]);
        assertTrue(multi.weights(top)[1] != multi.weights(top)[0], "other outputs have their own rows");
        double[] f = multi.output(x);
        double[] f0 = scalar.output(x);
        assertEquals(11 * K, f.length);
        for (int i = 0; i < 11; i++) {
            assertEquals(f0[i], f[i], 1e-13 * Math.max(1, Math.abs(f0[i])), "output 0 at point " + i);
        }
        Matrix theta = EmpiricalNtk.structured(multi, x);
        Matrix s = EmpiricalNtk.structured(scalar, x);
        double worst = 0;
        for (int i = 0; i < 11; i++) {
            for (int j = 0; j < 11; j++) {
                worst = Math.max(worst, Math.abs(theta.get(i, j) - s.get(i, j)));
            }
        }
        assertTrue(worst <= 1e-13 * s.maxAbs(), "block (0, 0) is the scalar network's kernel: " + worst);
        assertEquals(scalar.trainableParameters() + (long) (K - 1) * (in + 1), multi.trainableParameters());
    }

    @Test
    void kernelAndGradientMatchTwoIndependentJacobians() {
        Matrix x = gaussian(5, 3, 2);
        for (String act : new String[] {"tanh", "erf", "softplus"}) {
            for (Parameterisation param : Parameterisation.values()) {
                for (int[] trainable : new int[][] {{}, {1, 3}, {2}}) {
                    ArchitectureSpec spec = spec(act, param, trainable);
                    for (Initialisation init : new Initialisation[] {Initialisation.standard(), Initialisation.mirrored()}) {
                        FiniteNetwork f = FiniteNetwork.initialise(spec, init, 9, K);
                        String what = act + "/" + param + "/" + java.util.Arrays.toString(trainable) + "/" + init.scheme();
                        Matrix theta = EmpiricalNtk.structured(f, x);
                        assertEquals(5 * K, theta.rows());
                        assertTrue(theta.isExactlySymmetric(), what);
                        Matrix fd = gram(finiteDifferenceJacobian(f, x));
                        assertTrue(relErr(fd, theta) <= 1e-6, what + ": structured vs finite differences " + relErr(fd, theta));
                        Matrix jf = forwardModeJacobian(f, x);
                        assertTrue(relErr(gram(jf), theta) <= 1e-12, what + ": structured vs forward mode " + relErr(gram(jf), theta));
                        // the gradient of one copy is J_cᵀ r with r seeded on every output
                        if (init.scheme() == Initialisation.Scheme.STANDARD) {
                            Network net = (Network) f;
                            double[] r = gaussian(5 * K, 1, 3).data();
                            Network.Gradient g = net.gradient(net.forward(x), r);
                            int col = 0;
                            for (int l = 1; l <= net.layers(); l++) {
                                if (!spec.isTrainable(l)) {
                                    assertEquals(null, g.weights()[l]);
                                    continue;
                                }
                                for (double[] grad : new double[][] {g.weights()[l], g.biases()[l]}) {
                                    for (double v : grad) {
                                        double expected = 0;
                                        for (int q = 0; q < r.length; q++) {
                                            expected += r[q] * jf.get(q, col);
                                        }
                                        assertEquals(expected, v, 1e-12 * Math.max(1, Math.abs(expected)), what + " gradient");
                                        col++;
                                    }
                                }
                            }
                            assertEquals(jf.cols(), col, "every trainable parameter visited");
                        }
                    }
                }
            }
        }
    }

    @Test
    void rectangularKernelAndMatrixFreeProductAgreeWithTheSymmetricOne() {
        Matrix x = gaussian(9, 3, 4);
        Matrix xt = gaussian(4, 3, 5);
        for (Initialisation init : new Initialisation[] {Initialisation.standard(), Initialisation.mirrored()}) {
            FiniteNetwork f = FiniteNetwork.initialise(spec("relu", Parameterisation.NTK), init, 3, K);
            Matrix joint = EmpiricalNtk.structured(f, stack(xt, x));
            Matrix rect = EmpiricalNtk.structured(f, xt, x);
            assertEquals(4 * K, rect.rows());
            assertEquals(9 * K, rect.cols());
            int nj = 13;
            for (int a = 0; a < K; a++) {
                for (int b = 0; b < K; b++) {
                    for (int i = 0; i < 4; i++) {
                        for (int j = 0; j < 9; j++) {
                            assertEquals(joint.get(a * nj + i, b * nj + 4 + j), rect.get(a * 4 + i, b * 9 + j), 1e-13 * joint.maxAbs());
                        }
                    }
                }
            }
            Matrix theta = EmpiricalNtk.structured(f, x);
            SymmetricOperator op = EmpiricalNtk.operator(f, x);
            assertEquals(9 * K, op.size());
            double[] v = gaussian(9 * K, 1, 6).data();
            double[] kv = new double[9 * K];
            op.apply(v, kv);
            double scale = 0;
            double err = 0;
            for (int r = 0; r < 9 * K; r++) {
                double e = 0;
                for (int c = 0; c < 9 * K; c++) {
                    e += theta.get(r, c) * v[c];
                }
                scale = Math.max(scale, Math.abs(e));
                err = Math.max(err, Math.abs(e - kv[r]));
            }
            assertTrue(err <= 1e-12 * scale, init.scheme() + ": matrix-free vs structured " + err / scale);
        }
    }

    /**
     * At width m the cross-output blocks of Θ are sums of m mean-zero terms scaled by 1/m, so they
     * shrink like 1/√m while the diagonal blocks converge: the limit is Θ_scalar ⊗ I_k. Over four
     * draws at m = 64 and m = 16384 the ratio ‖Θ_01‖_F/‖Θ_00‖_F must fall by at least 8 (√256 = 16 expected)
     * and be below 0.03 at the larger width.
     */
    @Test
    void crossOutputBlocksVanishAsTheWidthGrows() {
        Matrix x = gaussian(8, 3, 7);
        double[] ratio = new double[2];
        int[] widths = {64, 16384};
        for (int w = 0; w < 2; w++) {
            ArchitectureSpec spec = Preset.JACOT.spec(3, 1, new int[] {widths[w]});
            for (int draw = 0; draw < 4; draw++) {
                Matrix theta = EmpiricalNtk.structured(Network.initialise(spec, Initialisation.standard(), 100 + draw, 2), x);
                double diag = 0;
                double off = 0;
                for (int i = 0; i < 8; i++) {
                    for (int j = 0; j < 8; j++) {
                        diag += theta.get(i, j) * theta.get(i, j);
                        off += theta.get(i, 8 + j) * theta.get(i, 8 + j);
                    }
                }
                ratio[w] += Math.sqrt(off / diag) / 4;
            }
        }
        assertTrue(ratio[1] <= 0.03, "cross-output block at m = 16384: " + ratio[1]);
        assertTrue(ratio[0] >= 8 * ratio[1], "ratio fell from " + ratio[0] + " to " + ratio[1]);
    }

    @Test
    void scalarOnlyPathsNameTheOutputs() {
        Matrix x = gaussian(4, 3, 8);
        Network net = Network.initialise(spec("relu", Parameterisation.NTK), Initialisation.standard(), 1, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.jacobian(net.forward(x), 0, 4));
        assertTrue(e.getMessage().contains("scalar output") && e.getMessage().contains("2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EmpiricalNtk.jacobian(net, x));
        assertThrows(IllegalArgumentException.class, () -> EmpiricalNtk.structuredSingle(net, x, d -> { }));
        assertThrows(IllegalStateException.class, () -> net.forward(x).back());
        e = assertThrows(IllegalArgumentException.class, () -> net.gradient(net.forward(x), new double[4]));
        assertTrue(e.getMessage().contains("4 × 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Network.initialise(spec("relu", Parameterisation.NTK), Initialisation.standard(), 1, 0));
        assertTrue(e.getMessage().contains("at least one output"), e.getMessage());
    }

    private static Matrix stack(Matrix a, Matrix b) {
        Matrix s = new Matrix(a.rows() + b.rows(), a.cols(), new double[(a.rows() + b.rows()) * a.cols()]);
        for (int c = 0; c < a.cols(); c++) {
            for (int i = 0; i < a.rows(); i++) {
                s.set(i, c, a.get(i, c));
            }
            for (int i = 0; i < b.rows(); i++) {
                s.set(a.rows() + i, c, b.get(i, c));
            }
        }
        return s;
    }
}
