package org.ntklab.tools.sweep;

import java.util.Map;

/**
 * One task of a sweep.
 *
 * @param index  position in the spec's expansion (0-based; the same for every run of the spec)
 * @param id     stable ID: a hash of the task type and its fully resolved parameters
 * @param params the resolved parameters (of the task type's parameter type)
 * @param values the resolved parameters as an ordered map of spec keys (null values left out)
 */
public record SweepTask(int index, String id, Object params, Map<String, Object> values) {

    /** "index id (key=value, ...)" for messages. */
    public String describe() {
        return "task " + index + " " + id + " " + values;
    }
}
