package org.ntklab.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of a {@link Claim} on an {@link Estimate}: supports, contradicts or inconclusive.
 *
 * @param claim    the claim judged
 * @param estimate the estimate and its interval
 * @param outcome  the verdict
 */
public record Verdict(Claim claim, Estimate estimate, Outcome outcome) {

    /** The three possible verdicts. */
    public enum Outcome {
        /** The interval keeps the claimed value and excludes the competitor. */
        SUPPORTS,
        /** The interval excludes the claimed value. */
        CONTRADICTS,
        /** The interval keeps both, or the replicates are too few. */
        INCONCLUSIVE;

        /** The lower-case word written to files. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * The fields of {@code verdict.json} in their documented order: claim, statistic, estimate,
     * ci_low, ci_high, claimed_value, competing_value, relation, level, replicates, method, verdict.
     * Infinite interval ends are written as null (JSON has no infinity).
     */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("claim", claim.text());
        m.put("statistic", claim.statistic());
        m.put("estimate", finite(estimate.value()));
        m.put("ci_low", finite(estimate.low()));
        m.put("ci_high", finite(estimate.high()));
        m.put("claimed_value", claim.claimedValue());
        m.put("competing_value", claim.competingValue());
        m.put("relation", claim.relation().symbol());
        m.put("level", estimate.interval().level());
        m.put("replicates", estimate.replicates());
        m.put("method", estimate.method());
        m.put("verdict", outcome.word());
        return m;
    }

    /** One line for a summary: "supports: slope 1.98 [1.90, 2.05] (claimed 2, competing 1; 10 replicates)". */
    public String line() {
        return String.format(java.util.Locale.ROOT, "%s: %s = %.4g [%.4g, %.4g] (claimed %s %.4g, competing %.4g; %d replicates)",
                outcome.word(), claim.statistic(), estimate.value(), estimate.low(), estimate.high(), claim.relation().symbol(),
                claim.claimedValue(), claim.competingValue(), estimate.replicates());
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
