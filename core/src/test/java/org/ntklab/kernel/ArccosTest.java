package org.ntklab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** The deterministic arccos: within one ulp of StrictMath's (fdlibm's), and the vector form is the scalar one bit for bit. */
class ArccosTest {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private static double[] arguments() {
        SplittableRandom r = new SplittableRandom(11);
        double[] x = new double[200_000];
        double[] edges = {-1, 1, 0, -0.0, 0.5, -0.5, Math.nextUp(0.5), Math.nextDown(-0.5), Math.nextDown(1.0), Math.nextUp(-1.0),
            1e-300, -1e-300, 1 - 1e-12, -1 + 1e-12, 0.9999999999999999};
        System.arraycopy(edges, 0, x, 0, edges.length);
        for (int i = edges.length; i < x.length; i++) {
            double u = r.nextDouble(-1, 1);
            // half of them crowded at ±1, where θ = arccos ρ is steepest and the NTK's ρ accumulate
            x[i] = i % 2 == 0 ? u : Math.copySign(1 - Math.pow(10, -r.nextDouble(1, 16)), u);
        }
        return x;
    }

    @Test
    void withinOneUlpOfStrictMath() {
        double worst = 0;
        for (double v : arguments()) {
            double ours = Arccos.scalar(v);
            double ref = StrictMath.acos(v);
            double ulps = Math.abs(ours - ref) / Math.ulp(ref == 0 ? Double.MIN_NORMAL : ref);
            worst = Math.max(worst, ulps);
        }
        assertTrue(worst <= 1.0, "worst error " + worst + " ulp");
        assertEquals(0.0, Arccos.scalar(1.0));
        assertEquals(new BigDecimal(Math.PI).doubleValue(), Arccos.scalar(-1.0), Math.ulp(Math.PI));
    }

    @Test
    void vectorLanesEqualTheScalarBitForBit() {
        double[] x = arguments();
        double[] v = new double[x.length];
        int k = 0;
        for (; k < S.loopBound(x.length); k += S.length()) {
            Arccos.of(DoubleVector.fromArray(S, x, k)).intoArray(v, k);
        }
        for (int i = 0; i < k; i++) {
            assertEquals(Double.doubleToRawLongBits(Arccos.scalar(x[i])), Double.doubleToRawLongBits(v[i]), "at x = " + x[i]);
        }
    }
}
