package org.ntklab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The JMH annotation processor ran (javac 23+ skips processors it is not told about explicitly). */
class BenchmarkListTest {

    @Test
    void benchmarkListNamesEveryBenchmark() throws IOException {
        try (InputStream in = BenchmarkListTest.class.getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList missing: the JMH annotation processor did not run");
            String list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(list.contains("org.ntklab.bench.jmh_generated.BlasBench_dgemm_jmhTest"), list);
            assertTrue(list.contains("org.ntklab.bench.jmh_generated.BlasBench_dsyrk_jmhTest"), list);
            assertTrue(list.contains("org.ntklab.bench.jmh_generated.KernelBench_ntkGram_jmhTest"), list);
            assertTrue(list.contains("org.ntklab.bench.jmh_generated.EmpiricalBench_structured_jmhTest"), list);
            assertTrue(list.contains("org.ntklab.bench.jmh_generated.JacobianBench_jacobian_jmhTest"), list);
        }
    }

    @Test
    void flopCountsMatchTheOperations() {
        assertEquals(2.0 * 8 * 8 * 8, BlasBench.flops("dgemm", 8));
        assertEquals(8.0 * 8 * 8, BlasBench.flops("dsyrk", 8));
    }
}
