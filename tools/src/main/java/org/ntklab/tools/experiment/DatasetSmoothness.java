package org.ntklab.tools.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ntklab.eigen.Smoothness;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.output.CsvTable;

/**
 * The seed's table: the smoothness ŝ of real data sets' targets with respect to a
 * one-hidden-layer NTK. Images are flattened to R^784 and scaled to unit norm (the sphere, where the
 * bias-free NTK is defined for every image); the label becomes the scalar target y = +1 for classes
 * 0–4 and −1 for classes 5–9 (for Fashion-MNIST: T-shirt, trouser, pullover, dress, coat vs sandal,
 * shirt, sneaker, bag, ankle boot).
 */
final class DatasetSmoothness implements Experiment<DatasetSmoothness.Spec> {

    /**
     * The spec.
     *
     * @param datasets fashion-mnist and/or mnist
     * @param n        points per data set (the first n images, classes balanced for mnist)
     * @param sample   true: the small subsets committed in the repository (for tests and --quick)
     */
    record Spec(List<String> datasets, int n, boolean sample) implements ExperimentSpec {

        @Override
        public void validate() {
            ExperimentSpec.require(datasets != null && !datasets.isEmpty(), "datasets", "name fashion-mnist and/or mnist");
            for (String d : datasets) {
                ExperimentSpec.require(d.equals("fashion-mnist") || d.equals("mnist"), "datasets", "unknown data set '" + d + "'");
            }
            ExperimentSpec.require(n >= 50 && n <= 10000, "n", "must be 50..10000 (dense eigendecomposition)");
        }
    }

    @Override
    public String name() {
        return "dataset-smoothness";
    }

    @Override
    public String description() {
        return "smoothness of Fashion-MNIST and MNIST targets w.r.t. a one-hidden-layer NTK (the seed's table) vs 3/(d+1)";
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    @Override
    public void run(Spec s, ExperimentContext ctx) throws Exception {
        ctx.plan(s.datasets().size());
        CsvTable raw = new CsvTable("dataset", "n", "s_hat", "ci_low", "ci_high", "edr", "edr_low", "edr_high", "tail_exponent",
                "window_from", "window_to");
        StringBuilder md = new StringBuilder("# dataset-smoothness: smoothness of real targets w.r.t. the NTK\n\n");
        md.append("Claim (seeds 000/001, their table): real data sets' targets are far smoother than f^GP, whose smoothness is ")
                .append("3/(d+1) — so standard initialisation's GP output, not the target, limits the rate.\n\nSetup: one hidden ")
                .append("layer, the `arora` ReLU NTK (bias-free, two layers); images flattened (d = 784) and scaled to unit norm; ")
                .append("target y = +1 for classes 0–4, −1 for 5–9; the first n images; ŝ by the tail-sum method with β fitted ")
                .append("from the same Gram.").append(s.sample() ? " **This run used the small committed samples, not the full data sets.**" : "")
                .append("\n\n| data set | n | ŝ [95 % CI] | fitted β [95 % CI] | 3/(d+1), d = 784 | verdict |\n|---|---|---|---|---|---|\n");
        Map<String, Object> fits = new LinkedHashMap<>();
        for (String name : s.datasets()) {
            ImageData.Images data = ImageData.train(name, s.n(), s.sample());
            Matrix x = ImageData.unitRows(data.x());
            double[] y = new double[data.labels().length];
            for (int i = 0; i < y.length; i++) {
                y[i] = data.labels()[i] <= 4 ? 1 : -1;
            }
            Matrix k = new AnalyticKernel(Preset.ARORA.spec(x.cols(), 1, null)).ntk(x);
            Smoothness.Estimate e = Smoothness.estimate(k, y, null);
            double threshold = 3.0 / (x.cols() + 1);
            raw.add(name, x.rows(), e.s(), e.low(), e.high(), e.edr(), e.edrFit().low(), e.edrFit().high(), e.tail().exponent(),
                    e.tail().from(), e.tail().to());
            md.append(String.format(Locale.ROOT, "| %s | %d | %.3f [%.3f, %.3f] | %.3f [%.3f, %.3f] | %.4f | %s |%n", name, x.rows(), e.s(),
                    e.low(), e.high(), e.edr(), e.edrFit().low(), e.edrFit().high(), threshold,
                    e.low() > threshold ? "smoother than f^GP" : "not distinguishable from f^GP"));
            fits.put(name, Map.of("s_hat", e.s(), "edr", e.edr(), "threshold", threshold));
            ctx.step();
        }
        ctx.csv("estimates", raw);
        ctx.record().put("fits", fits);
        md.append("\nThe estimate depends on the scalarisation of the labels and on β fitted at this n; the verdict compares ŝ's ")
                .append("interval with the GP threshold only.\n");
        ctx.summary(md.toString());
        org.knowm.xchart.CategoryChart bars = new org.knowm.xchart.CategoryChartBuilder().width(800).height(500)
                .title("smoothness of real targets vs f^GP").xAxisTitle("data set").yAxisTitle("ŝ").build();
        bars.addSeries("ŝ", s.datasets(), s.datasets().stream().map(n -> (Number) ((Map<?, ?>) fits.get(n)).get("s_hat")).toList());
        bars.addSeries("3/(d+1)", s.datasets(), s.datasets().stream().map(n -> (Number) (3.0 / 785)).toList());
        ctx.plot("smoothness", bars);
    }
}
