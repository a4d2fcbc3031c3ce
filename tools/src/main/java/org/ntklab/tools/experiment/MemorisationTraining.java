package org.ntklab.tools.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One training of the memorisation experiment, for callers outside it (the sweep engine's
 * {@code memorisation} task): the same network, data, labels and optimiser, and the same random
 * key of (seed, N, d, repetition), so a sweep task and the experiment's grid point give identical
 * numbers. Also the experiment's transition analysis on a merged sweep's rows.
 */
public final class MemorisationTraining {

    private MemorisationTraining() {
    }

    /**
     * A training's outcome.
     *
     * @param epochs     full-batch Adam steps taken
     * @param initialMse mean squared error at initialisation
     * @param finalMse   mean squared error at the end
     */
    public record Result(long epochs, double initialMse, double finalMse) {
    }

    /** The experiment's spec for a single (N, d) point (d = ⌊√(d²)⌋ is exact for integer d). */
    private static Memorisation.Spec spec(int n, int d, long seed, int epochs, int earlyStopWindow, double lrScale) {
        return new Memorisation.Spec(List.of(1), n, List.of(1), d * d, epochs, earlyStopWindow, lrScale, 0.01, 1e-6, 1, seed);
    }

    /**
     * Trains the four-layer ReLU network of width d on N random labels.
     *
     * @param n               samples N
     * @param d               width (and input dimension)
     * @param repetition      the repetition index (part of the random key)
     * @param seed            the master seed
     * @param epochs          most Adam steps
     * @param earlyStopWindow the paper's early-stopping block (0: off)
     * @param lrScale         learning rate lrScale/√N
     */
    public static Result train(int n, int d, int repetition, long seed, int epochs, int earlyStopWindow, double lrScale) {
        Memorisation.Spec s = spec(n, d, seed, epochs, earlyStopWindow, lrScale);
        s.validate();
        Memorisation.Outcome o = Memorisation.train(s, new Memorisation.Job(n, d, repetition));
        return new Result(o.epochs(), o.initialMse(), o.finalMse());
    }

    /**
     * The experiment's figure and transition of merged sweep rows (keys n, d, repetition, epochs_run, initial_mse,
     * final_mse), memorised meaning final MSE below {@code threshold}.
     *
     * @param heatmap    the experiment's heatmap (binned log10 final MSE over (N, d²), the 50 % points, the fitted line)
     * @param transition d²/N at the 50 % point with γ fixed to 1: {estimate, ci_low, ci_high}, NaN when it cannot be fitted
     */
    public record Merged(org.knowm.xchart.XYChart heatmap, double[] transition) {
    }

    /** The analysis of merged sweep rows, or null when no row holds a finished training. */
    public static Merged analyse(List<Map<String, Object>> rows, double threshold) {
        Map<Integer, Map<Integer, List<Memorisation.Outcome>>> grid = new TreeMap<>();
        List<Memorisation.Run> runs = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (r.get("final_mse") instanceof Number f && r.get("n") instanceof Number n && r.get("d") instanceof Number d) {
                long epochs = r.get("epochs_run") instanceof Number e ? e.longValue() : 0;
                double initial = r.get("initial_mse") instanceof Number v ? v.doubleValue() : Double.NaN;
                grid.computeIfAbsent(n.intValue(), k -> new TreeMap<>()).computeIfAbsent(d.intValue(), k -> new ArrayList<>())
                        .add(new Memorisation.Outcome(epochs, initial, f.doubleValue(), 0));
                int rep = r.get("repetition") instanceof Number k ? k.intValue() : 0;
                runs.add(new Memorisation.Run(n.intValue(), d.intValue(), rep, f.doubleValue() < threshold, f.doubleValue()));
            }
        }
        if (runs.isEmpty()) {
            return null;
        }
        Memorisation.Analysis a = Memorisation.analyse(spec(1, 1, 1, 1, 0, 0.1), runs);
        org.ntklab.stats.Estimate e = a.ratio();
        return new Merged(MemorisationReport.heatmap(grid, a), new double[] {e.value(), e.low(), e.high()});
    }
}
