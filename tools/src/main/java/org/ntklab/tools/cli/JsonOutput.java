package org.ntklab.tools.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --json} option of the commands that report a result in a sentence: with it, the
 * result goes to stdout as one JSON object on one line instead, for scripts ({@code jq},
 * {@code json.loads}); warnings and progress stay on stderr either way.
 */
public final class JsonOutput {

    @Option(names = "--json", description = "Print the result as one JSON object on stdout (for scripts) instead of the sentence.")
    boolean json;

    /** Prints {@code fields} as JSON with {@code --json}, else the sentence {@code human} (which ends with its own newline). */
    void print(String human, Map<String, Object> fields) {
        if (json) {
            Json.print(fields);
        } else {
            System.out.print(human);
        }
    }

    /** The fields every result shares: the command, the output and its metadata, as absolute paths. */
    static Map<String, Object> result(String command, java.nio.file.Path out, java.nio.file.Path meta) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("out", out.toAbsolutePath().normalize().toString());
        m.put("meta", meta.toAbsolutePath().normalize().toString());
        return m;
    }
}
