package org.ntklab.tools.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ntklab.tools.UserError;

/**
 * Reads experiment specs from YAML (JSON is YAML too) strictly: unknown keys, wrong types and
 * missing values are errors naming the key, before any work starts.
 *
 * <p>The tree is checked against the spec type's keys ({@link #checkTree}) before it is bound, so
 * mistakes are reported in the spec's own terms ("missing key 'n'", "key 'n': expected an
 * integer, got \"many\"") rather than in the binder's. The sweep spec reader uses the same checks.
 */
public final class SpecReader {

    /** Largest spec file read: a spec is a page of YAML, and parsing megabytes of it took minutes. */
    static final long MAX_SPEC_BYTES = 1L << 20;

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

    private SpecReader() {
    }

    /** The text of a built-in spec resource. */
    public static String resource(String path) {
        try (InputStream in = SpecReader.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("built-in spec missing: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a spec file. */
    public static <S extends ExperimentSpec> S read(Path file, Class<S> type) {
        try {
            org.ntklab.data.InputFiles.requireRegular(file, MAX_SPEC_BYTES, "spec");
            return parse(Files.readString(file), type, file.getFileName().toString());
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UserError("cannot read spec " + file + ": not UTF-8 text (a YAML file was expected)");
        } catch (IOException e) {
            throw new UserError("cannot read spec " + file + ": " + e.getMessage());
        }
    }

    /** Parses and validates spec text; {@code source} names it in messages. */
    public static <S extends ExperimentSpec> S parse(String text, Class<S> type, String source) {
        try {
            checkText(text, type, startFrom(type));
        } catch (IllegalArgumentException e) {
            throw new UserError(source + ": " + e.getMessage());
        }
        S spec;
        try {
            spec = YAML.readValue(text, type);
        } catch (UnrecognizedPropertyException e) {
            throw new UserError(source + ": unknown key '" + path(e) + "' (known: " + e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", ")) + ")");
        } catch (JsonMappingException e) {
            String key = path(e);
            throw new UserError(source + ": " + (key.isEmpty() ? "" : "key '" + key + "': ") + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new UserError(source + ": malformed YAML/JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (spec == null) {
            throw new UserError(source + ": empty spec");
        }
        try {
            spec.validate();
        } catch (IllegalArgumentException e) {
            throw new UserError(source + ": " + e.getMessage());
        }
        return spec;
    }

    /** Where to start a complete spec of the experiment whose spec type is {@code type}. */
    private static String startFrom(Class<?> type) {
        return Experiments.all().stream().filter(e -> e.specType() == type).findFirst()
                .map(e -> "start from 'ntk experiment spec " + e.name() + "'")
                .orElse("'ntk experiment spec NAME' prints a complete spec");
    }

    /** The keys of a spec type (its properties, as written in specs) with their types, sorted by key. */
    public static Map<String, JavaType> keys(Class<?> type) {
        Map<String, JavaType> keys = new TreeMap<>();
        for (BeanPropertyDefinition p : YAML.getDeserializationConfig().introspect(YAML.constructType(type)).findProperties()) {
            keys.put(p.getName(), p.getPrimaryType());
        }
        return keys;
    }

    /**
     * {@link #checkTree} of spec text. Malformed text passes: the binder reports it, naming the key
     * it was reading.
     */
    public static void checkText(String text, Class<?> type, String required) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            return;
        }
        checkTree(tree, type, required);
    }

    /**
     * Checks a parsed spec against {@code type}'s keys before it is bound, in this order: the first
     * unknown key (so a renamed key is reported as unknown, not as the one it replaced missing),
     * then every missing key, then the first value of the wrong type.
     *
     * @param required when not null, every key is required and may not be empty; a message about
     *                 missing keys ends with this hint (e.g. where to find a complete spec)
     * @throws IllegalArgumentException with a one-line message naming the key
     */
    public static void checkTree(JsonNode tree, Class<?> type, String required) {
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new IllegalArgumentException("empty spec");
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException("expected keys with values (key: value, one per line), got " + show(tree));
        }
        Map<String, JavaType> keys = keys(type);
        for (Map.Entry<String, JsonNode> f : tree.properties()) {
            String k = f.getKey();
            if (!keys.containsKey(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "' (known: " + String.join(", ", keys.keySet()) + ")");
            }
        }
        if (required != null) {
            List<String> missing = keys.keySet().stream().filter(k -> !tree.has(k)).map(k -> "'" + k + "'").toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("missing key" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                        + " (every key must be present; " + required + ")");
            }
        }
        for (Map.Entry<String, JsonNode> f : tree.properties()) {
            checkValue(f.getKey(), f.getValue(), keys.get(f.getKey()), required == null);
        }
    }

    /**
     * Checks that {@code v} can be a value of type {@code t} (integers within range, numbers,
     * true/false, text, lists and mappings of these; other types are left to the binder).
     *
     * @param path   the key, as named in the message
     * @param nullOk whether an empty value (null) is allowed, here and in the lists and mappings
     *               inside (where the type allows one)
     * @throws IllegalArgumentException "key 'path': expected …, got …"
     */
    public static void checkValue(String path, JsonNode v, JavaType t, boolean nullOk) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            if (!nullOk || t.isPrimitive()) {
                throw wrongType(path, t, v);
            }
        } else if (t.isCollectionLikeType() || t.isArrayType()) {
            if (!v.isArray()) {
                throw wrongType(path, t, v);
            }
            for (int i = 0; i < v.size(); i++) {
                checkValue(path + "[" + i + "]", v.get(i), t.getContentType(), nullOk);
            }
        } else if (t.isMapLikeType()) {
            if (!v.isObject()) {
                throw wrongType(path, t, v);
            }
            for (Map.Entry<String, JsonNode> f : v.properties()) {
                checkValue(path + "." + f.getKey(), f.getValue(), t.getContentType(), nullOk);
            }
        } else if (!fits(v, t.getRawClass())) {
            throw wrongType(path, t, v);
        }
    }

    private static boolean fits(JsonNode v, Class<?> c) {
        return switch (Kind.of(c)) {
            case INTEGER -> v.isIntegralNumber() && (c == int.class || c == Integer.class ? v.canConvertToInt()
                    : c == long.class || c == Long.class ? v.canConvertToLong() : true);
            case NUMBER -> v.isNumber();
            case BOOLEAN -> v.isBoolean();
            case TEXT -> v.isTextual();
            case OTHER -> true;
        };
    }

    private static IllegalArgumentException wrongType(String path, JavaType t, JsonNode v) {
        Class<?> c = t.getRawClass();
        String expected = describe(t);
        if (v != null && v.isIntegralNumber() && (c == int.class || c == Integer.class)) {
            expected = "an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        } else if (v != null && v.isIntegralNumber() && (c == long.class || c == Long.class)) {
            expected = "an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return new IllegalArgumentException("key '" + path + "': expected " + expected + ", got " + show(v));
    }

    /** What a value of type {@code t} is, in the spec's terms ("an integer", "a list of numbers"). */
    private static String describe(JavaType t) {
        if (t.isCollectionLikeType() || t.isArrayType()) {
            Kind k = Kind.of(t.getContentType().getRawClass());
            return k == Kind.OTHER || t.getContentType().isContainerType() ? "a list" : "a list of " + k.plural;
        }
        return t.isMapLikeType() ? "keys with values (key: value)" : Kind.of(t.getRawClass()).one;
    }

    /** The kinds of scalar value a spec key can take, as named in messages. */
    private enum Kind {
        INTEGER("an integer", "integers"), NUMBER("a number", "numbers"), BOOLEAN("true or false", "true/false values"),
        TEXT("text", "text values"), OTHER("a value", "values");

        final String one;
        final String plural;

        Kind(String one, String plural) {
            this.one = one;
            this.plural = plural;
        }

        static Kind of(Class<?> c) {
            if (c == int.class || c == Integer.class || c == long.class || c == Long.class || c == BigInteger.class) {
                return INTEGER;
            }
            if (c == double.class || c == Double.class || c == float.class || c == Float.class || c == BigDecimal.class) {
                return NUMBER;
            }
            if (c == boolean.class || c == Boolean.class) {
                return BOOLEAN;
            }
            return c == String.class ? TEXT : OTHER;
        }
    }

    /** A value as shown in a message: short, on one line. */
    private static String show(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "nothing";
        }
        String s = v.toString(); // JSON: text quoted, with line breaks escaped
        if (s.length() <= 40) {
            return s;
        }
        if (v.isContainerNode()) {
            return v.isArray() ? "a list of " + v.size() + " values" : "keys with values";
        }
        return s.substring(0, 36) + "…" + s.charAt(s.length() - 1); // keeps text's closing quote
    }

    /** The spec as YAML (for meta.json and to print). */
    public static String toYaml(Object spec) {
        try {
            return YAML.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The dotted key path of a mapping error, e.g. {@code grid.width[2]}. */
    public static String path(JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** The first line of a parser message ("invalid value" when there is none). */
    public static String firstLine(String s) {
        if (s == null) {
            return "invalid value";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
