package org.ntklab.tools.sweep;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.ntklab.data.Domains;
import org.ntklab.eigen.CertifiedBracket;
import org.ntklab.eigen.DenseEigen;
import org.ntklab.eigen.EigenOptions;
import org.ntklab.eigen.SymmetricInput;
import org.ntklab.kernel.Activation;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.Preset;
import org.ntklab.kernel.SpecBuilder;
import org.ntklab.linalg.Matrix;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;
import org.ntklab.tools.experiment.Plots;

/**
 * λ_min of an NTK Gram matrix on n points of a synthetic domain, as a certified bracket
 * lower ≤ λ_min ≤ upper ({@link DenseEigen#certifyLambdaMin}): the empirical NTK of a finite
 * network at initialisation (structured form) or the analytic (infinite-width) NTK.
 */
public final class LambdaMinTask implements TaskType<LambdaMinTask.Params> {

    /** Memory the JVM needs beside the task's arrays (code, small objects, tile scratch). */
    private static final long OVERHEAD_BYTES = 48L << 20;

    /**
     * The spec keys of a λ_min task (all optional except n and d, and width for the empirical kernel).
     *
     * @param kernel      empirical (a finite network, default) or analytic
     * @param preset      the paper convention (default arora)
     * @param depth       hidden layers (default: the preset's)
     * @param width       width of every hidden layer (empirical only)
     * @param activation  activation (default: the preset's)
     * @param init        standard or mirrored (empirical only; default standard)
     * @param n           number of points
     * @param d           input dimension
     * @param domain      sphere, ball or cube (default sphere)
     * @param dataSeed    seed of the points (default 0: every network sees the same points)
     * @param seed        seed of the network's parameters (empirical only; default 0)
     * @param targetWidth relative width of the certified bracket aimed at (default 1e-8)
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Params(String kernel, String preset, Integer depth, Integer width, String activation, String init,
                         Integer n, Integer d, String domain, Long dataSeed, Long seed, Double targetWidth) {
    }

    @Override
    public String name() {
        return "lambda-min";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Params resolve(Params p) {
        String kernel = word(p.kernel(), "empirical", "kernel", "empirical", "analytic");
        boolean empirical = kernel.equals("empirical");
        Preset preset = Preset.parse(p.preset() == null ? "arora" : p.preset());
        int n = required(p.n(), "n");
        int d = required(p.d(), "d");
        if (n < 2 || n > 46_340) {
            throw new IllegalArgumentException("key 'n' must be between 2 and 46340 (the N×N Gram is one Java array), got " + n);
        }
        if (d < 1) {
            throw new IllegalArgumentException("key 'd' must be at least 1, got " + d);
        }
        int depth = p.depth() == null ? preset.defaultDepth() : p.depth();
        if (depth < 0 || depth > 64) {
            throw new IllegalArgumentException("key 'depth' must be between 0 and 64, got " + depth);
        }
        Integer width = p.width();
        if (empirical) {
            width = required(width, "width");
            if (width < 1) {
                throw new IllegalArgumentException("key 'width' must be at least 1, got " + width);
            }
        } else if (width != null || p.init() != null || p.seed() != null) {
            throw new IllegalArgumentException("keys 'width', 'init' and 'seed' apply only to kernel: empirical");
        }
        String init = empirical ? word(p.init(), "standard", "init", "standard", "mirrored") : null;
        String domain = Domains.Domain.parse(p.domain() == null ? "sphere" : p.domain()).name().toLowerCase(Locale.ROOT);
        double targetWidth = p.targetWidth() == null ? 1e-8 : p.targetWidth();
        if (!(targetWidth > 0 && targetWidth < 1)) {
            throw new IllegalArgumentException("key 'target_width' must be in (0, 1), got " + targetWidth);
        }
        String activation;
        try {
            activation = p.activation() == null ? null : Activation.parse(p.activation()).name();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("key 'activation': " + e.getMessage());
        }
        Params r = new Params(kernel, preset.id(), depth, width, activation, init, n, d, domain,
                p.dataSeed() == null ? 0L : p.dataSeed(), empirical ? (p.seed() == null ? 0L : p.seed()) : null, targetWidth);
        ArchitectureSpec spec = spec(r); // the preset's own checks (e.g. du is depth 1)
        return new Params(r.kernel(), r.preset(), r.depth(), r.width(), spec.activation().name(), r.init(), r.n(), r.d(),
                r.domain(), r.dataSeed(), r.seed(), r.targetWidth());
    }

    private static ArchitectureSpec spec(Params p) {
        SpecBuilder b = new SpecBuilder().preset(Preset.parse(p.preset())).depth(p.depth());
        if (p.width() != null) {
            int[] w = new int[p.depth()];
            Arrays.fill(w, p.width());
            b.widths(w);
        }
        if (p.activation() != null) {
            b.activation(Activation.parse(p.activation()));
        }
        return b.build(p.d());
    }

    private static int required(Integer v, String key) {
        if (v == null) {
            throw new IllegalArgumentException("key '" + key + "' is required");
        }
        return v;
    }

    private static String word(String v, String dflt, String key, String... allowed) {
        String s = v == null ? dflt : v.trim().toLowerCase(Locale.ROOT);
        if (!List.of(allowed).contains(s)) {
            throw new IllegalArgumentException("key '" + key + "' must be " + String.join(" or ", allowed) + ", got '" + v + "'");
        }
        return s;
    }

    private static int copies(Params p) {
        return "mirrored".equals(p.init()) ? 2 : 1;
    }

    @Override
    public long peakBytes(Params p) {
        long n = p.n();
        long d = p.d();
        // the Gram, the Cholesky factor, SymmetricInput's measurements and the Lanczos basis (≤ 64 vectors + spares)
        long doubles = 3 * n * n + 80 * n + n * d;
        if (p.kernel().equals("empirical")) {
            long m = p.width();
            long weights = d * m + (long) Math.max(0, p.depth() - 1) * m * m + m;
            // per copy: its weights, and the forward pass's features, derivatives and back-propagated B per layer
            doubles += copies(p) * (weights + 4 * n * m * Math.max(1, p.depth()));
        } else {
            doubles += n * n; // the NNGP Gram assembled beside the NTK
        }
        return 8 * doubles + OVERHEAD_BYTES;
    }

    @Override
    public double work(Params p) {
        double n = p.n();
        double d = p.d();
        // Cholesky factorisations (a few: shift search and refinement) and the Lanczos solves
        double eig = 4 * n * n * n / 3 + 200 * n * n;
        if (p.kernel().equals("analytic")) {
            return eig + n * n * (d + 40.0 * Math.max(1, p.depth()));
        }
        double m = p.width();
        double passes = 4 * n * (d * m + Math.max(0, p.depth() - 1) * m * m + m); // forward and backward GEMMs
        double gram = n * n * (d + 2 * m * p.depth() + m); // lower-triangle Gram tiles, two GEMMs per layer
        return eig + copies(p) * (passes + gram);
    }

    @Override
    public Outcome run(Params p) {
        long t0 = System.nanoTime();
        Matrix x = Domains.sample(Domains.Domain.parse(p.domain()), p.n(), p.d(), p.dataSeed(), 0);
        ArchitectureSpec spec = spec(p);
        Matrix k;
        if (p.kernel().equals("empirical")) {
            Initialisation init = new Initialisation(Initialisation.Scheme.parse(p.init()), null);
            k = EmpiricalNtk.structured(FiniteNetwork.initialise(spec, init, p.seed()), x);
        } else {
            k = new AnalyticKernel(spec).ntk(x);
        }
        long t1 = System.nanoTime();
        // OpenBLAS's multi-threaded Cholesky rounds differently from its single-threaded one, so the
        // certification runs as a parallel region (BLAS single-threaded, our own loops still parallel):
        // the bracket must not depend on whether the planner ran this task alone or beside others
        Matrix gram = k;
        CertifiedBracket b = ThreadBudget.invoke(() -> DenseEigen.certifyLambdaMin(SymmetricInput.of(gram, "the NTK"),
                EigenOptions.defaults().withTargetWidth(p.targetWidth())));
        long t2 = System.nanoTime();
        double trace = 0;
        for (int i = 0; i < p.n(); i++) {
            trace += k.get(i, i);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("lambda_min", b.value());
        result.put("lower", b.lower());
        result.put("upper", b.upper());
        result.put("relative_width", b.relativeWidth());
        result.put("converged", b.converged());
        result.put("mean_diagonal", trace / p.n());
        Map<String, Double> timing = new LinkedHashMap<>();
        timing.put("kernel_seconds", (t1 - t0) / 1e9);
        timing.put("eig_seconds", (t2 - t1) / 1e9);
        return new Outcome(result, timing);
    }

    @Override
    public List<String> resultColumns() {
        return List.of("lambda_min", "lower", "upper", "relative_width", "converged", "mean_diagonal");
    }

    /**
     * λ_min against the width (or against n when the width does not vary), log-log: one series per
     * combination of the other parameters, each point the mean over seeds.
     */
    @Override
    public List<Path> plots(List<Map<String, Object>> rows, Path dir) {
        String x = varies(rows, "width") ? "width" : varies(rows, "n") ? "n" : null;
        if (x == null) {
            return List.of();
        }
        Map<String, Map<Double, double[]>> series = new TreeMap<>(); // label -> x -> (sum, count)
        for (Map<String, Object> r : rows) {
            Object lm = r.get("lambda_min");
            if (!(lm instanceof Number v) || r.get(x) == null) {
                continue;
            }
            List<String> label = new ArrayList<>();
            for (String key : List.of("kernel", "preset", "depth", "activation", "init", "n", "d", "domain", "width")) {
                if (!key.equals(x) && varies(rows, key)) {
                    label.add(key + "=" + r.get(key));
                }
            }
            double[] acc = series.computeIfAbsent(label.isEmpty() ? "λ_min" : String.join(", ", label), l -> new TreeMap<>())
                    .computeIfAbsent(((Number) r.get(x)).doubleValue(), k -> new double[2]);
            acc[0] += v.doubleValue();
            acc[1]++;
        }
        XYChart chart = Plots.chart("λ_min of the NTK Gram (mean over seeds)", x, "λ_min", true, true);
        series.forEach((label, points) -> {
            double[] xs = points.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            double[] ys = points.values().stream().mapToDouble(a -> a[0] / a[1]).toArray();
            if (Arrays.stream(ys).allMatch(y -> y > 0)) {
                chart.addSeries(label, xs, ys);
            }
        });
        if (chart.getSeriesMap().isEmpty()) {
            return List.of();
        }
        return Plots.save(chart, dir, "lambda_min");
    }

    private static boolean varies(List<Map<String, Object>> rows, String key) {
        return rows.stream().map(r -> String.valueOf(r.get(key))).distinct().count() > 1;
    }
}
