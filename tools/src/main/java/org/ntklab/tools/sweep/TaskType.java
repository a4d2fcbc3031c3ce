package org.ntklab.tools.sweep;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One kind of sweep task: its parameters (a Jackson-readable type whose properties are the spec
 * keys), how to check and resolve them, how much memory and work one task needs, how to run it,
 * and which plots a merged sweep gets.
 *
 * <p>Results must depend only on the resolved parameters (never on the thread count or on which
 * other tasks run beside it): that is what makes records from different shards, machines and
 * restarts mergeable into one table. Wall times are reported separately ({@link Outcome#timing()}).
 *
 * @param <P> the parameter type
 */
public interface TaskType<P> {

    /** The name in the spec's {@code task:} key, e.g. {@code lambda-min}. */
    String name();

    /** The parameter type (properties in snake_case are the spec keys). */
    Class<P> paramsType();

    /**
     * Checks the parameters and fills in every default, so that equal tasks have equal resolved
     * parameters (their ID is a hash of them).
     *
     * @throws IllegalArgumentException naming the offending key
     */
    P resolve(P params);

    /** An upper estimate of the task's peak heap use in bytes (planning: what may run together). */
    long peakBytes(P params);

    /** Estimated floating-point operations (planning: which tasks get all threads). */
    double work(P params);

    /** Runs one task. Thrown exceptions become a failed record. */
    Outcome run(P params);

    /** The result columns of the merged CSV, in order. */
    List<String> resultColumns();

    /** Writes the task type's plots of the merged rows (resolved parameters plus results) into {@code dir}. */
    default List<Path> plots(List<Map<String, Object>> rows, Path dir) {
        return List.of();
    }

    /** {@link #peakBytes} of a task's parameters as stored in a {@link SweepTask}. */
    @SuppressWarnings("unchecked")
    default long peakBytesOf(SweepTask t) {
        return peakBytes((P) t.params());
    }

    /** {@link #work} of a task. */
    @SuppressWarnings("unchecked")
    default double workOf(SweepTask t) {
        return work((P) t.params());
    }

    /** {@link #run} of a task. */
    @SuppressWarnings("unchecked")
    default Outcome runTask(SweepTask t) {
        return run((P) t.params());
    }

    /**
     * What a task produced.
     *
     * @param result deterministic values, one per {@link #resultColumns()} entry
     * @param timing wall times in seconds (not compared across runs)
     */
    record Outcome(Map<String, Object> result, Map<String, Double> timing) {
    }
}
