package org.ntklab.tools.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;
import org.knowm.xchart.XYChart;
import org.ntklab.eigen.Spectrum;
import org.ntklab.kernel.AnalyticKernel;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Backends;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.Uplo;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Initialisation;
import org.ntklab.net.ParameterStreams;
import org.ntklab.tools.output.CsvTable;
import org.ntklab.train.ProgressListener;
import org.ntklab.train.Trainer;
import org.ntklab.train.TrainingConfig;
import org.ntklab.train.TrainingData;
import org.ntklab.train.TrainingResult;

/**
 * Arora, Du, Hu, Li &amp; Wang 2019 (fine-grained analysis, Thm 5.1 and their Fig. 1): the
 * data-dependent complexity √(2 yᵀ(H^∞)⁻¹y / n) of a two-class image task grows as a fraction p of
 * the labels is replaced by random ones, and so does the test error of the trained two-layer
 * ReLU network ({@code du} preset); the measure tells real from random labels.
 */
final class GeneralizationBound implements Experiment<GeneralizationBound.Spec> {

    /**
     * The spec.
     *
     * @param classes     the two Fashion-MNIST classes (first → +1, second → −1)
     * @param n           training images (the first of the two classes)
     * @param nTest       test images (the t10k set; with {@code sample}, the sample's remaining images)
     * @param fractions   fractions p of training labels replaced by uniformly random ±1
     * @param width       hidden width m of the trained network
     * @param iterations  GD iterations (sum loss ½Σ(f − y)²)
     * @param lrFraction  η = lr_fraction / λ_max(H^∞)
     * @param sample      true: the small committed sample (tests and --quick)
     * @param seed        master seed
     */
    record Spec(List<Integer> classes, int n, int nTest, List<Double> fractions, int width, int iterations, double lrFraction,
                boolean sample, long seed) implements ExperimentSpec {

        @Override
        public void validate() {
            ExperimentSpec.require(classes != null && classes.size() == 2 && classes.stream().allMatch(c -> c >= 0 && c <= 9)
                    && !classes.get(0).equals(classes.get(1)), "classes", "need two different classes 0..9");
            ExperimentSpec.require(n >= 10 && n <= 10000, "n", "must be 10..10000 (dense kernel)");
            ExperimentSpec.require(nTest >= 1 && nTest <= 2000, "n_test", "must be 1..2000");
            ExperimentSpec.require(fractions != null && !fractions.isEmpty() && fractions.stream().allMatch(p -> p >= 0 && p <= 1),
                    "fractions", "need fractions in [0, 1]");
            ExperimentSpec.require(width >= 2 && width <= 100000, "width", "must be 2..100000");
            ExperimentSpec.require(iterations >= 1 && iterations <= 1_000_000, "iterations", "must be 1..1000000");
            ExperimentSpec.require(lrFraction > 0 && lrFraction < 2, "lr_fraction", "must be in (0, 2) for a stable step");
        }
    }

    @Override
    public String name() {
        return "generalization-bound";
    }

    @Override
    public String description() {
        return "Arora et al. 2019: √(2yᵀ(H^∞)⁻¹y/n) and the trained network's test error as labels are randomised";
    }

    @Override
    public Class<Spec> specType() {
        return Spec.class;
    }

