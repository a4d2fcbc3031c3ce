package org.ntklab.train;

import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.linalg.Trans;
import org.ntklab.linalg.Uplo;
import org.ntklab.net.ParameterStreams;

/**
 * The Gaussian process f^GP ~ GP(0, Σ) jointly on the train points X and the test points X*: the
 * output of an infinitely wide network at standard initialisation, with Σ its NNGP kernel
 * (formulas sheet §5). Draws are f = L z with L the Cholesky factor of the joint covariance
 * [[Σ(X,X), Σ(X,X*)], [Σ(X*,X), Σ(X*,X*)]] plus the smallest jitter on its diagonal, from the
 * ladder 1e−12, 1e−11, …, 1e−6 × mean diagonal, that lets the factorisation succeed, and z
 * standard normal.
 *
 * <p>Draw number j of seed s always takes z from the {@link ParameterStreams} stream
 * (s, layer {@value #STREAM_LAYER}, kind OTHER, row j), so a draw depends only on the seed and its
 * number, not on the thread count or on which other draws are made with it: bit for bit on the
 * pure-Java backend, to rounding (~1e−15) where native BLAS splits its work by thread count or
 * batch shape.
 */
public final class GaussianProcessPrior {

    /** The "layer" number of the random streams of the draws (kind OTHER); other users of OTHER should avoid it. */
    public static final int STREAM_LAYER = 0x4750; // "GP"

    /**
     * The jitter ladder, as powers of ten of the mean diagonal: 1e−12 × mean diagonal first,
     * growing tenfold up to 1e−6. The first rung is always added, even when Σ is positive
     * definite: a singular Σ (a test point repeating a training point) often passes Cholesky
     * without jitter on a rounding-level pivot, and the jitter keeps every pivot above it at a
     * cost far below any Monte-Carlo error. A true covariance whose entries are accurate to
     * ~1e−13 needs little more than n·1e−13; failing beyond 1e−6 means Σ is not a covariance.
     */
    public static final int FIRST_JITTER_EXPONENT = -12;

    /** The last rung of the jitter ladder (see {@link #FIRST_JITTER_EXPONENT}). */
    public static final int MAX_JITTER_EXPONENT = -6;

    private final int n;
    private final int m;
    private final double[] factor;
    private final double jitter;

    /**
     * The prior with covariance blocks Σ(X,X) (n×n), Σ(X*,X) (m×n) and Σ(X*,X*) (m×m). The two test
     * blocks may both be {@code null} for a prior on the training points only.
     */
    public GaussianProcessPrior(Matrix trainCov, Matrix testTrainCov, Matrix testCov) {
        this(joint(trainCov, testTrainCov, testCov), trainCov.rows());
    }

    /** The NNGP prior of {@code kernel} on the rows of {@code x} and of {@code xTest} (may be {@code null}). */
    public static GaussianProcessPrior of(AnalyticKernel kernel, Matrix x, Matrix xTest) {
        Checks.notNull(x, "the training points X");
        if (xTest != null && xTest.cols() != x.cols()) {
            throw new IllegalArgumentException("the test points have " + xTest.cols() + " columns but the training points have "
                    + x.cols());
        }
        // one symmetric Gram of the stacked points: exactly symmetric, exact self-pairs
        return new GaussianProcessPrior(kernel.nngp(stack(x, xTest)), x.rows());
    }

    private GaussianProcessPrior(Matrix joint, int n) {
        this.n = n;
        this.m = joint.rows() - n;
        int size = joint.rows();
        if (size == 0) {
            throw new IllegalArgumentException("the covariance is empty: need at least one point");
        }
        double mean = 0;
        for (int i = 0; i < size; i++) {
            mean += joint.get(i, i);
        }
        mean /= size;
        if (!(mean > 0)) {
            throw new IllegalArgumentException("the covariance has mean diagonal " + mean + ": variances must be positive");
        }
        MemoryCheck.requireArray(size, size, "the Cholesky factor of the " + size + "×" + size + " joint covariance");
        double relative = 0;
        double[] l = null;
        for (int e = FIRST_JITTER_EXPONENT; l == null; e++) {
            if (e > MAX_JITTER_EXPONENT) {
                throw new IllegalArgumentException("the covariance is not positive semi-definite: Cholesky fails even with "
                        + "jitter 1e" + MAX_JITTER_EXPONENT + " × mean diagonal (" + Math.pow(10, MAX_JITTER_EXPONENT) * mean + ")");
            }
            relative = Math.pow(10, e);
            l = tryFactor(joint, relative * mean);
        }
        // dgemm multiplies the full array, so the factor's strict upper triangle must be zero
        for (int j = 1; j < size; j++) {
            java.util.Arrays.fill(l, j * size, j * size + j, 0.0);
        }
        this.factor = l;
        this.jitter = relative * mean;
    }

