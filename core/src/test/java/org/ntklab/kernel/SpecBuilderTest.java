package org.ntklab.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SpecBuilderTest {

    @Test
    void perLayerBiasVariancesGiveAnyLayout() {
        ArchitectureSpec s = new SpecBuilder().preset(Preset.ARORA).depth(3).biasVars(0, 0.2, 0, 0.5).build(4);
        assertArrayEquals(new double[] {0, 0.2, 0, 0.5}, s.biasVar());
        assertEquals(false, s.hasBias(1));
        assertEquals(true, s.hasBias(2));
    }

    @Test
    void perLayerBiasVariancesAreCheckedAndExclusive() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new SpecBuilder().depth(2).biasVars(0.1, 0).build(3))
                .getMessage().contains("3 values"));
        assertThrows(IllegalArgumentException.class, () -> new SpecBuilder().depth(2).biasVars(0.1, -1, 0).build(3));
        assertThrows(IllegalArgumentException.class, () -> new SpecBuilder().depth(2).bias(BiasPlacement.ALL).biasVars(0.1, 0, 0).build(3));
    }

    @Test
    void aBiasVarianceNeverAddsBiasesByItself() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SpecBuilder().preset(Preset.ARORA).biasVar(0.1).build(3));
        assertTrue(e.getMessage().contains("preset arora has none"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SpecBuilder().bias(BiasPlacement.NONE).biasVar(0.1).build(3));
        // on a preset with biases it sets their variance, where they are
        ArchitectureSpec jacot = new SpecBuilder().preset(Preset.JACOT).biasVar(0.3).build(3);
        for (int l = 1; l <= jacot.depth() + 1; l++) {
            assertEquals(0.3, jacot.biasVar(l), "layer " + l);
        }
        ArchitectureSpec chen = new SpecBuilder().preset(Preset.CHEN_LI_LIN).biasVar(0.3).build(3);
        assertEquals(0.3, chen.biasVar(1));
        assertEquals(0, chen.biasVar(2), "chen-li-lin's bias is on the first layer only, and stays there");
    }
}