    @Override
    public void run(Spec s, ExperimentContext ctx) throws Exception {
        ctx.plan(s.fractions().size() + 1L);
        int a = s.classes().get(0);
        int b = s.classes().get(1);
        ImageData.Images train;
        ImageData.Images test;
        if (s.sample()) {
            ImageData.Images all = ImageData.train("fashion-mnist", 300, true).twoClasses(a, b, Integer.MAX_VALUE);
            if (all.labels().length < s.n() + 1) {
                throw new IllegalArgumentException("spec key 'n': the committed sample has only " + all.labels().length
                        + " images of classes " + a + " and " + b);
            }
            train = all.rows(0, s.n());
            test = all.rows(s.n(), Math.min(all.labels().length, s.n() + s.nTest()));
        } else {
            train = ImageData.train("fashion-mnist", 60000, false).twoClasses(a, b, s.n());
            test = ImageData.fashionTest(10000).twoClasses(a, b, s.nTest());
        }
        // centred on the training mean, then on the unit sphere (the theorem's inputs): the raw images all share a
        // large positive mean, which would make H^∞ nearly rank one
        double[] mean = columnMeans(train.x());
        Matrix x = ImageData.unitRows(centred(train.x(), mean));
        Matrix xt = ImageData.unitRows(centred(test.x(), mean));
        double[] clean = signs(train.labels(), a);
        double[] testY = signs(test.labels(), a);
        int n = clean.length;
        Matrix h = new AnalyticKernel(Preset.DU.spec(x.cols(), 1, null)).ntk(x);
        double[] ev = Spectrum.all(h, false).values();
        double lambdaMax = ev[ev.length - 1];
        double lr = s.lrFraction() / lambdaMax;
        double[] chol = h.data().clone();
        if (Backends.lapack().dpotrf(Uplo.LOWER, n, chol, 0, n) != 0) {
            throw new IllegalStateException("H^∞ is not positive definite on these images (duplicates?)");
        }
        ctx.step();
        CsvTable raw = new CsvTable("fraction", "bound", "test_error", "train_loss", "train_error");
        double[] fr = new double[s.fractions().size()];
        double[] bounds = new double[fr.length];
        double[] errors = new double[fr.length];
        double[][] trainFit = new double[fr.length][];
        for (int k = 0; k < fr.length; k++) {
            double p = s.fractions().get(k);
            double[] y = corrupt(clean, p, s.seed(), k);
            double[] sol = y.clone();
            Backends.lapack().dpotrs(Uplo.LOWER, n, 1, chol, 0, n, sol, 0, n);
            double q = 0;
            for (int i = 0; i < n; i++) {
                q += y[i] * sol[i];
            }
            double bound = Math.sqrt(2 * q / n);
            FiniteNetwork net = FiniteNetwork.initialise(Preset.DU.spec(x.cols(), 1, new int[] {s.width()}), Initialisation.standard(),
                    s.seed() * 1_000_003L + k);
            TrainingResult res = Trainer.train(net, new TrainingData(x, y, xt, testY, null),
                    TrainingConfig.gradientFlow(s.iterations() * lr, lr).withMeanLoss(false).withRecords(1, 0), ProgressListener.NONE);
            double testError = signError(res.testOutput(), testY);
            double trainError = signError(res.trainOutput(), y);
            raw.add(p, bound, testError, res.last().trainLoss(), trainError);
            fr[k] = p;
            bounds[k] = bound;
            errors[k] = testError;
            trainFit[k] = new double[] {res.last().trainLoss(), trainError};
            ctx.step();
        }
        ctx.csv("bound", raw);
        XYChart c = Plots.chart("complexity measure and test error vs label noise", "fraction of random labels", "value", false, false);
        Plots.line(c, "√(2 yᵀ(H^∞)⁻¹y / n)", fr, bounds).setLineColor(Plots.PALETTE[0]);
        Plots.points(c, "bound (points)", fr, bounds).setMarkerColor(Plots.PALETTE[0]).setShowInLegend(false);
        Plots.line(c, "test error of the trained network (0–1, clean test labels)", fr, errors).setLineColor(Plots.PALETTE[1]);
        Plots.points(c, "test error (points)", fr, errors).setMarkerColor(Plots.PALETTE[1]).setShowInLegend(false);
        ctx.plot("bound", c);
        double rho = fr.length >= 3 ? new SpearmansCorrelation().correlation(bounds, errors) : Double.NaN;
        Map<String, Object> fits = new LinkedHashMap<>();
        fits.put("lambda_max", lambdaMax);
        fits.put("lambda_min", ev[0]);
        fits.put("lr", lr);
        fits.put("spearman_bound_vs_error", rho);
        ctx.record().put("fits", fits);
        ctx.summary(summary(s, n, test.labels().length, ev[0], lambdaMax, lr, fr, bounds, errors, trainFit, rho));
    }