    private static double[] tryFactor(Matrix joint, double jitter) {
        int size = joint.rows();
        double[] a = joint.data().clone();
        for (int i = 0; i < size; i++) {
            a[i + i * size] += jitter;
        }
        return Backends.lapack().dpotrf(Uplo.LOWER, size, a, 0, size) == 0 ? a : null;
    }

    /** The number n of training points. */
    public int trainSize() {
        return n;
    }

    /** The number m of test points. */
    public int testSize() {
        return m;
    }

    /** The jitter added to the joint covariance's diagonal (absolute: a power of ten times the mean diagonal). */
    public double jitter() {
        return jitter;
    }

    /** Draw number {@code index} of the given seed. */
    public PriorDraws draw(long seed, long index) {
        return draws(seed, index, 1);
    }

    /** Draws number {@code first} … {@code first + count − 1} of the given seed, one per column. */
    public PriorDraws draws(long seed, long first, int count) {
        if (first < 0 || count < 1) {
            throw new IllegalArgumentException("draws need first ≥ 0 and count ≥ 1, got first " + first + ", count " + count);
        }
        int size = n + m;
        MemoryCheck.requireArrays(2, size, count, "the " + count + " draws on " + size + " points");
        ParameterStreams streams = new ParameterStreams(seed);
        double[] z = new double[size * count];
        for (int c = 0; c < count; c++) {
            streams.gaussian(STREAM_LAYER, ParameterStreams.Kind.OTHER, first + c, 1.0, z, c * size, size);
        }
        double[] f = new double[size * count];
        Backends.blas().dgemm(Trans.N, Trans.N, size, count, size, 1.0, factor, 0, size, z, 0, size, 0.0, f, 0, size);
        double[] train = new double[n * count];
        double[] test = new double[m * count];
        for (int c = 0; c < count; c++) {
            System.arraycopy(f, c * size, train, c * n, n);
            System.arraycopy(f, c * size + n, test, c * m, m);
        }
        return new PriorDraws(new Matrix(n, count, train), new Matrix(m, count, test));
    }

    private static Matrix joint(Matrix trainCov, Matrix testTrainCov, Matrix testCov) {
        Checks.symmetric(trainCov, "Σ(X, X)");
        int n = trainCov.rows();
        if ((testTrainCov == null) != (testCov == null)) {
            throw new IllegalArgumentException("Σ(X*, X) and Σ(X*, X*) must be given together (or both null)");
        }
        int m = testCov == null ? 0 : testCov.rows();
        if (testCov != null) {
            Checks.symmetric(testCov, "Σ(X*, X*)");
            Checks.shape(testTrainCov, m, n, "Σ(X*, X)", "test points × training points");
            Checks.finite(testTrainCov, "Σ(X*, X)");
        }
        int size = n + m;
        MemoryCheck.requireArray(size, size, "the " + size + "×" + size + " joint covariance");
        double[] a = new double[size * size];
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                double v;
                if (i < n && j < n) {
                    v = trainCov.get(i, j);
                } else if (i >= n && j >= n) {
                    v = testCov.get(i - n, j - n);
                } else {
                    v = i >= n ? testTrainCov.get(i - n, j) : testTrainCov.get(j - n, i);
                }
                a[i + j * size] = v;
            }
        }
        return new Matrix(size, size, a);
    }

    private static Matrix stack(Matrix x, Matrix xTest) {
        if (xTest == null) {
            return x;
        }
        int n = x.rows();
        int m = xTest.rows();
        int d = x.cols();
        double[] s = new double[(n + m) * d];
        for (int c = 0; c < d; c++) {
            System.arraycopy(x.data(), c * n, s, c * (n + m), n);
            System.arraycopy(xTest.data(), c * m, s, c * (n + m) + n, m);
        }
        return new Matrix(n + m, d, s);
    }
}
