package org.ntklab.tools.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.ntklab.data.Domains;
import org.ntklab.eigen.PowerLawFit;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.ArchitectureSpec;
import org.ntklab.kernel.KernelPair;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.train.EnsembleMoments;
import org.ntklab.train.EnsemblePrediction;
import org.ntklab.train.ProgressListener;
import org.ntklab.train.Trainer;
import org.ntklab.train.TrainingConfig;
import org.ntklab.train.TrainingData;
import org.ntklab.train.TrainingResult;

/**
 * The kernel regime. Part 1 (Jacot et al. 2018, Fig. 2): {@code jacot} networks of two widths
 * trained on a few points of the unit circle, their functions f_θ(γ) against the 10th/50th/90th
 * percentiles of the t → ∞ Gaussian that the analytic NTK and NNGP predict for standard
 * initialisation. Part 2 (Arora et al. 2019, Thm 3.2): max over test points of |f_nn − f_ntk| at the
 * end of training, for widths over two decades, standard and mirrored initialisation, against the
 * expected n^{−1/2}; f_ntk is GD with the analytic NTK frozen, the same steps and the same f₀.
 */
final class KernelRegime implements Experiment<KernelRegime.Spec> {

    private static final double Z90 = 1.2815515655446004;

    /**
     * The spec.
     *
     * @param circleWidths  part 1: widths of the jacot networks
     * @param circleDepth   part 1: hidden layers
     * @param circlePoints  part 1: training points on the unit circle (random angles), f* = x₁x₂
     * @param inits         part 1: initialisations per width
     * @param steps         part 1: GD steps
     * @param lr            part 1: GD step (mean loss)
     * @param sweepWidths   part 2: widths (all hidden layers)
     * @param sweepDepth    part 2: hidden layers of the arora network
     * @param dim           part 2: input dimension (points on the unit sphere S^{d−1})
     * @param n             part 2: training points, f* = Σ of the first two coordinates' product (see summary)
     * @param nTest         part 2: test points
     * @param time          part 2: training time t = η·steps (η the default: half the stability limit)
     * @param seeds         part 2: networks per width and initialisation
     * @param seed          master seed
     */
    record Spec(List<Integer> circleWidths, int circleDepth, int circlePoints, int inits, int steps, double lr,
                List<Integer> sweepWidths, int sweepDepth, int dim, int n, int nTest, double time, int seeds, long seed)
            implements ExperimentSpec {

        @Override
        public void validate() {
            ExperimentSpec.require(circleWidths != null && !circleWidths.isEmpty()
                    && circleWidths.stream().allMatch(w -> w >= 2 && w <= 20000), "circle_widths", "need widths in 2..20000");
            ExperimentSpec.require(circleDepth >= 1 && circleDepth <= 6, "circle_depth", "must be 1..6");
            ExperimentSpec.require(circlePoints >= 1 && circlePoints <= 100, "circle_points", "must be 1..100");
            ExperimentSpec.require(inits >= 1 && inits <= 100, "inits", "must be 1..100");
            ExperimentSpec.require(steps >= 1 && steps <= 1_000_000, "steps", "must be 1..1000000");
            ExperimentSpec.require(lr > 0 && Double.isFinite(lr), "lr", "must be positive");
            ExperimentSpec.require(sweepWidths != null && sweepWidths.size() >= 2
                    && sweepWidths.stream().allMatch(w -> w >= 2 && w <= 20000), "sweep_widths", "need at least two widths in 2..20000");
            ExperimentSpec.require(sweepDepth >= 1 && sweepDepth <= 6, "sweep_depth", "must be 1..6");
            ExperimentSpec.require(dim >= 2 && dim <= 1000, "dim", "must be 2..1000");
            ExperimentSpec.require(n >= 2 && n <= 2000, "n", "must be 2..2000");
            ExperimentSpec.require(nTest >= 1 && nTest <= 10000, "n_test", "must be 1..10000");
            ExperimentSpec.require(time > 0 && Double.isFinite(time), "time", "must be positive");
            ExperimentSpec.require(seeds >= 1 && seeds <= 100, "seeds", "must be 1..100");
        }
    }

    @Override
    public String name() {
        return "kernel-regime";
    }

