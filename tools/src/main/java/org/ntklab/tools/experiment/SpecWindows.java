package org.ntklab.tools.experiment;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.eigen.DecayRate;

/**
 * Fitting windows written in a spec as {@code [from, to]} (1-based, inclusive indices of the
 * eigenvalues in decreasing order), fixed before the data: the spectral experiments (edr,
 * gp-smoothness, dataset-smoothness) fit over them instead of a rule that looks at the spectrum.
 */
final class SpecWindows {

    private SpecWindows() {
    }

    /** The window of spec key {@code key}, checked against n points; fails naming the key. */
    static DecayRate.Window of(List<Integer> w, String key, int n) {
        ExperimentSpec.require(w != null && w.size() == 2 && w.get(0) != null && w.get(1) != null, key,
                "needs [from, to], two indices");
        int from = w.get(0);
        int to = w.get(1);
        ExperimentSpec.require(from >= 1 && to <= n && to >= 3 && to - 2 >= from, key,
                "needs 1 ≤ from, to ≤ n (" + n + ") and at least 3 indices, got [" + from + ", " + to + "]");
        return new DecayRate.Window(from, to);
    }

    /** The windows of a list-valued spec key (at most {@code max} of them). */
    static List<DecayRate.Window> list(List<List<Integer>> ws, String key, int n, int max) {
        ExperimentSpec.require(ws != null && ws.size() <= max, key, "needs a list of at most " + max + " windows [from, to]");
        List<DecayRate.Window> out = new ArrayList<>();
        for (int i = 0; i < ws.size(); i++) {
            out.add(of(ws.get(i), key + "[" + i + "]", n));
        }
        return out;
    }
}
