package org.ntklab.tools.experiment;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The memorisation experiment's heatmap, summary.md and meta.json facts. */
final class MemorisationReport {

    /** Upper edges of the log10-MSE colour bins of the heatmap (the last bin is open above). */
    static final double[] BIN_EDGES = {-6, -4, -3, -2, -1, 0};
    private static final Color[] BIN_COLOURS = {new Color(0x08306B), new Color(0x2171B5), new Color(0x6BAED6), new Color(0xC6DBEF),
        new Color(0xFDAE6B), new Color(0xE6550D), new Color(0x7F2704)};

    private final Memorisation.Spec s;
    private final Map<Integer, Map<Integer, List<Memorisation.Outcome>>> grid;
    private final Map<String, Object> facts = new LinkedHashMap<>();

    MemorisationReport(Memorisation.Spec s, Map<Integer, Map<Integer, List<Memorisation.Outcome>>> grid) {
        this.s = s;
        this.grid = grid;
    }

    Map<String, Object> facts() {
        return facts;
    }

    /** The bin of a log10 MSE value: 0 … BIN_EDGES.length. */
    static int bin(double log10) {
        int b = 0;
        while (b < BIN_EDGES.length && log10 > BIN_EDGES[b]) {
            b++;
        }
        return b;
    }

    private static String binLabel(int b) {
        if (b == 0) {
            return String.format(Locale.ROOT, "log10 MSE ≤ %.0f", BIN_EDGES[0]);
        }
        if (b == BIN_EDGES.length) {
            return String.format(Locale.ROOT, "log10 MSE > %.0f", BIN_EDGES[b - 1]);
        }
        return String.format(Locale.ROOT, "%.0f < log10 MSE ≤ %.0f", BIN_EDGES[b - 1], BIN_EDGES[b]);
    }

