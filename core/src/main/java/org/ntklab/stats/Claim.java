package org.ntklab.stats;

/**
 * A theorem's prediction stated as a number, beside the competing value it excludes, fixed before
 * the data are computed.
 *
 * <p>The rule (see {@link #judge}) looks only at the interval: it {@code contradicts} the claim
 * when the interval excludes the claimed value (or, for a one-sided claim, lies wholly on the wrong
 * side of it); it {@code supports} the claim when it keeps the claimed value and excludes the
 * competitor; otherwise, or with fewer replicates than the claim needs, it is {@code inconclusive}.
 * No tolerance enters.
 *
 * @param text           the claim in words, e.g. "λ_min grows as d² (Bombari et al. 2022, Thm 3.1)"
 * @param statistic      what is estimated, e.g. "log-log slope of λ_min in d"
 * @param claimedValue   the theorem's value (or boundary, for a one-sided claim)
 * @param competingValue the alternative the theorem excludes (for a one-sided claim: the boundary)
 * @param relation       {@code EQUAL} (statistic = claimed), {@code GREATER} (statistic &gt; claimed),
 *                       {@code LESS} (statistic &lt; claimed)
 * @param minReplicates  fewer independent replicates than this give {@code inconclusive}
 */
public record Claim(String text, String statistic, double claimedValue, double competingValue, Relation relation, int minReplicates) {

    /** How the statistic relates to the claimed value. */
    public enum Relation {
        /** statistic = claimed value; competitor a different value. */
        EQUAL("="),
        /** statistic &gt; claimed value (a one-sided claim; the competitor is the region at or below). */
        GREATER(">"),
        /** statistic &lt; claimed value. */
        LESS("<");

        private final String symbol;

        Relation(String symbol) {
            this.symbol = symbol;
        }

        /** =, &gt; or &lt;. */
        public String symbol() {
            return symbol;
        }
    }

    /** The smallest number of replicates any claim accepts: an interval needs a spread. */
    public static final int MIN_REPLICATES = 3;

    /** Checks the values are finite, a point claim's competitor differs, and the replicates suffice for an interval. */
    public Claim {
        if (!Double.isFinite(claimedValue) || !Double.isFinite(competingValue)) {
            throw new IllegalArgumentException("a claim needs finite claimed and competing values");
        }
        if (relation == Relation.EQUAL && claimedValue == competingValue) {
            throw new IllegalArgumentException("a point claim needs a competing value different from the claimed one (" + claimedValue + ")");
        }
        if (minReplicates < MIN_REPLICATES) {
            throw new IllegalArgumentException("a claim needs at least " + MIN_REPLICATES + " replicates, got " + minReplicates);
        }
    }

    /** A point claim: statistic = claimed, against the competitor. */
    public static Claim equal(String text, String statistic, double claimed, double competing) {
        return new Claim(text, statistic, claimed, competing, Relation.EQUAL, MIN_REPLICATES);
    }

    /** A one-sided claim: statistic &gt; boundary (the competitor is the boundary itself). */
    public static Claim greater(String text, String statistic, double boundary) {
        return new Claim(text, statistic, boundary, boundary, Relation.GREATER, MIN_REPLICATES);
    }

    /** A one-sided claim: statistic &lt; boundary. */
    public static Claim less(String text, String statistic, double boundary) {
        return new Claim(text, statistic, boundary, boundary, Relation.LESS, MIN_REPLICATES);
    }

    /** The same claim needing at least {@code n} replicates. */
    public Claim withMinReplicates(int n) {
        return new Claim(text, statistic, claimedValue, competingValue, relation, n);
    }

    /** The verdict of an estimate on this claim. */
    public Verdict judge(Estimate e) {
        Interval ci = e.interval();
        Verdict.Outcome outcome;
        if (e.replicates() < minReplicates || !Double.isFinite(e.value())) {
            outcome = Verdict.Outcome.INCONCLUSIVE;
        } else {
            outcome = switch (relation) {
                case EQUAL -> !ci.contains(claimedValue) ? Verdict.Outcome.CONTRADICTS
                        : !ci.contains(competingValue) ? Verdict.Outcome.SUPPORTS : Verdict.Outcome.INCONCLUSIVE;
                case GREATER -> ci.high() <= claimedValue ? Verdict.Outcome.CONTRADICTS
                        : ci.low() > claimedValue ? Verdict.Outcome.SUPPORTS : Verdict.Outcome.INCONCLUSIVE;
                case LESS -> ci.low() >= claimedValue ? Verdict.Outcome.CONTRADICTS
                        : ci.high() < claimedValue ? Verdict.Outcome.SUPPORTS : Verdict.Outcome.INCONCLUSIVE;
            };
        }
        return new Verdict(this, e, outcome);
    }
}
