package org.ntklab.tools.sweep;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ntklab.tools.experiment.MemorisationTraining;
import org.ntklab.tools.experiment.Plots;

/**
 * One training of the memorisation experiment (Bombari et al. 2022, Fig. 2): a four-layer ReLU
 * network of width d fitting N random labels by full-batch Adam, with the paper's early stopping.
 * The random key is the experiment's, (seed, N, d, repetition), so a sweep over the paper's full
 * grid (sweeps/memorisation-full.yaml, sharded or as a SLURM job array) gives the numbers the
 * experiment would. The merged sweep gets the heatmap of mean log10 final MSE and the transition
 * d²/N with its 95 % interval at the paper's loss threshold.
 */
public final class MemorisationTask implements TaskType<MemorisationTask.Params> {

    /**
     * The spec keys (n and d required).
     *
     * @param n               samples N
     * @param d               width of the three hidden layers (and input dimension)
     * @param repetition      repetition index (default 0): a fresh network, data set and labels per value
     * @param seed            master seed (default 1, the experiment's)
     * @param epochs          most Adam steps (default 10000)
     * @param earlyStopWindow the paper's early-stopping block (default 100; 0: off)
     * @param lrScale         learning rate lr_scale/√N (default 0.1, the paper's 1/(10√N))
     * @param paperThreshold  loss threshold of the merged sweep's transition (default 1e-6; results only)
     */
    @JsonPropertyOrder(alphabetic = true)
    public record Params(Integer n, Integer d, Integer repetition, Long seed, Integer epochs, Integer earlyStopWindow, Double lrScale,
                         Double paperThreshold) {
    }

    @Override
    public String name() {
        return "memorisation";
    }

    @Override
    public Class<Params> paramsType() {
        return Params.class;
    }

    @Override
    public Params resolve(Params p) {
        if (p.n() == null || p.d() == null) {
            throw new IllegalArgumentException("keys 'n' and 'd' are required");
        }
        if (p.n() < 2 || p.n() > 50_000) {
            throw new IllegalArgumentException("key 'n' must be 2..50000, got " + p.n());
        }
        if (p.d() < 1 || p.d() > 2000) {
            throw new IllegalArgumentException("key 'd' must be 1..2000, got " + p.d());
        }
        int rep = p.repetition() == null ? 0 : p.repetition();
        int epochs = p.epochs() == null ? 10_000 : p.epochs();
        int window = p.earlyStopWindow() == null ? 100 : p.earlyStopWindow();
        double lr = p.lrScale() == null ? 0.1 : p.lrScale();
        double threshold = p.paperThreshold() == null ? 1e-6 : p.paperThreshold();
        if (rep < 0 || epochs < 1 || window < 0 || window > epochs || !(lr > 0) || !(threshold > 0)) {
            throw new IllegalArgumentException("keys 'repetition' ≥ 0, 'epochs' ≥ 1, 0 ≤ 'early_stop_window' ≤ epochs, 'lr_scale' > 0 and "
                    + "'paper_threshold' > 0 required");
        }
        return new Params(p.n(), p.d(), rep, p.seed() == null ? 1L : p.seed(), epochs, window, lr, threshold);
    }

    @Override
    public long peakBytes(Params p) {
        long n = p.n();
        long d = p.d();
        long params = 3 * d * d + d;
        // activations and their gradients for 4 layers of N×d, parameters with Adam's two moments and the gradient, plus the JVM
        return 8 * (12 * n * d + 4 * params + 2 * n * d) + (48L << 20);
    }

    @Override
    public double work(Params p) {
        return 6.0 * p.n() * (3.0 * p.d() * p.d() + p.d()) * p.epochs();
    }

    @Override
    public Outcome run(Params p) {
        long t0 = System.nanoTime();
        MemorisationTraining.Result r = MemorisationTraining.train(p.n(), p.d(), p.repetition(), p.seed(), p.epochs(), p.earlyStopWindow(),
                p.lrScale());
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("epochs_run", r.epochs());
        result.put("early_stopped", r.epochs() < p.epochs());
        result.put("initial_mse", r.initialMse());
        result.put("final_mse", r.finalMse());
        result.put("log10_final_mse", Math.log10(r.finalMse()));
        result.put("memorised", r.finalMse() < p.paperThreshold());
        return new Outcome(result, Map.of("seconds", (System.nanoTime() - t0) / 1e9));
    }

    @Override
    public List<String> resultColumns() {
        return List.of("epochs_run", "early_stopped", "initial_mse", "final_mse", "log10_final_mse", "memorised");
    }

    /** The heatmap of mean log10 final MSE over (d², N), titled with the transition d²/N at the paper's threshold. */
    @Override
    public List<Path> plots(List<Map<String, Object>> rows, Path dir) {
        double threshold = rows.isEmpty() || !(rows.get(0).get("paper_threshold") instanceof Number t) ? 1e-6 : t.doubleValue();
        MemorisationTraining.Merged m = MemorisationTraining.analyse(rows, threshold);
        if (m == null) {
            return List.of();
        }
        double[] tr = m.transition();
        org.knowm.xchart.XYChart c = m.heatmap();
        c.setTitle(String.format(Locale.ROOT, "memorisation: mean log10 final MSE; transition d²/N at loss < %.0e: %.3f [%.3f, %.3f]",
                threshold, tr[0], tr[1], tr[2]));
        return Plots.save(c, dir, "memorisation-heatmap");
    }
}