    /** A binned heatmap: one square per grid point coloured by the mean log10 final MSE, with d² = N and parameters = N. */
    static XYChart heatmap(Map<Integer, Map<Integer, List<Memorisation.Outcome>>> grid) {
        XYChart c = Plots.chart("memorisation: log10 final training MSE (4-layer ReLU, Adam), random labels", "d²", "N", false, false);
        List<List<double[]>> bins = new ArrayList<>();
        for (int b = 0; b <= BIN_EDGES.length; b++) {
            bins.add(new ArrayList<>());
        }
        double maxD2 = 0;
        double maxN = 0;
        for (var byN : grid.entrySet()) {
            for (var byD : byN.getValue().entrySet()) {
                double d2 = (double) byD.getKey() * byD.getKey();
                bins.get(bin(Memorisation.meanLog10(byD.getValue()))).add(new double[] {d2, byN.getKey()});
                maxD2 = Math.max(maxD2, d2);
                maxN = Math.max(maxN, byN.getKey());
            }
        }
        for (int b = 0; b < bins.size(); b++) {
            if (bins.get(b).isEmpty()) {
                continue;
            }
            double[] x = bins.get(b).stream().mapToDouble(p -> p[0]).toArray();
            double[] y = bins.get(b).stream().mapToDouble(p -> p[1]).toArray();
            XYSeries sq = Plots.points(c, binLabel(b), x, y);
            sq.setMarker(SeriesMarkers.SQUARE);
            sq.setMarkerColor(BIN_COLOURS[b]);
        }
        c.getStyler().setMarkerSize(22);
        double top = Math.max(maxD2, maxN) * 1.05;
        XYSeries diag = Plots.line(c, "d² = N", new double[] {0, top}, new double[] {0, top});
        diag.setLineColor(Color.BLACK);
        // parameters 3d² + d = N, i.e. d² ≈ N/3
        XYSeries params = Plots.line(c, "parameters 3d² + d = N", new double[] {0, top / 3}, new double[] {0, top});
        params.setLineColor(Color.GRAY);
        return c;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# memorisation: where a four-layer ReLU network memorises random labels\n\n");
        md.append("Claim (Bombari, Amani & Mondelli 2022, seed 002): with Ω(N) parameters (up to logs), i.e. widths of order √N, ")
                .append("gradient descent memorises N samples; their experiment shows the transition of the final training loss ")
                .append("following d² = N.\n\n");
        md.append("Setup: the `bombari` preset with three hidden layers of width d — ReLU, no bias, Kaiming-normal init (std 1/√fan_in, ")
                .append("output layer std 1), standard parameterisation, every layer trained (3d² + d parameters); inputs x ~ N(0, I_d), ")
                .append("labels y ~ N(0, 1); full-batch Adam (β = 0.9, 0.999, ε = 1e-8) on ½·mean (f − y)² with step ")
                .append(s.lrScale()).append("/√N, at most ").append(s.epochs()).append(" epochs");
        md.append(s.earlyStopWindow() > 0 ? ", stopping at the end of the first block of " + s.earlyStopWindow()
                + " epochs whose average loss is above the previous block's" : ", no early stopping");
        md.append(". Grid: N = ").append(s.nUnit()).append("·i for i ∈ ").append(s.nI()).append(", d = ⌊√(").append(s.dUnit())
                .append("·j)⌋ for j ∈ ").append(s.dI()).append("; ").append(s.repetitions()).append(" repetition(s). Reported: the mean ")
                .append("squared error MSE = mean (f − y)² at the end (log10, averaged over repetitions); a run counts as memorised ")
                .append("when its final MSE < ").append(s.memorisedBelow()).append(" (labels have variance 1).\n\n");
        TreeSet<Integer> ds = new TreeSet<>();
        grid.values().forEach(m -> ds.addAll(m.keySet()));
        md.append("| N \\ d² |");
        ds.forEach(d -> md.append(' ').append((long) d * d).append(" |"));
        md.append("\n|---:|");
        ds.forEach(d -> md.append("---:|"));
        md.append("\n");
        List<String> lines = new ArrayList<>();
        Map<String, Object> perN = new LinkedHashMap<>();
        int agree = 0;
        int compared = 0;
        for (var byN : grid.entrySet()) {
            int n = byN.getKey();
            md.append("| ").append(n).append(" |");
            Integer firstMemorised = null;
            Integer lastFailed = null;
            for (int d : ds) {
                List<Memorisation.Outcome> runs = byN.getValue().get(d);
                if (runs == null) {
                    md.append(" |");
                    continue;
                }
                boolean all = runs.stream().allMatch(o -> o.finalMse() < s.memorisedBelow());
                md.append(String.format(Locale.ROOT, " %.2f%s |", Memorisation.meanLog10(runs), all ? " ✓" : ""));
                if (all && firstMemorised == null) {
                    firstMemorised = d;
                }
                if (!all) {
                    lastFailed = d;
                }
            }
            md.append("\n");
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("smallest_d2_memorised", firstMemorised == null ? null : (long) firstMemorised * firstMemorised);
            f.put("largest_d2_not_memorised", lastFailed == null ? null : (long) lastFailed * lastFailed);
            perN.put("n" + n, f);
            if (firstMemorised != null) {
                double d2 = (double) firstMemorised * firstMemorised;
                boolean monotone = lastFailed == null || lastFailed < firstMemorised;
                // the transition lies in (last failing d², first memorised d²]; it "follows d² = N" when that
                // interval meets [N/2, 2N]
                double failed = lastFailed == null ? 0 : (double) lastFailed * lastFailed;
                String where = lastFailed == null ? "the transition lies below the grid (only bounded above), not counted"
                        : d2 < n / 2.0 ? "earlier than d² = N/2" : failed >= 2.0 * n ? "later than d² = 2N" : "within a factor 2 of d² = N";
                if (lastFailed != null) {
                    compared++;
                    agree += where.startsWith("within") ? 1 : 0;
                }
                lines.add(String.format(Locale.ROOT, "- N = %d: memorised from d² = %.0f on (d²/N = %.2f, parameters/N = %.2f)%s%s: %s.", n, d2,
                        d2 / n, (3 * d2 + firstMemorised) / n, lastFailed == null ? "; every d² of the grid memorises"
                                : String.format(Locale.ROOT, "; largest d² not memorised: %d (d²/N = %.2f)", (long) lastFailed * lastFailed,
                                failed / n), monotone ? "" : " — not monotone in d²", where));
            } else {
                lines.add(String.format(Locale.ROOT, "- N = %d: no d² of the grid memorises (largest d² = %d, d²/N = %.2f).", n,
                        (long) ds.last() * ds.last(), (double) ds.last() * ds.last() / n));
            }
        }
        md.append("\n(log10 of the final MSE; ✓ = every repetition below ").append(s.memorisedBelow()).append(")\n\n");
        md.append("Where memorisation sets in:\n\n").append(String.join("\n", lines)).append("\n\n");
        md.append(String.format(Locale.ROOT, "The transition (between the largest failing and the first memorising d²) meets "
                + "[N/2, 2N] for %d of the %d sizes N whose transition lies inside the grid.%n", agree, compared));
        int failed = 0;
        int stoppedEarly = 0;
        double maxFailedRatio = 0;
        double minMemorisedRatio = Double.POSITIVE_INFINITY;
        for (var byN : grid.entrySet()) {
            for (var byD : byN.getValue().entrySet()) {
                double d2OverN = (double) byD.getKey() * byD.getKey() / byN.getKey();
                for (Memorisation.Outcome o : byD.getValue()) {
                    if (o.finalMse() >= s.memorisedBelow()) {
                        failed++;
                        stoppedEarly += o.epochs() < s.epochs() ? 1 : 0;
                        maxFailedRatio = Math.max(maxFailedRatio, d2OverN);
                    } else {
                        minMemorisedRatio = Math.min(minMemorisedRatio, d2OverN);
                    }
                }
            }
        }
        if (failed > 0 && Double.isFinite(minMemorisedRatio)) {
            // parameters 3d² + d ≈ 3d²: the line parameters = N is d²/N ≈ 1/3
            md.append(String.format(Locale.ROOT, "%nOver the whole grid: every run with d²/N > %.2f memorised (parameters/N ≳ %.1f), and the "
                    + "smallest d²/N that memorised is %.2f (parameters/N ≈ %.1f). The claim's line d² = N is d²/N = 1; the line "
                    + "parameters = N is d²/N ≈ 1/3.%n", maxFailedRatio, 3 * maxFailedRatio, minMemorisedRatio, 3 * minMemorisedRatio));
            // which line the measured transition is nearer to, on a log scale: d² = N (ratio 1) or parameters = N (ratio 1/3)
            double mid = Math.sqrt(maxFailedRatio * minMemorisedRatio);
            boolean nearerParameters = Math.abs(Math.log(mid * 3)) < Math.abs(Math.log(mid));
            md.append(String.format(Locale.ROOT, "%nVerdict: memorisation sets in around d²/N ≈ %.2f, i.e. parameters/N ≈ %.1f — nearer the line %s. ",
                    mid, 3 * mid, nearerParameters ? "parameters = N than d² = N" : "d² = N than parameters = N"));
            md.append(nearerParameters ? "The claim in its parameter-count form (Ω(N) parameters suffice) holds here with a constant close to 1; "
                    + "the transition does not follow d² = N as expected in the issue but d² ≈ N/3, because this network has about "
                    + "3d² parameters (three d×d layers).\n" : "This matches the expected transition along d² = N.\n");
            facts.put("transition_d2_over_n", mid);
            facts.put("all_memorised_above_d2_over_n", maxFailedRatio);
            facts.put("smallest_memorised_d2_over_n", minMemorisedRatio);
        }
        md.append(String.format(Locale.ROOT, "%nOf the %d runs that did not memorise, %d were ended by the early-stopping rule before the "
                + "%d-epoch budget (Adam's loss is not monotone: a block average can rise while the loss still falls on longer scales, "
                + "so the rule is part of what is measured) and %d ran the whole budget.%n", failed, stoppedEarly, s.epochs(),
                failed - stoppedEarly));
        facts.put("not_memorised", failed);
        facts.put("not_memorised_stopped_early", stoppedEarly);
        facts.put("per_n", perN);
        facts.put("transition_near_d2_equals_n", agree + "/" + compared);
        md.append("\nFiles: `memorisation.csv` (every run: epochs, early stop, initial and final MSE), `memorisation-heatmap.png|svg` ")
                .append("(binned log10 final MSE over (d², N), with the lines d² = N and parameters = N).\n");
        return md.toString();
    }
}
