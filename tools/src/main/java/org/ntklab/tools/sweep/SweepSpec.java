package org.ntklab.tools.sweep;

import org.ntklab.tools.experiment.SpecReader;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ntklab.tools.UserError;

/**
 * A sweep spec: a task type, base values, a cartesian {@code grid} and {@code zip}ped lists over
 * any of the task type's keys, read strictly from YAML (or JSON). {@link #tasks()} expands it: grid
 * keys in the order written (the first varies slowest), the zipped lists as the last axis. Every
 * task's parameters are converted, checked and resolved before anything runs, so a bad value is
 * refused naming its key; each task's ID is a hash of its resolved parameters.
 *
 * <pre>
 * task: lambda-min
 * base: {kernel: empirical, preset: arora, depth: 2, n: 200, d: 10}
 * grid: {width: [16, 64, 256], seed: [0, 1, 2]}
 * zip:  {n: [100, 200], d: [5, 10]}      # optional: lists of equal length, varied together
 * </pre>
 */
public final class SweepSpec {

    /** Most tasks one spec may expand to (a typo such as a huge range should not fill the disk). */
    public static final int MAX_TASKS = 1_000_000;

    /** Strict YAML reader: unknown keys, wrong types, floats for integers and scalar coercions are errors. */
    /** Largest spec file read: a spec is a page of YAML, and parsing megabytes of it took minutes. */
    static final long MAX_SPEC_BYTES = 1L << 20;

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** Canonical JSON of resolved parameters: keys sorted, nulls left out (what the IDs hash). */
    static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** The file's shape. */
    record Document(@JsonProperty("task") String task, @JsonProperty("name") String name,
                    @JsonProperty("base") LinkedHashMap<String, Object> base,
                    @JsonProperty("grid") LinkedHashMap<String, List<Object>> grid,
                    @JsonProperty("zip") LinkedHashMap<String, List<Object>> zip) {
    }

    private final String text;
    private final String source;
    private final String name;
    private final TaskType<?> type;
    private final List<SweepTask> tasks;

    private SweepSpec(String text, String source, String name, TaskType<?> type, List<SweepTask> tasks) {
        this.text = text;
        this.source = source;
        this.name = name;
        this.type = type;
        this.tasks = List.copyOf(tasks);
    }

    /** Reads and expands a spec file. */
    public static SweepSpec read(Path file) {
        try {
            org.ntklab.data.InputFiles.requireRegular(file, MAX_SPEC_BYTES, "sweep spec");
            return parse(Files.readString(file), file.getFileName().toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UserError("cannot read sweep spec " + file + ": not UTF-8 text (a YAML file was expected)");
        } catch (IOException e) {
            throw new UserError("cannot read sweep spec " + file + ": " + e.getMessage());
        }
    }

    /** Parses and expands spec text; {@code source} names it in messages. */
    public static SweepSpec parse(String text, String source) {
        Document doc;
        try {
            SpecReader.checkText(text, Document.class, null);
            doc = YAML.readValue(text, Document.class);
        } catch (IllegalArgumentException e) {
            throw new UserError(source + ": " + e.getMessage());
        } catch (UnrecognizedPropertyException e) {
            throw new UserError(source + ": unknown key '" + SpecReader.path(e) + "' (known: task, name, base, grid, zip)");
        } catch (JsonMappingException e) {
            throw new UserError(source + ": key '" + SpecReader.path(e) + "': " + SpecReader.firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new UserError(source + ": malformed YAML/JSON: " + SpecReader.firstLine(e.getOriginalMessage()));
        }
        if (doc == null) {
            throw new UserError(source + ": empty spec");
        }
        if (doc.task() == null) {
            throw new UserError(source + ": key 'task' is required (known task types: "
                    + String.join(", ", TaskTypes.all().stream().map(TaskType::name).toList()) + ")");
        }
        try {
            TaskType<?> type = TaskTypes.byName(doc.task());
            String name = doc.name() != null ? doc.name() : source.replaceFirst("\\.(ya?ml|json)$", "");
            return new SweepSpec(text, source, name, type, expand(doc, type));
        } catch (IllegalArgumentException e) {
            throw new UserError(source + ": " + e.getMessage());
        }
    }

    private static <P> List<SweepTask> expand(Document doc, TaskType<P> type) {
        Map<String, Object> base = doc.base() == null ? Map.of() : doc.base();
        Map<String, List<Object>> grid = doc.grid() == null ? Map.of() : doc.grid();
        Map<String, List<Object>> zip = doc.zip() == null ? Map.of() : doc.zip();
        Map<String, JavaType> keys = SpecReader.keys(type.paramsType());
        List<String> known = List.copyOf(keys.keySet());
        Map<String, String> origin = new HashMap<>();
        checkKeys("base", base.keySet(), known, origin);
        checkKeys("grid", grid.keySet(), known, origin);
        checkKeys("zip", zip.keySet(), known, origin);
        base.forEach((k, v) -> checkValues("base." + k, Collections.singletonList(v), keys.get(k)));
        grid.forEach((k, values) -> checkValues("grid." + k, values, keys.get(k)));
        zip.forEach((k, values) -> checkValues("zip." + k, values, keys.get(k)));
        long count = 1;
        for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("key 'grid." + e.getKey() + "': empty list (a grid axis needs at least one value)");
            }
            count *= e.getValue().size();
            if (count > MAX_TASKS) {
                throw new IllegalArgumentException("key 'grid." + e.getKey() + "': the grid expands to more than " + MAX_TASKS + " tasks");
            }
        }
        int zipLength = -1;
        String zipFirst = null;
        for (Map.Entry<String, List<Object>> e : zip.entrySet()) {
            int len = e.getValue() == null ? 0 : e.getValue().size();
            if (len == 0) {
                throw new IllegalArgumentException("key 'zip." + e.getKey() + "': empty list");
            }
            if (zipLength >= 0 && len != zipLength) {
                throw new IllegalArgumentException("key 'zip." + e.getKey() + "' has " + len + " values but 'zip." + zipFirst + "' has "
                        + zipLength + " (zipped lists must have equal lengths)");
            }
            zipLength = len;
            zipFirst = zipFirst == null ? e.getKey() : zipFirst;
        }
        List<String> axes = new ArrayList<>(grid.keySet());
        int[] sizes = new int[axes.size() + 1];
        for (int a = 0; a < axes.size(); a++) {
            sizes[a] = grid.get(axes.get(a)).size();
        }
        sizes[axes.size()] = Math.max(zipLength, 1);
        count *= sizes[axes.size()];
        if (count > MAX_TASKS) {
            throw new IllegalArgumentException("key 'zip': the spec expands to more than " + MAX_TASKS + " tasks");
        }
        List<SweepTask> tasks = new ArrayList<>((int) count);
        Map<String, Integer> seen = new HashMap<>();
        int[] at = new int[sizes.length];
        for (int t = 0; t < count; t++) {
            Map<String, Object> values = new LinkedHashMap<>(base);
            for (int a = 0; a < axes.size(); a++) {
                values.put(axes.get(a), grid.get(axes.get(a)).get(at[a]));
            }
            int z = at[axes.size()];
            zip.forEach((k, list) -> values.put(k, list.get(z)));
            SweepTask task = resolve(type, t, values, origin);
            Integer before = seen.putIfAbsent(task.id(), t);
            if (before != null) {
                throw new IllegalArgumentException("tasks " + before + " and " + t + " resolve to the same parameters " + task.values()
                        + " (a key that does not apply to this task varies?)");
            }
            tasks.add(task);
            for (int a = sizes.length - 1; a >= 0; a--) { // odometer: the last axis varies fastest
                if (++at[a] < sizes[a]) {
                    break;
                }
                at[a] = 0;
            }
        }
        return tasks;
    }