    @Override
    public String description() {
        return "Jacot Fig. 2 (trained nets vs the NTK's t→∞ Gaussian) and a width sweep of max|f_nn − f_ntk| vs n^{-1/2}";
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    @Override
    public void run(Spec s, ExperimentContext ctx) {
        ctx.plan((long) s.circleWidths().size() * s.inits() + 2L * s.sweepWidths().size() * s.seeds());
        StringBuilder md = new StringBuilder("# kernel-regime: trained wide networks follow the NTK\n\n");
        circle(s, ctx, md);
        sweep(s, ctx, md);
        ctx.summary(md.toString());
    }

    /** Part 1: functions of trained networks on the circle against the limiting Gaussian's percentiles. */
    private void circle(Spec s, ExperimentContext ctx, StringBuilder md) {
        int g = 181;
        double[] gamma = new double[g];
        Matrix xs = circlePoints(g, gamma, -Math.PI, Math.PI);
        double[] trainAngles = new double[s.circlePoints()];
        var rng = new org.ntklab.net.ParameterStreams(s.seed()).stream(0, org.ntklab.net.ParameterStreams.Kind.OTHER, 1);
        for (int i = 0; i < trainAngles.length; i++) {
            trainAngles[i] = -Math.PI + 2 * Math.PI * rng.nextDouble();
        }
        double[] xd = new double[2 * trainAngles.length];
        double[] y = new double[trainAngles.length];
        for (int i = 0; i < y.length; i++) {
            xd[i] = Math.cos(trainAngles[i]);
            xd[i + y.length] = Math.sin(trainAngles[i]);
            y[i] = xd[i] * xd[i + y.length];
        }
        Matrix x = new Matrix(y.length, 2, xd);
        AnalyticKernel kernel = new AnalyticKernel(Preset.JACOT.spec(2, s.circleDepth(), null));
        KernelPair train = kernel.compute(x);
        EnsemblePrediction ensemble = new EnsemblePrediction(train, y, 0.0);
        EnsembleMoments mom = ensemble.predict(new double[] {Double.POSITIVE_INFINITY}, Initialisation.Scheme.STANDARD,
                kernel.compute(xs, x), kernel.diag(xs).nngp());
        double[] mean = mom.testMean().data();
        double[] lo = new double[g];
        double[] hi = new double[g];
        for (int a = 0; a < g; a++) {
            double sd = Math.sqrt(Math.max(0, mom.testVariance().get(a, 0)));
            lo[a] = mean[a] - Z90 * sd;
            hi[a] = mean[a] + Z90 * sd;
        }
        CsvTable raw = new CsvTable("width", "init", "gamma", "f_network", "p10", "p50", "p90");
        md.append("## 1. Trained networks vs the limiting Gaussian (Jacot et al. 2018, Fig. 2)\n\nSetup: `jacot` preset, ")
                .append(s.circleDepth()).append(s.circleDepth() == 1 ? " hidden layer, " : " hidden layers, ").append(s.inits()).append(" initialisations per width, GD (lr ")
                .append(s.lr()).append(", ").append(s.steps()).append(" steps, mean loss) on ").append(s.circlePoints())
                .append(" random points of the unit circle with f*(x) = x₁x₂. The band is the 10th–90th percentile of the ")
                .append("t → ∞ Gaussian of an infinitely wide network (mean Θ(x, X)Θ⁻¹y, covariance from Θ and the NNGP).\n\n")
                .append("| width | share of f_θ(γ) inside the 10–90 % band | mean |f_θ − median| / band half-width |\n|---|---|---|\n");
        Map<String, Object> fits = new LinkedHashMap<>();
        for (int width : s.circleWidths()) {
            int[] widths = new int[s.circleDepth()];
            java.util.Arrays.fill(widths, width);
            ArchitectureSpec spec = Preset.JACOT.spec(2, s.circleDepth(), widths);
            XYChart c = Plots.chart(String.format(Locale.ROOT, "trained networks, width %d, vs the NTK's limiting Gaussian", width),
                    "γ", "f(cos γ, sin γ)", false, false);
            c.getStyler().setXAxisDecimalPattern("0.0");
            Plots.line(c, "10th / 90th percentile", gamma, lo).setLineColor(java.awt.Color.BLACK).setLineStyle(SeriesLines.DASH_DASH);
            Plots.line(c, "90th", gamma, hi).setLineColor(java.awt.Color.BLACK).setLineStyle(SeriesLines.DASH_DASH).setShowInLegend(false);
            Plots.line(c, "median (kernel regression)", gamma, mean).setLineColor(java.awt.Color.BLACK).setLineWidth(2.5f);
            int inside = 0;
            double dev = 0;
            for (int k = 0; k < s.inits(); k++) {
                FiniteNetwork net = FiniteNetwork.initialise(spec, Initialisation.standard(), s.seed() * 1_000_003L + 104729L * width + k);
                Trainer.train(net, TrainingData.of(x, y), TrainingConfig.gradientFlow(s.steps() * s.lr(), s.lr()).withRecords(1, 0),
                        ProgressListener.NONE);
                double[] f = net.output(xs);
                for (int a = 0; a < g; a++) {
                    raw.add(width, k, gamma[a], f[a], lo[a], mean[a], hi[a]);
                    inside += f[a] >= lo[a] && f[a] <= hi[a] ? 1 : 0;
                    double half = 0.5 * (hi[a] - lo[a]);
                    dev += half > 1e-12 ? Math.abs(f[a] - mean[a]) / half / (g * s.inits()) : 0;
                }
                Plots.line(c, "network " + k, gamma, f).setLineColor(Plots.PALETTE[k % Plots.PALETTE.length]).setShowInLegend(false);
                ctx.step();
            }
            double share = (double) inside / (g * s.inits());
            md.append(String.format(Locale.ROOT, "| %d | %.1f %% (80 %% expected at width → ∞) | %.2f |%n", width, 100 * share, dev));
            fits.put("circle_width" + width, Map.of("inside_band", share, "mean_scaled_deviation", dev));
            for (int i = 0; i < y.length; i++) {
                Plots.points(c, i == 0 ? "training points" : "training point " + i, new double[] {trainAngles[i]}, new double[] {y[i]})
                        .setMarkerColor(java.awt.Color.BLACK).setShowInLegend(i == 0);
            }
            ctx.plot("circle-width" + width, c);
        }
        ctx.csv("circle", raw);
        md.append("\nAt t → ∞ the training points are interpolated, so the band pinches there; between them an infinitely wide ")
                .append("network's function is Gaussian around the kernel-regression median. Share inside the band ≈ 80 % and a ")
                .append("mean scaled deviation ≈ 0.6 are what independent draws from that Gaussian give (E|Z|/1.28 = 0.62).\n\n");
        ctx.record().put("fits", fits);
    }

    /** Part 2: max |f_nn − f_ntk| over test points at the end of training, by width and initialisation. */
    private void sweep(Spec s, ExperimentContext ctx, StringBuilder md) {
        Matrix x = Domains.sample(Domains.Domain.SPHERE, s.n(), s.dim(), s.seed(), 2);
        Matrix xt = Domains.sample(Domains.Domain.SPHERE, s.nTest(), s.dim(), s.seed(), 3);
        double[] y = target(x);
        AnalyticKernel kernel = new AnalyticKernel(Preset.ARORA.spec(s.dim(), s.sweepDepth(), null));
        Matrix k = kernel.ntk(x);
        Matrix kt = kernel.ntk(xt, x);
        CsvTable raw = new CsvTable("init", "width", "seed", "lr", "steps", "max_abs_diff", "rms_diff", "max_abs_f_ntk");
        @SuppressWarnings("unchecked")
        Map<String, Object> fits = (Map<String, Object>) ctx.record().fields().get("fits");
        XYChart c = Plots.chart("max over test points |f_nn − f_ntk| at the end of training", "width", "max |f_nn − f_ntk|", true, true);
        md.append("## 2. Distance to the kernel predictor vs width (Arora et al. 2019, Thm 3.2)\n\nSetup: `arora` preset, ")
                .append(s.sweepDepth()).append(s.sweepDepth() == 1 ? " hidden layer, n = " : " hidden layers, n = ").append(s.n()).append(" training and ").append(s.nTest())
                .append(" test points uniform on S^").append(s.dim() - 1).append(", f*(x) = x₁x₂ + x₃ (a degree-2 plus a degree-1 ")
                .append("harmonic), GD for t = ").append(s.time()).append(" with the trainer's default step, ").append(s.seeds())
                .append(" networks per width. f_ntk is GD in function space with the analytic NTK frozen, the same step, the same ")
                .append("number of steps and the same f₀ (the network's own outputs at t = 0; 0 for mirrored initialisation).\n\n")
                .append("| init | fitted slope of mean max|f_nn − f_ntk| vs width [95 % CI] | expected |\n|---|---|---|\n");
        int colour = 0;
        for (Initialisation init : List.of(Initialisation.standard(), Initialisation.mirrored())) {
            String name = init.scheme().name().toLowerCase(Locale.ROOT);
            List<Double> ws = new ArrayList<>();
            List<Double> ds = new ArrayList<>();
            double[] means = new double[s.sweepWidths().size()];
            for (int wi = 0; wi < s.sweepWidths().size(); wi++) {
                int width = s.sweepWidths().get(wi);
                int[] widths = new int[s.sweepDepth()];
                java.util.Arrays.fill(widths, width);
                ArchitectureSpec spec = Preset.ARORA.spec(s.dim(), s.sweepDepth(), widths);
                for (int r = 0; r < s.seeds(); r++) {
                    FiniteNetwork net = FiniteNetwork.initialise(spec, init, s.seed() * 7_368_787L + 31L * width + r);
                    double[] f0 = net.output(x);
                    double[] f0t = net.output(xt);
                    TrainingResult res = Trainer.train(net, new TrainingData(x, y, xt, null, null),
                            TrainingConfig.gradientFlow(s.time(), Double.NaN).withRecords(1, 0), ProgressListener.NONE);
                    KernelDescent.Outputs ref = KernelDescent.run(k, kt, y, f0, f0t, res.lr() / s.n(), res.steps());
                    double[] fnn = res.testOutput();
                    double max = 0;
                    double rms = 0;
                    double scale = 0;
                    for (int i = 0; i < fnn.length; i++) {
                        double e = Math.abs(fnn[i] - ref.test()[i]);
                        max = Math.max(max, e);
                        rms += e * e / fnn.length;
                        scale = Math.max(scale, Math.abs(ref.test()[i]));
                    }
                    raw.add(name, width, r, res.lr(), res.steps(), max, Math.sqrt(rms), scale);
                    ws.add((double) width);
                    ds.add(max);
                    means[wi] += max / s.seeds();
                    ctx.step();
                }
            }
            double[] wArr = ws.stream().mapToDouble(Double::doubleValue).toArray();
            double[] dArr = ds.stream().mapToDouble(Double::doubleValue).toArray();
            PowerLawFit fit = PowerLawFit.fit(wArr, dArr, PowerLawFit.LEVEL);
            Plots.points(c, name + " initialisation", wArr, dArr).setMarkerColor(Plots.PALETTE[colour]);
            Plots.powerLaw(c, String.format(Locale.ROOT, "%s: width^%.2f", name, fit.slope()), wArr, fit)
                    .setLineColor(Plots.PALETTE[colour++]);
            md.append(String.format(Locale.ROOT, "| %s | %s | −0.5 |%n", name, fit.describeSlope()));
            fits.put("slope_" + name, fit.slope());
            fits.put("slope_" + name + "_ci", List.of(-fit.high(), -fit.low()));
        }
        ctx.csv("sweep", raw);
        ctx.plot("sweep", c);
        double std = (double) fits.get("slope_standard");
        double mir = (double) fits.get("slope_mirrored");
        md.append(String.format(Locale.ROOT, "%nBoth fitted slopes (%.2f standard, %.2f mirrored) %s the theory's −1/2 (tolerance ±0.15).",
                std, mir, Math.abs(std + 0.5) <= 0.15 && Math.abs(mir + 0.5) <= 0.15 ? "agree with" : "are compared with"));
        md.append(" The distance combines the empirical NTK's fluctuation at initialisation and its drift during training, both ")
                .append("O(width^{−1/2}); the fit is over every network (points in `sweep.png`), so the interval reflects the ")
                .append("spread between initialisations.\n");
    }

    /** f*(x) = x₁x₂ + x₃ on the sphere (x₃ dropped when d = 2). */
    private static double[] target(Matrix x) {
        double[] y = new double[x.rows()];
        for (int i = 0; i < y.length; i++) {
            y[i] = x.get(i, 0) * x.get(i, 1) + (x.cols() > 2 ? x.get(i, 2) : 0);
        }
        return y;
    }

    /** g points (cos γ, sin γ) with γ evenly spaced over [from, to]; γ written to {@code gamma}. */
    static Matrix circlePoints(int g, double[] gamma, double from, double to) {
        double[] d = new double[2 * g];
        for (int a = 0; a < g; a++) {
            gamma[a] = from + (to - from) * a / (g - 1);
            d[a] = Math.cos(gamma[a]);
            d[a + g] = Math.sin(gamma[a]);
        }
        return new Matrix(g, 2, d);
    }
}
