package org.ntklab.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import static org.ntklab.TestData.gaussian;
import static org.ntklab.TestData.relErr;
import static org.ntklab.TestData.slope;
import static org.ntklab.TestData.sphere;

import org.ntklab.kernel.Activation;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.BiasPlacement;
import org.ntklab.kernel.Parameterisation;
import org.ntklab.kernel.Preset;
import org.ntklab.kernel.SpecBuilder;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.runtime.ThreadBudget;

class NetworkTest {




    static ArchitectureSpec small(String act, Parameterisation param) {
        return new SpecBuilder().preset(Preset.CUSTOM).widths(6, 5).activation(Activation.parse(act)).weightVar(1.7)
                .bias(BiasPlacement.ALL).biasVar(0.3).parameterisation(param).build(3);
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() {
        Matrix x = gaussian(4, 3, 1);
        String[] acts = {"relu", "leaky-relu:0.1", "abs", "erf", "sigmoid", "tanh", "gelu", "softplus", "identity", "sin"};
        for (String act : acts) {
            for (Parameterisation param : Parameterisation.values()) {
                Network net = Network.initialise(small(act, param), Initialisation.standard(), 7);
                Pass pass = net.forward(x);
                Matrix jac = net.jacobian(pass, 0, x.rows());
                int col = 0;
                double worst = 0;
                for (int l = 1; l <= net.layers(); l++) {
                    for (double[] theta : new double[][] {net.weights(l), net.biases(l)}) {
                        for (int k = 0; k < theta.length; k++) {
                            double keep = theta[k];
                            double step = 1e-6 * Math.max(1, Math.abs(keep));
                            theta[k] = keep + step;
                            double[] up = net.output(x);
                            theta[k] = keep - step;
                            double[] down = net.output(x);
                            theta[k] = keep;
                            for (int i = 0; i < x.rows(); i++) {
                                double fd = (up[i] - down[i]) / (2 * step);
                                double an = jac.get(i, col);
                                worst = Math.max(worst, Math.abs(fd - an) / Math.max(1e-3, Math.abs(an)));
                            }
                            col++;
                        }
                    }
                }
                assertEquals(jac.cols(), col, "every parameter visited");
                assertTrue(worst <= 1e-6, act + "/" + param + ": worst relative FD error " + worst);
            }
        }
    }

    @Test
    void lossGradientIsJacobianTransposeTimesResiduals() {
        Matrix x = gaussian(9, 3, 2);
        Network net = Network.initialise(small("tanh", Parameterisation.NTK), Initialisation.standard(), 3);
        Pass pass = net.forward(x);
        double[] r = gaussian(9, 1, 4).data();
        Network.Gradient g = net.gradient(pass, r);
        Matrix jac = net.jacobian(pass, 0, 9);
        int col = 0;
        for (int l = 1; l <= net.layers(); l++) {
            for (double[] grad : new double[][] {g.weights()[l], g.biases()[l]}) {
                for (double v : grad) {
                    double expected = 0;
                    for (int i = 0; i < 9; i++) {
                        expected += r[i] * jac.get(i, col);
                    }
                    assertEquals(expected, v, 1e-12 * Math.max(1, Math.abs(expected)));
                    col++;
                }
            }
        }
    }

    @Test
    void gradientWithFrozenLayersAndReusedBuffersIsJacobianTransposeTimesResiduals() {
        Matrix x = gaussian(9, 3, 2);
        PassBuffers buffers = new PassBuffers();
        for (int[] trainable : new int[][] {{2}, {1, 3}, {3}, {1}}) {
            ArchitectureSpec spec = new SpecBuilder().preset(Preset.CUSTOM).widths(6, 5).activation(Activation.parse("relu"))
                    .bias(BiasPlacement.ALL).biasVar(0.3).trainable(trainable).build(3);
            Network net = Network.initialise(spec, Initialisation.standard(), 5);
            for (long seed = 4; seed <= 5; seed++) { // the second pass overwrites the first one's buffers
                Pass pass = net.forward(x, buffers);
                double[] r = gaussian(9, 1, seed).data();
                Network.Gradient g = net.gradient(pass, r, buffers);
                Matrix jac = net.jacobian(net.forward(x), 0, 9);
                int col = 0;
                for (int l = 1; l <= net.layers(); l++) {
                    boolean on = spec.isTrainable(l);
                    assertEquals(on, g.weights()[l] != null, "layer " + l);
                    if (!on) {
                        continue;
                    }
                    for (double[] grad : new double[][] {g.weights()[l], g.biases()[l]}) {
                        for (double v : grad) {
                            double expected = 0;
                            for (int i = 0; i < 9; i++) {
                                expected += r[i] * jac.get(i, col);
                            }
                            assertEquals(expected, v, 1e-12 * Math.max(1, Math.abs(expected)));
                            col++;
                        }
                    }
                }
                assertEquals(jac.cols(), col, "every trainable parameter visited");
            }
        }
    }

    @Test
    void structuredJacobianAndMatrixFreeAgree() {
        Matrix x = gaussian(37, 3, 5);
        for (Parameterisation param : Parameterisation.values()) {
            for (String act : new String[] {"relu", "tanh"}) {
                ArchitectureSpec spec = small(act, param);
                FiniteNetwork net = Network.initialise(spec, Initialisation.standard(), 11);
                Matrix s = EmpiricalNtk.structured(net, x);
                Matrix j = EmpiricalNtk.jacobian(net, x);
                assertTrue(relErr(j, s) <= 1e-10, "structured vs Jacobian " + relErr(j, s));
                assertTrue(s.isExactlySymmetric());
                SymmetricOperator op = EmpiricalNtk.operator(net, x);
                double[] v = gaussian(37, 1, 6).data();
                double[] kv = new double[37];
                op.apply(v, kv);
                double scale = 0, err = 0;
                for (int i = 0; i < 37; i++) {
                    double e = 0;
                    for (int k = 0; k < 37; k++) {
                        e += j.get(i, k) * v[k];
                    }
                    scale = Math.max(scale, Math.abs(e));
                    err = Math.max(err, Math.abs(e - kv[i]));
                }
                assertTrue(err / scale <= 1e-10, "matrix-free vs Jacobian " + err / scale);
                // rectangular against the symmetric kernel of the union
                Matrix xt = gaussian(5, 3, 8);
                Matrix rect = EmpiricalNtk.structured(net, xt, x);
                Matrix jointRows = stack(xt, x);
                Matrix joint = EmpiricalNtk.jacobian(net, jointRows);
                for (int i = 0; i < 5; i++) {
                    for (int k = 0; k < 37; k++) {
                        assertEquals(joint.get(i, 5 + k), rect.get(i, k), 1e-10 * joint.maxAbs());
                    }
                }
            }
        }
    }

    @Test
    void partialNtkIsTheSumOfTheChosenLayers() {
        Matrix x = gaussian(20, 3, 9);
        ArchitectureSpec spec = small("erf", Parameterisation.NTK);
        Matrix sum = new Matrix(20, 20, new double[400]);
        for (int l : new int[] {1, 3}) {
            Matrix part = EmpiricalNtk.structured(Network.initialise(spec.withTrainable(l), Initialisation.standard(), 4), x);
            for (int k = 0; k < 400; k++) {
                sum.data()[k] += part.data()[k];
            }
        }
        Matrix both = EmpiricalNtk.structured(Network.initialise(spec.withTrainable(1, 3), Initialisation.standard(), 4), x);
        assertTrue(relErr(both, sum) <= 1e-13);
        Matrix bothJ = EmpiricalNtk.jacobian(Network.initialise(spec.withTrainable(1, 3), Initialisation.standard(), 4), x);
        assertTrue(relErr(bothJ, both) <= 1e-10);
    }

    @Test
    void mirroredOutputIsZeroAndItsKernelIsOneCopys() {
        Matrix x = gaussian(25, 3, 10);
        ArchitectureSpec spec = small("gelu", Parameterisation.NTK);
        FiniteNetwork mirrored = FiniteNetwork.initialise(spec, Initialisation.mirrored(), 12);
        for (double f : mirrored.output(x)) {
            assertEquals(0.0, f);
        }
        Network single = Network.initialise(spec, Initialisation.standard(), 12);
        Matrix a = EmpiricalNtk.structured(single, x);
        Matrix b = EmpiricalNtk.structured(mirrored, x);
        assertTrue(relErr(a, b) <= 1e-15, "" + relErr(a, b));
    }

    @Test
    void duPresetHasSignOutputWeightsAndTrainsOnlyTheFirstLayer() {
        ArchitectureSpec du = Preset.DU.spec(4, 1, new int[] {50});
        Network net = Network.initialise(du, Initialisation.standard(), 3);
        for (double a : net.weights(2)) {
            assertEquals(1.0, Math.abs(a));
        }
        assertEquals(4L * 50, net.trainableParameters());
    }

    @Test
    void sameSeedSameNetworkAndKernelWhateverTheThreads() {
        Matrix x = gaussian(300, 8, 13);
        ArchitectureSpec spec = new SpecBuilder().preset(Preset.JACOT).widths(257, 130).build(8);
        int before = ThreadBudget.threads();
        try {
            Matrix first = null;
            Network ref = null;
            for (int t : new int[] {1, 2, 8}) {
                ThreadBudget.setThreads(t);
                Network net = Network.initialise(spec, Initialisation.standard(), 99);
                Matrix k = EmpiricalNtk.structured(net, x);
                if (ref == null) {
                    ref = net;
                    first = k;
                } else {
                    for (int l = 1; l <= net.layers(); l++) {
                        assertArrayEquals(ref.weights(l), net.weights(l), 0.0);
                        assertArrayEquals(ref.biases(l), net.biases(l), 0.0);
                    }
                    assertTrue(relErr(first, k) <= 1e-12, t + " threads: " + relErr(first, k));
                }
            }
        } finally {
            ThreadBudget.setThreads(before);
        }
    }

    @Test
    void matrixFreeProductOverManyRowBlocksMatchesTheStructuredKernelAndIgnoresThreads() {
        // 700 rows: three row blocks of the fused product (the last one short); biases on every layer
        // and a mirrored network exercise every term
        Matrix x = gaussian(700, 4, 21);
        ArchitectureSpec spec = new SpecBuilder().preset(Preset.CUSTOM).widths(9, 7).activation(Activation.parse("tanh"))
                .weightVar(1.3).bias(BiasPlacement.ALL).biasVar(0.4).build(4);
        FiniteNetwork net = FiniteNetwork.initialise(spec, Initialisation.mirrored(), 5);
        Matrix k = EmpiricalNtk.structured(net, x);
        double[] v = gaussian(700, 1, 22).data();
        double[] want = new double[700];
        double scale = 0;
        for (int i = 0; i < 700; i++) {
            for (int c = 0; c < 700; c++) {
                want[i] += k.get(i, c) * v[c];
            }
            scale = Math.max(scale, Math.abs(want[i]));
        }
        int before = ThreadBudget.threads();
        double[] first = null;
        try {
            for (int t : new int[] {1, 2, 8}) {
                ThreadBudget.setThreads(t);
                double[] kv = new double[700];
                java.util.Arrays.fill(kv, Double.NaN); // the product overwrites, never accumulates
                EmpiricalNtk.operator(net, x).apply(v, kv);
                double err = 0;
                for (int i = 0; i < 700; i++) {
                    err = Math.max(err, Math.abs(kv[i] - want[i]));
                }
                assertTrue(err <= 1e-12 * scale, t + " threads: matrix-free vs structured " + err / scale);
                if (first == null) {
                    first = kv;
                } else {
                    assertArrayEquals(first, kv, 0.0, t + " threads");
                }
            }
        } finally {
            ThreadBudget.setThreads(before);
        }
    }

    @Test
    void empiricalNtkConvergesToTheAnalyticOneAtRateOneOverSqrtWidth() {
        Matrix x = sphere(12, 4, 14);
        int[] widths = {64, 128, 256, 512, 1024, 2048, 4096};
        int seeds = 4;
        for (Preset p : new Preset[] {Preset.ARORA, Preset.JACOT}) {
            ArchitectureSpec base = p.spec(4, 2, null);
            Matrix analytic = new AnalyticKernel(base).ntk(x);
            double[] lx = new double[widths.length];
            double[] ly = new double[widths.length];
            for (int k = 0; k < widths.length; k++) {
                double mean = 0;
                for (int s = 0; s < seeds; s++) {
                    Network net = Network.initialise(base.withWidths(widths[k], widths[k]), Initialisation.standard(), 1000L * k + s);
                    Matrix e = EmpiricalNtk.structured(net, x);
                    double diff = 0;
                    for (int q = 0; q < e.data().length; q++) {
                        double dd = e.data()[q] - analytic.data()[q];
                        diff += dd * dd;
                    }
                    mean += Math.sqrt(diff) / analytic.frobeniusNorm() / seeds;
                }
                lx[k] = Math.log(widths[k]);
                ly[k] = Math.log(mean);
            }
            double slope = slope(lx, ly);
            System.out.printf("%s: ‖K_emp − K_analytic‖_F/‖K_analytic‖_F %.3g at width 64, %.3g at 4096; fitted slope %.3f%n", p,
                    Math.exp(ly[0]), Math.exp(ly[ly.length - 1]), slope);
            assertTrue(slope >= -0.65 && slope <= -0.35, p + ": fitted slope " + slope);
        }
    }

    @Test
    void badNetworksAndInputsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> new SpecBuilder().widths(5, 0).build(3));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SpecBuilder().depth(3).widths(5, 5).build(3))
                .getMessage().contains("widths"));
        Network net = Network.initialise(new SpecBuilder().widths(4).build(2), Initialisation.standard(), 1);
        Matrix nan = Matrix.of(new double[] {1, Double.NaN});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> net.forward(nan)).getMessage().contains("NaN"));
        Matrix wide = gaussian(3, 2, 1);
        Network big = Network.initialise(new SpecBuilder().widths(4096, 4096).build(2), Initialisation.standard(), 1);
        Pass pass = big.forward(wide);
        String msg = assertThrows(IllegalArgumentException.class, () -> big.jacobian(pass, 0, 200_000)).getMessage();
        assertTrue(msg.contains("structured") || msg.contains("matrix-free"), msg);
    }

    static Matrix stack(Matrix a, Matrix b) {
        Matrix s = new Matrix(a.rows() + b.rows(), a.cols(), new double[(a.rows() + b.rows()) * a.cols()]);
        for (int i = 0; i < a.rows(); i++) {
            for (int k = 0; k < a.cols(); k++) {
                s.set(i, k, a.get(i, k));
            }
        }
        for (int i = 0; i < b.rows(); i++) {
            for (int k = 0; k < a.cols(); k++) {
                s.set(a.rows() + i, k, b.get(i, k));
            }
        }
        return s;
    }

}
