package org.ntklab.tools.experiment;

import java.util.List;
import java.util.stream.Collectors;
import org.ntklab.tools.UserError;

/** The registry of theorem experiments. */
public final class Experiments {

    private static final List<Experiment<?>> ALL = List.of(new InitGeneralization(), new GpSmoothness(), new Edr(),
            new DatasetSmoothness(), new NtkConvergence(), new KernelRegime(), new GdDynamics(), new GeneralizationBound(),
            new LambdaMin(), new Memorisation(), new NtkWidth(), new UniformConvergence(), new GdGuarantee());

    private Experiments() {
    }

    /** All experiments, in the order they are listed. */
    public static List<Experiment<?>> all() {
        return ALL;
    }

    /** The experiment called {@code name}. */
    public static Experiment<?> named(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow(() -> new UserError(
                "unknown experiment '" + name + "' (known: " + ALL.stream().map(Experiment::name).collect(Collectors.joining(", ")) + ")"));
    }
}
