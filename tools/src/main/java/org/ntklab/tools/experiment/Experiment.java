package org.ntklab.tools.experiment;

/**
 * A theorem experiment: a typed spec (read from YAML, with a documented default and a quick
 * variant built in) and a run that writes CSV, plots, {@code meta.json} and {@code summary.md}.
 *
 * @param <S> the spec type (a record; unknown keys and wrong types are rejected by the reader)
 */
public interface Experiment<S extends ExperimentSpec> {

    /** The name on the command line, e.g. {@code init-generalization}. */
    String name();

    /** One line: what it measures and against which claim. */
    String description();

    /** The spec's class, for the YAML reader. */
    Class<S> specType();

    /** Runs the experiment with a validated spec. */
    void run(S spec, ExperimentContext ctx) throws Exception;

    /** The built-in default spec (a resource a user can print with {@code ntk experiment spec NAME}). */
    default String defaultSpecResource() {
        return "/experiments/" + name() + ".yaml";
    }

    /** The built-in quick spec (about a minute; used by the tests). */
    default String quickSpecResource() {
        return "/experiments/" + name() + "-quick.yaml";
    }
}