    private static void checkKeys(String section, Iterable<String> keys, List<String> known, Map<String, String> origin) {
        for (String k : keys) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("unknown key '" + section + "." + k + "' (known: " + String.join(", ", known) + ")");
            }
            String other = origin.putIfAbsent(k, section);
            if (other != null) {
                throw new IllegalArgumentException("key '" + k + "' is given in both " + other + " and " + section);
            }
        }
    }

    private static <P> SweepTask resolve(TaskType<P> type, int index, Map<String, Object> values, Map<String, String> origin) {
        P params;
        try {
            params = YAML.convertValue(values, type.paramsType());
        } catch (IllegalArgumentException e) {
            if (e.getCause() instanceof JsonMappingException m) {
                String key = SpecReader.path(m);
                String where = origin.getOrDefault(key, "base") + "." + key;
                throw new IllegalArgumentException("key '" + where + "': value " + quote(values.get(key)) + " is invalid: "
                        + SpecReader.firstLine(m.getOriginalMessage()));
            }
            throw e;
        }
        P resolved;
        try {
            resolved = type.resolve(params);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (task " + index + ": " + values + ")");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> canonical = CANONICAL.convertValue(resolved, LinkedHashMap.class);
        return new SweepTask(index, id(type.name(), canonical), resolved, canonical);
    }

    /** The stable ID: the first 16 hex digits of SHA-256 over the task type and the canonical JSON of its parameters. */
    static String id(String type, Map<String, Object> canonical) {
        try {
            String json = CANONICAL.writeValueAsString(Map.of("task", type, "params", canonical));
            byte[] h = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks that each of a key's values has the key's type (null: the default), naming the key as written. */
    private static void checkValues(String key, List<Object> values, JavaType type) {
        if (values != null) {
            for (Object v : values) {
                SpecReader.checkValue(key, YAML.valueToTree(v), type, true);
            }
        }
    }

    private static String quote(Object v) {
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }

    /** The spec's text as read. */
    public String text() {
        return text;
    }

    /** Where it came from (file name or resource). */
    public String source() {
        return source;
    }

    /** The sweep's name ({@code name:}, else the file name without extension). */
    public String name() {
        return name;
    }

    /** The task type. */
    public TaskType<?> type() {
        return type;
    }

    /** All tasks, in expansion order. */
    public List<SweepTask> tasks() {
        return tasks;
    }
}
