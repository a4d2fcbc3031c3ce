package org.ntklab.tools.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** One JSON object on one line of standard output (the result of {@code eig} and {@code smoothness}). */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static void print(Map<String, Object> fields) {
        try {
            System.out.println(MAPPER.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A double as JSON allows it: non-finite values become strings. */
    static Object number(double v) {
        return Double.isFinite(v) ? (Object) v : String.valueOf(v);
    }
}
