package org.ntklab.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ntklab.data.MatrixFiles;
import org.ntklab.eigen.CertifiedBracket;
import org.ntklab.eigen.DenseEigen;
import org.ntklab.eigen.DenseOperator;
import org.ntklab.eigen.EigenEstimate;
import org.ntklab.eigen.EigenOptions;
import org.ntklab.eigen.MatrixFreeEigen;
import org.ntklab.eigen.Spectrum;
import org.ntklab.eigen.SymmetricInput;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.linalg.tiled.TiledSingleCholesky;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.RunRecord;
import org.ntklab.tools.output.TerminalProgress;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ntk eig}: extreme eigenvalues (with a certified bracket for λ_min) or the whole spectrum of a Gram matrix. */
@Command(name = "eig", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"λ_min, λ_max or all eigenvalues of a Gram matrix (from --gram, or the NTK of --data), as one JSON object.",
            "min (dense): shift-invert Lanczos on Cholesky factors; --certify adds a proved bracket lower ≤ λ_min ≤ upper "
                + "(a Cholesky of K − lower·I with a rounding margin; exit status 2 if K is proved not PSD).",
            "matrix-free: Lanczos on v ↦ Kv (the empirical NTK never formed): an estimate with its residual.",
            "all: LAPACK dsyevd. --out writes the eigenvalues (all) or the unit eigenvector (min, max), plus FILE.meta.json."})
public final class EigCommand implements Callable<Integer> {

    /** The matrix: given, or the NTK of points; exactly one (picocli enforces it and says so). */
    static final class Source {
        @Option(names = "--gram", required = true, paramLabel = "K.npy|K.csv", description = "A symmetric Gram matrix.")
        Path gram;

        @Option(names = "--data", required = true, paramLabel = "X.npy|X.csv",
                description = "Points, one row per point: the NTK of the spec is used.")
        Path data;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source = new Source();

    @Option(names = "--kernel", paramLabel = "analytic|empirical", defaultValue = "analytic",
            description = "With --data: the analytic NTK, or the empirical NTK of a network with --widths (default ${DEFAULT-VALUE}).")
    Choices.KernelSource kernel;

    @Option(names = "--method", paramLabel = "dense|matrix-free", defaultValue = "dense",
            description = "dense: shift-invert with Cholesky (min) / Lanczos on K (max); matrix-free: Lanczos on v ↦ Kv only "
                    + "(default ${DEFAULT-VALUE}).")
    Choices.EigMethod method;

    @Option(names = "--init", paramLabel = "standard|mirrored", defaultValue = "standard",
            description = "Initialisation of the empirical network (default ${DEFAULT-VALUE}).")
    String init;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the empirical network's parameters (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--which", required = true, paramLabel = "min|max|all", description = "Which eigenvalues.")
    Choices.Which which;

    @Option(names = "--certify", description = "With --which min (dense): a certified bracket for λ_min.")
    boolean certify;

    @Option(names = "--tol", defaultValue = "1e-11", description = "Relative accuracy asked of λ (default ${DEFAULT-VALUE}).")
    double tol;

    @Option(names = "--max-iter", defaultValue = "5000", description = "Budget of Lanczos steps (default ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--max-seconds", description = "Budget of wall time for Lanczos.")
    Double maxSeconds;

    @Option(names = "--basis", defaultValue = "0", description = "Lanczos basis size (default: 24 for shift-invert, 64 otherwise; with --nystrom the Davidson basis, "
            + "default 48, a third kept at restarts).")
    int basis;

    @Option(names = "--nystrom", paramLabel = "R", defaultValue = "0",
            description = "With --method matrix-free --which min on an empirical NTK: Davidson (GD+k) preconditioned by a rank-R Nyström "
                    + "approximation from R columns of K (12·N·R bytes while built, 4·N·R kept); 0 (default): Lanczos.")
    int nystrom;

    @Option(names = "--single-factor",
            description = "With --method matrix-free --which min on an empirical NTK: block Davidson with exact products, "
                    + "preconditioned by a single-precision Cholesky of the NTK built tile by tile (about 2·N² bytes of heap; "
                    + "native BLAS only). Converges where --nystrom creeps; stops when the residual or its Kato–Temple estimate "
                    + "r²/(θ₂ − θ) is below --tol·θ.")
    boolean singleFactor;

