package org.ntklab.eigen;

/**
 * The eigenvalue decay rate (EDR) of a kernel matrix: the exponent a of λ_i ≈ C·i^{−a}
 * (eigenvalues in decreasing order, i from 1), fitted by least squares in log–log coordinates.
 *
 * <p><b>The window rule.</b> With n eigenvalues and λ₁ the largest:
 * <ul>
 *   <li>the numerically-zero tail is cut: eigenvalues of a matrix computed by a backward-stable
 *   eigensolver are accurate only to about n·u·λ₁, so the window ends before the first
 *   eigenvalue ≤ τ = 16·n·u·λ₁ (u = 2⁻⁵³);</li>
 *   <li>the window ends at ⌊n/2⌋ at the latest: the bottom half of a finite Gram's spectrum bends
 *   away from the kernel's (it flattens into a floor or drops at the end);</li>
 *   <li>the window starts at max(2, ⌈n/100⌉): the top eigenvalues (for an NTK, the near-constant
 *   mode first) follow the power law least.</li>
 * </ul>
 * An explicit window overrides the rule. The rule looks at the spectrum it fits (where the rounding
 * floor lies), so it is for exploring one spectrum; an estimate that enters a verdict fits over a
 * window fixed before the data ({@link #fit(double[], int, int)}).
 */
public final class DecayRate {

    private DecayRate() {
    }

    /** An index window [from, to], 1-based and inclusive (at least 3 indices), in decreasing order of the eigenvalues. */
    public record Window(int from, int to) {

        /** Checks the window starts at 1 or later and holds at least 3 indices. */
        public Window {
            if (from < 1 || to < 3 || to - 2 < from) {
                throw new IllegalArgumentException("a window needs 1 ≤ from and at least 3 indices, got " + from + ".." + to);
            }
        }

        /** "[from, to]". */
        @Override
        public String toString() {
            return "[" + from + ", " + to + "]";
        }
    }

    /** The eigenvalues in decreasing order (copied). */
    public static double[] descending(double[] eigenvalues) {
        double[] d = eigenvalues.clone();
        java.util.Arrays.sort(d);
        for (int i = 0, j = d.length - 1; i < j; i++, j--) {
            double t = d[i];
            d[i] = d[j];
            d[j] = t;
        }
        return d;
    }

    /** The window of the rule for eigenvalues in decreasing order. */
    public static Window window(double[] descending) {
        int n = descending.length;
        if (n == 0 || !(descending[0] > 0)) {
            throw new IllegalArgumentException("a decay rate needs a positive largest eigenvalue, got "
                    + (n == 0 ? "no eigenvalues" : String.valueOf(descending[0])));
        }
        double tau = 16.0 * n * Rounding.U * descending[0];
        int last = 0;
        while (last < n && descending[last] > tau) {
            last++;
        }
        int from = Math.max(2, (int) Math.ceil(n / 100.0));
        int to = Math.min(last, n / 2);
        if (to - from + 1 < 3) {
            throw new IllegalArgumentException("too few eigenvalues for a decay-rate fit: the window rule leaves indices " + from
                    + ".." + to + " of " + n + " (" + last + " above the rounding floor " + String.format(java.util.Locale.ROOT,
                    "%.3g", tau) + ")");
        }
        return new Window(from, to);
    }

    /** The EDR fit over the rule's window (eigenvalues in any order). */
    public static PowerLawFit fit(double[] eigenvalues) {
        double[] d = descending(eigenvalues);
        Window w = window(d);
        return PowerLawFit.fit(d, w.from(), w.to(), PowerLawFit.LEVEL);
    }

    /** The EDR fit over an explicit window (1-based, inclusive, eigenvalues in any order). */
    public static PowerLawFit fit(double[] eigenvalues, int from, int to) {
        return PowerLawFit.fit(descending(eigenvalues), from, to, PowerLawFit.LEVEL);
    }
}