    private static String summary(Spec s, int n, int nTest, double lambdaMin, double lambdaMax, double lr, double[] fr, double[] bounds,
                                  double[] errors, double[][] trainFit, double rho) {
        StringBuilder md = new StringBuilder("# generalization-bound: a data-dependent complexity measure tracks label noise\n\n");
        md.append("Claim (Arora et al. 2019, Thm 5.1): the two-layer ReLU network trained by GD from a wide random initialisation ")
                .append("has population error at most √(2 yᵀ(H^∞)⁻¹y / n) + O(√(log(1/δ)/n)); on real labels the measure is small, ")
                .append("on random labels large, and it moves with the test error (their Fig. 1).\n\n")
                .append(String.format(Locale.ROOT, "Setup: Fashion-MNIST classes %d (+1) vs %d (−1), n = %d training and %d test images",
                        s.classes().get(0), s.classes().get(1), n, nTest))
                .append(s.sample() ? " **(the small committed sample, not the full data set)**" : "")
                .append(", centred on the training mean and scaled to unit norm; H^∞ the `du` kernel ")
                .append(String.format(Locale.ROOT, "(λ_min %.3e, λ_max %.4g); network: `du` preset, width %d, GD on ½Σ(f − y)² with ",
                        lambdaMin, lambdaMax, s.width()))
                .append(String.format(Locale.ROOT, "η = %.3g/λ_max = %.3g for %d iterations; test error = share of clean test labels ",
                        s.lrFraction(), lr, s.iterations()))
                .append("whose sign the network gets wrong.\n\n| random labels | √(2yᵀ(H^∞)⁻¹y/n) | test error | final train loss | ")
                .append("train sign error |\n|---|---|---|---|---|\n");
        for (int k = 0; k < fr.length; k++) {
            md.append(String.format(Locale.ROOT, "| %.0f %% | %.3f | %.3f | %.3g | %.3f |%n", 100 * fr[k], bounds[k], errors[k],
                    trainFit[k][0], trainFit[k][1]));
        }
        boolean increasing = true;
        for (int k = 1; k < fr.length; k++) {
            increasing &= bounds[k] >= bounds[k - 1];
        }
        md.append(String.format(Locale.ROOT, "%nThe measure %s with the fraction of random labels; Spearman correlation between the ",
                increasing ? "increases monotonically" : "does not increase monotonically"))
                .append(String.format(Locale.ROOT, "measure and the test error: %.2f. ", rho))
                .append("The bound is loose in absolute terms (it exceeds 1, the largest possible 0–1 error, whenever yᵀ(H^∞)⁻¹y > n/2), ")
                .append("as in the paper, where only its trend is compared with the test error. The network is trained for a fixed ")
                .append("number of iterations: where the final train loss is not small (random labels converge slowly along the ")
                .append("small eigenvalues of H^∞), the network is early-stopped rather than the interpolating solution the ")
                .append("theorem describes, which lowers its test error at high noise.\n");
        return md.toString();
    }

    private static double[] columnMeans(Matrix x) {
        double[] m = new double[x.cols()];
        for (int c = 0; c < x.cols(); c++) {
            for (int i = 0; i < x.rows(); i++) {
                m[c] += x.get(i, c) / x.rows();
            }
        }
        return m;
    }

    private static Matrix centred(Matrix x, double[] mean) {
        Matrix u = x.copy();
        for (int c = 0; c < x.cols(); c++) {
            for (int i = 0; i < x.rows(); i++) {
                u.set(i, c, x.get(i, c) - mean[c]);
            }
        }
        return u;
    }

    private static double[] signs(int[] labels, int positive) {
        double[] y = new double[labels.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[i] == positive ? 1 : -1;
        }
        return y;
    }

    /** A fraction p of the labels (the first ⌊pn⌋ of a seeded permutation) replaced by uniformly random ±1. */
    static double[] corrupt(double[] y, double p, long seed, int key) {
        UniformRandomProvider rng = new ParameterStreams(seed).stream(3, ParameterStreams.Kind.OTHER, key);
        int[] order = new PermutationSampler(rng, y.length, y.length).sample();
        double[] out = y.clone();
        int count = (int) Math.floor(p * y.length);
        for (int i = 0; i < count; i++) {
            out[order[i]] = rng.nextBoolean() ? 1 : -1;
        }
        return out;
    }

    private static double signError(double[] f, double[] y) {
        int wrong = 0;
        for (int i = 0; i < y.length; i++) {
            wrong += f[i] * y[i] > 0 ? 0 : 1;
        }
        return (double) wrong / y.length;
    }
}