    @Option(names = "--start-seed", defaultValue = "1", description = "Seed of the Lanczos start vector (default ${DEFAULT-VALUE}).")
    long startSeed;

    @Option(names = "--out", paramLabel = "FILE.npy|FILE.csv", description = "Eigenvalues (all) or the eigenvector (min, max).")
    Path out;

    @Option(names = "--vectors", paramLabel = "V.npy", description = "With --which all: the eigenvectors, one per column.")
    Path vectors;

    @Option(names = "--force", description = "Overwrite existing output files.")
    boolean force;

    @Mixin
    SpecOptions specOptions;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    private double tilesSeconds;
    private double factorSeconds;

    /** The empirical NTK in single-precision tiles, factored, with progress for both stages. */
    private TiledSingleCholesky singleFactor(FiniteNetwork net, Matrix x) {
        if (x.rows() < MatrixFreeEigen.SINGLE_FACTOR_MIN_SIZE) {
            throw new UserError("--single-factor needs at least " + MatrixFreeEigen.SINGLE_FACTOR_MIN_SIZE + " points, got "
                    + x.rows() + "; at this size the dense method (without --method matrix-free) is exact and fast");
        }
        long t = System.nanoTime();
        TiledSingleCholesky f;
        try (TerminalProgress bar = new TerminalProgress("NTK tiles (single)")) {
            f = EmpiricalNtk.structuredSingle(net, x, done -> bar.progress(Math.round(1000 * done), 1000));
        }
        tilesSeconds = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        boolean ok;
        try (TerminalProgress bar = new TerminalProgress("Cholesky (single)")) {
            ok = f.factor(done -> bar.progress(Math.round(1000 * done), 1000));
        }
        if (!ok) {
            throw new UserError("the empirical NTK is not positive definite in single precision (λ_min is 0, or below about "
                    + "1e-7·λ_max): --single-factor cannot precondition it; try --nystrom R");
        }
        factorSeconds = (System.nanoTime() - t) / 1e9;
        return f;
    }

