package org.ntklab.tools.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The stored outcome of one task: {@code tasks/ID.json} in the sweep folder, written atomically.
 *
 * @param id         the task's stable ID (also the file name)
 * @param index      its index in the spec's expansion
 * @param task       the task type
 * @param status     {@value #OK} or {@value #FAILED}
 * @param params     the resolved parameters
 * @param result     the task's deterministic results (null when failed)
 * @param timing     wall times in seconds
 * @param error      what went wrong (failed only)
 * @param provenance command, shard, host, process, start and end, versions, backend, threads, git commit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "index", "task", "status", "params", "result", "timing", "error", "provenance"})
public record TaskRecord(String id, int index, String task, String status, Map<String, Object> params, Map<String, Object> result,
                         Map<String, Double> timing, String error, Map<String, Object> provenance) {

    /** Status of a task that produced its result. */
    public static final String OK = "ok";
    /** Status of a task that threw. */
    public static final String FAILED = "failed";

    /** True when the task produced its result. */
    public boolean ok() {
        return OK.equals(status);
    }
}
