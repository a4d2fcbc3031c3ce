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
 * outputs; the outputs themselves carry no provenance, so that other tools read them as is.
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
        fields.put("working_directory", Path.of("").toAbsolutePath().toString()); // what relative arguments are relative to
        fields.putAll(Environment.facts());
    }

    /** Adds or replaces a field (spec values, seed, derived facts). */
    public RunRecord put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    /**
     * Records an input file given with {@code option}: its absolute path, size and SHA-256 under
     * {@code inputs}, so that the run can be repeated from anywhere ({@code ntk rerun}) and a changed
     * input is caught rather than silently used. Hashing is serial: on a 200 MB Gram it adds 0.1–0.4 s
     * to a 4.6 s {@code eig} (measured); a hashing thread beside the computation was slower still,
     * since the computation already uses every core.
     */
    @SuppressWarnings("unchecked")
    public RunRecord input(String option, Path file) {
        Path abs = file.toAbsolutePath().normalize();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", abs.toString());
        try {
            entry.put("bytes", java.nio.file.Files.size(abs));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        entry.put("sha256", FileDigest.sha256(abs));
        ((Map<String, Object>) fields.computeIfAbsent("inputs", k -> new LinkedHashMap<String, Object>())).put(option, entry);
        return this;
    }

    /** The fields recorded so far (a live view). */
    public Map<String, Object> fields() {
        return fields;
    }

    /** Writes the record as JSON to {@code target} (normally {@code meta.json}), with the wall time so far. */
    public Path writeMeta(Path target, boolean overwrite) {
        fields.put("wall_seconds", (System.nanoTime() - startNanos) / 1e9);
        AtomicFiles.write(target, overwrite, out -> JSON.writeValue(out, fields));
        return target;
    }
}