    @Override
    public Integer call() throws IOException {
        String w = which.toString();
        String how = method.toString();
        String src = kernel.toString();
        Path gram = source.gram;
        Path data = source.data;
        if (certify && (!w.equals("min") || how.equals("matrix-free"))) {
            throw new UserError("--certify needs --which min and --method dense");
        }
        if (nystrom < 0) {
            throw new UserError("--nystrom must be 0 (off) or a positive rank, got " + nystrom);
        }
        if (nystrom > 0 && !(w.equals("min") && how.equals("matrix-free") && data != null && src.equals("empirical"))) {
            throw new UserError("--nystrom applies to --method matrix-free --which min on an empirical NTK (--data, --kernel empirical)");
        }
        if (singleFactor && (nystrom > 0 || !(w.equals("min") && how.equals("matrix-free") && data != null
                && src.equals("empirical")))) {
            throw new UserError("--single-factor applies to --method matrix-free --which min on an empirical NTK "
                    + "(--data, --kernel empirical), without --nystrom");
        }
        if (singleFactor && !TiledSingleCholesky.available()) {
            throw new UserError("--single-factor needs the native BLAS (OpenBLAS); this run uses " + Backends.blas().name());
        }
        if (w.equals("all") && how.equals("matrix-free")) {
            throw new UserError("--which all is a dense LAPACK decomposition: it cannot be matrix-free");
        }
        if (vectors != null && !w.equals("all")) {
            throw new UserError("--vectors needs --which all (for min and max, --out holds the eigenvector)");
        }
        EigenOptions options;
        try {
            options = EigenOptions.defaults().withTol(tol).withMaxMatvecs(maxIter).withBasis(basis).withSeed(startSeed);
            if (maxSeconds != null) {
                options = options.withMaxSeconds(maxSeconds);
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        if (out != null) {
            Output.checkMatrixOutput(out, force);
        }
        if (vectors != null) {
            Output.checkMatrixOutput(vectors, force);
        }
        RunRecord record = new RunRecord("eig", command.commandLine().getParseResult().originalArgs());
        Inputs.record(record, command);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("which", w);
        long t0 = System.nanoTime();
        String name;
        Matrix k = null;
        SymmetricOperator op;
        java.util.function.Function<int[], Matrix> columns = null; // K[:, S] without forming K (empirical NTK only)
        TiledSingleCholesky factor = null;
        if (gram != null) {
            name = gram.getFileName().toString();
            k = MatrixFiles.read(gram);
            SymmetricInput in = SymmetricInput.of(k, name);
            k = in.matrix();
            op = new DenseOperator(in);
            record.put("gram", gram.toAbsolutePath().normalize().toString());
        } else {
            name = "the NTK";
            Matrix x = MatrixFiles.read(data);
            ArchitectureSpec spec = specOptions.spec(x.cols());
            record.put("data", data.toAbsolutePath().normalize().toString()).put("spec", spec.describe()).put("spec_flags", specOptions.asMap())
                    .put("kernel", src);
            if (src.equals("analytic")) {
                k = new AnalyticKernel(spec, specOptions.quadrature()).ntk(x);
                op = new DenseOperator(SymmetricInput.of(k, name));
            } else {
                if (spec.widths() == null) {
                    throw new UserError("--kernel empirical needs --widths (one width per hidden layer)");
                }
                FiniteNetwork net = FiniteNetwork.initialise(spec, new Initialisation(Initialisation.Scheme.parse(init), null), seed);
                record.put("seed", seed).put("init", init);
                if (how.equals("matrix-free")) {
                    op = EmpiricalNtk.operator(net, x);
                    columns = indices -> EmpiricalNtk.structured(net, x, x.selectRows(indices));
                    if (singleFactor) {
                        factor = singleFactor(net, x);
                    }
                } else {
                    k = EmpiricalNtk.structured(net, x);
                    op = new DenseOperator(SymmetricInput.of(k, name));
                }
            }
        }
        double prepare = (System.nanoTime() - t0) / 1e9;
        result.put("n", op.size());
        Object written = null;
        Matrix eigenvectors = null;
        String problem = null;
        if (w.equals("all")) {
            Spectrum.Eigensystem es = Spectrum.all(k, vectors != null);
            double[] v = es.values();
            result.put("method", "LAPACK dsyevd");
            result.put("min", v[0]);
            result.put("max", v[v.length - 1]);
            written = v;
            eigenvectors = es.vectors();
        } else if (certify) {
            CertifiedBracket b = DenseEigen.certifyLambdaMin(SymmetricInput.of(k, name), options);
            result.put("method", switch (b.proof()) {
                case TEMPLE -> "single-precision block shift-invert, Temple bound with a deflated Cholesky, certified";
                case CHOLESKY -> "shift-invert Lanczos (Cholesky), certified";
                case EXACT -> "exact: the matrix is zero, so every eigenvalue is 0";
            });
            result.put("value", b.value());
            result.put("bracket", List.of(b.lower(), b.upper()));
            result.put("relative_width", b.relativeWidth());
            result.put("certified", true);
            result.put("psd", b.provesPositiveSemidefinite() ? "proved" : b.provesIndefinite() ? "disproved" : "undecided");
            result.put("converged", b.converged());
            result.put("iterations", b.iterations());
            result.put("factorisations", b.factorisations());
            result.put("residual", b.residual());
            result.put("shift", b.shift());
            result.put("margin", Json.number(b.margin()));
            result.put("proof", b.proof().name().toLowerCase(Locale.ROOT));
            written = b.vector();
            if (!b.converged()) {
                problem = String.format(Locale.ROOT, "Lanczos did not converge within %d iterations: best certified bracket "
                        + "[%.17g, %.17g] (raise --max-iter)", maxIter, b.lower(), b.upper());
            } else if (b.provesIndefinite()) {
                problem = String.format(Locale.ROOT, "%s is not positive semi-definite: λ_min ∈ [%.6g, %.6g] (certified)", name,
                        b.lower(), b.upper());
            }
        } else {
            EigenEstimate e;
            double tolerance = options.tol();
            if (how.equals("matrix-free")) {
                if (factor != null) {
                    try (TerminalProgress bar = new TerminalProgress("λ_min (Davidson)")) {
                        e = MatrixFreeEigen.lambdaMin(op, factor, options, (done, total, value, residual) -> {
                            bar.converging(residual, tolerance * Math.abs(value)); // its stopping rule: r ≤ tol·|θ|
                            bar.message(String.format(Locale.ROOT, "θ %.10g, residual %.2g", value, residual));
                        });
                    }
                } else if (w.equals("min") && nystrom > 0 && columns != null) {
                    try (TerminalProgress bar = new TerminalProgress("λ_min (Davidson)")) {
                        e = MatrixFreeEigen.lambdaMin(op, columns, nystrom, options, (done, total, value, residual) -> {
                            bar.converging(residual, tolerance * Math.abs(value)); // its stopping rule: r ≤ tol·|θ|
                            bar.message(String.format(Locale.ROOT, "θ %.10g, residual %.2g", value, residual));
                        });
                    }
                } else {
                    e = w.equals("min") ? MatrixFreeEigen.lambdaMin(op, options) : MatrixFreeEigen.lambdaMax(op, options);
                }
            } else {
                e = w.equals("min") ? DenseEigen.lambdaMin(SymmetricInput.of(k, name), options)
                        : DenseEigen.lambdaMax(SymmetricInput.of(k, name), options);
            }
            result.put("method", e.method());
            result.put("value", e.value());
            // what the residual guarantees: some eigenvalue lies within it (an estimate, not a certificate)
            result.put("bracket", List.of(e.low(), e.high()));
            result.put("bracket_meaning", "some eigenvalue lies in [value − residual, value + residual]; "
                    + (w.equals("min") ? "λ_min ≤ value" : "λ_max ≥ value"));
            result.put("certified", false);
            result.put("converged", e.converged());
            result.put("iterations", e.iterations());
            result.put("restarts", e.restarts());
            result.put("factorisations", e.factorisations());
            result.put("residual", e.residual());
            if (!Double.isNaN(e.shift())) {
                result.put("shift", e.shift());
            }
            if (!Double.isNaN(e.recentChange())) {
                result.put("recent_change", e.recentChange());
            }
            if (!Double.isNaN(e.errorEstimate())) {
                result.put("error_estimate", Json.number(e.errorEstimate()));
                result.put("stopping_rule", "residual ≤ tol·value, or the Kato–Temple estimate residual²/(θ₂ − value) ≤ tol·value "
                        + "(θ₂ the second Ritz value); tol = " + tol);
            }
            written = e.vector();
            if (!e.converged()) {
                String moving = Double.isNaN(e.recentChange()) ? ""
                        : String.format(Locale.ROOT, ", still moving by %.2g (relative) over the last quarter of the steps", e.recentChange());
                problem = String.format(Locale.ROOT, "%s did not converge within its budget (%d iterations): best estimate "
                        + "%.17g with residual %.3g%s (raise --max-iter or --max-seconds)", e.method().contains("Davidson")
                        ? "Davidson" : "Lanczos", maxIter, e.value(), e.residual(), moving);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (factor != null) {
            result.put("tiles_seconds", tilesSeconds);
            result.put("factor_seconds", factorSeconds);
            // n³/3 flops of a Cholesky: the rate to hold against the machine's single-precision GEMM rate
            result.put("factor_gflops", Math.pow(op.size(), 3) / 3 / factorSeconds / 1e9);
        }
        result.put("seconds", seconds);
        result.put("prepare_seconds", prepare);
        record.put("result", result);
        Json.print(result);
        if (problem != null) {
            throw new UserError(problem);
        }
        if (out != null) {
            Object value = written;
            Output.publish(out, force, record, () -> Output.write(out, value, force));
        }
        if (vectors != null) {
            Matrix v = eigenvectors;
            Output.publish(vectors, force, record, () -> Output.write(vectors, v, force));
        }
        return 0;
    }
}
