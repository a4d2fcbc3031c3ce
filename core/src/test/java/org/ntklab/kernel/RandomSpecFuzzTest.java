package org.ntklab.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.ntklab.TestData;
import org.ntklab.eigen.Spectrum;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;

/**
 * Property tests over random valid specs (preset, depth, widths, activation, parameterisation,
 * biases, variances, trainable layers), drawn from a fixed seed so a failure is reproducible by
 * its index: the analytic kernels are finite, exactly symmetric and PSD within 1e−12·λ_max, and
 * the three empirical NTK methods (structured, Jacobian, matrix-free) agree.
 */
class RandomSpecFuzzTest {

    private static final String[] ACTIVATIONS = {"relu", "leaky-relu:0.2", "abs", "erf", "identity", "sigmoid", "tanh", "gelu",
        "softplus", "sin"};
    private static final int SPECS = 40;

    /** Spec number {@code k} of the fuzz sequence, for input dimension d. */
    static ArchitectureSpec randomSpec(SplittableRandom r, int d) {
        Preset preset = Preset.values()[r.nextInt(Preset.values().length)];
        int depth = 1 + r.nextInt(preset == Preset.DU ? 1 : 5);
        int[] widths = new int[depth];
        for (int l = 0; l < depth; l++) {
            widths[l] = 3 + r.nextInt(12);
        }
        SpecBuilder b = new SpecBuilder().preset(preset).depth(depth).widths(widths);
        if (preset == Preset.CUSTOM || r.nextInt(3) == 0) {
            b.activation(Activation.parse(ACTIVATIONS[r.nextInt(ACTIVATIONS.length)]));
            b.weightVar(0.5 + 2 * r.nextDouble());
            BiasPlacement bias = BiasPlacement.values()[r.nextInt(BiasPlacement.values().length)];
            b.bias(bias);
            if (bias != BiasPlacement.NONE) {
                b.biasVar(0.05 + r.nextDouble());
            }
            b.parameterisation(Parameterisation.values()[r.nextInt(Parameterisation.values().length)]);
        }
        if (preset != Preset.DU && r.nextInt(3) == 0) {
            b.trainable(1 + r.nextInt(depth + 1));
        }
        return b.build(d);
    }

    @Test
    void analyticKernelsOfRandomSpecsAreFiniteSymmetricAndPsd() {
        SplittableRandom r = new SplittableRandom(20261123);
        for (int k = 0; k < SPECS; k++) {
            int d = 2 + r.nextInt(6);
            ArchitectureSpec spec = randomSpec(r, d);
            Matrix x = TestData.gaussian(25 + r.nextInt(40), d, 100 + k);
            KernelPair both = new AnalyticKernel(spec).compute(x);
            for (Matrix m : new Matrix[] {both.ntk(), both.nngp()}) {
                for (double v : m.data()) {
                    assertTrue(Double.isFinite(v), "spec " + k + " " + spec + ": non-finite entry");
                }
                assertTrue(m.isExactlySymmetric(), "spec " + k + " " + spec + ": not exactly symmetric");
                double[] ev = Spectrum.all(m, false).values();
                double top = ev[ev.length - 1];
                assertTrue(ev[0] >= -1e-12 * top, "spec " + k + " " + spec + ": λ_min " + ev[0] + " vs λ_max " + top);
            }
        }
    }

    @Test
    void empiricalMethodsAgreeOnRandomSpecs() {
        SplittableRandom r = new SplittableRandom(7);
        for (int k = 0; k < SPECS; k++) {
            int d = 2 + r.nextInt(4);
            ArchitectureSpec spec = randomSpec(r, d);
            Initialisation init = r.nextBoolean() ? Initialisation.standard() : Initialisation.mirrored();
            FiniteNetwork net = FiniteNetwork.initialise(spec, init, k);
            Matrix x = TestData.gaussian(12 + r.nextInt(10), d, 300 + k);
            Matrix structured = EmpiricalNtk.structured(net, x);
            Matrix jacobian = EmpiricalNtk.jacobian(net, x);
            SymmetricOperator op = EmpiricalNtk.operator(net, x);
            double scale = Math.max(structured.maxAbs(), Double.MIN_NORMAL);
            assertTrue(TestData.relErr(structured, jacobian) <= 1e-10, "spec " + k + " " + spec + ": structured vs Jacobian");
            int n = x.rows();
            double[] e = new double[n];
            double[] col = new double[n];
            for (int j = 0; j < n; j++) {
                java.util.Arrays.fill(e, 0);
                e[j] = 1;
                op.apply(e, col);
                for (int i = 0; i < n; i++) {
                    assertTrue(Math.abs(col[i] - structured.get(i, j)) <= 1e-10 * scale,
                            "spec " + k + " " + spec + ": matrix-free column " + j);
                }
            }
        }
    }
}
