package org.ntklab.tools.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.ntklab.tools.UserError;

/**
 * Reads experiment specs from YAML (JSON is YAML too) strictly: unknown keys, wrong types and
 * missing values are errors naming the key, before any work starts.
 */
public final class SpecReader {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
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
            return parse(Files.readString(file), type, file.getFileName().toString());
        } catch (IOException e) {
            throw new UserError("cannot read spec " + file + ": " + e.getMessage());
        }
    }

    /** Parses and validates spec text; {@code source} names it in messages. */
    public static <S extends ExperimentSpec> S parse(String text, Class<S> type, String source) {
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
