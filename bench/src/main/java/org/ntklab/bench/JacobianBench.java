package org.ntklab.bench;

import java.util.concurrent.TimeUnit;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.EmpiricalNtk;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The Jacobian contraction J Jᵀ on {@link EmpiricalBench}'s network, at a size where the N × P
 * Jacobian (P ≈ 2.2 million) fits in memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class JacobianBench {

    /** Number of points. */
    @Param({"256"})
    public int points;

    private final EmpiricalBench same = new EmpiricalBench();

    /** The same network and data as EmpiricalBench at this size. */
    @Setup
    public void setup() {
        same.points = points;
        same.backend = "native";
        same.setup();
    }

    /** K(X, X) = J Jᵀ, Jacobian formation included. */
    @Benchmark
    public Matrix jacobian() {
        return EmpiricalNtk.jacobian(same.net, same.x);
    }
}
