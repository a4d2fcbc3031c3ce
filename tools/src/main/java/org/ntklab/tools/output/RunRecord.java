package org.ntklab.tools.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The provenance of one run: what was asked (command, spec, seed), where it ran
 * ({@link Environment#facts()}) and how long it took. Written as {@code meta.json} beside the
 * outputs and repeated as comment lines at the top of each CSV.
 */
public final class RunRecord {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final long startNanos = System.nanoTime();

    /** Starts the record of a run of {@code command} with the given arguments. */
    public RunRecord(String command, List<String> arguments) {
        fields.put("command", command);
        fields.put("arguments", List.copyOf(arguments));
        fields.put("started", Instant.now().toString());
        fields.putAll(Environment.facts());
    }

    /** Adds or replaces a field (spec values, seed, derived facts). */
    public RunRecord put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /** The fields recorded so far (a live view). */
    public Map<String, Object> fields() {
        return fields;
    }

    /** The fields flattened to one line each, for CSV comment headers. */
    public Map<String, Object> header() {
        Map<String, Object> h = new LinkedHashMap<>();
        fields.forEach((k, v) -> h.put(k, v instanceof Map<?, ?> || v instanceof List<?> ? toJson(v) : v));
        return h;
    }

    /** Writes the record as JSON to {@code target} (normally {@code meta.json}), with the wall time so far. */
    public Path writeMeta(Path target, boolean overwrite) {
        fields.put("wall_seconds", (System.nanoTime() - startNanos) / 1e9);
        AtomicFiles.write(target, overwrite, out -> JSON.writeValue(out, fields));
        return target;
    }

    private static String toJson(Object v) {
        try {
            return JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(v);
        } catch (Exception e) {
            return String.valueOf(v);
        }
    }
}
