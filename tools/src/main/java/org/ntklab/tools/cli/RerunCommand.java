package org.ntklab.tools.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.FileDigest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ntk rerun FILE.meta.json --out NEW}: repeats the command a result's metadata records, on
 * the same inputs (their absolute paths, each checked against its recorded SHA-256 first), and
 * says whether the new output has the same bytes as the old.
 */
@Command(name = "rerun", mixinStandardHelpOptions = true,
        description = {"Repeat the run a FILE.meta.json records (gram, empirical, train, kgf, eig, smoothness) into --out, on the same "
                + "inputs: each is found by its absolute path and must still have its recorded SHA-256.",
            "Then says whether the new output has the same bytes as the old. For experiments use 'ntk experiment rerun'."})
public final class RerunCommand implements Callable<Integer> {

    /** The commands whose runs can be repeated this way, and the option naming each one's output. */
    private static final Map<String, String> OUTPUT_OPTION = Map.of("gram", "--out", "empirical", "--out", "kgf", "--out", "eig", "--out",
            "smoothness", "--out", "train", "--record");

    @Parameters(paramLabel = "FILE.meta.json", description = "The metadata written beside a result.")
    Path meta;

    @Option(names = "--out", required = true, paramLabel = "NEW", description = "Where the repeated run writes its result.")
    Path out;

    @Option(names = "--force", description = "Replace NEW if an earlier ntk run wrote it.")
    boolean force;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        JsonNode record = read(meta);
        String name = record.path("command").asText("");
        if (!OUTPUT_OPTION.containsKey(name)) {
            throw new UserError(meta + " records command '" + name + "', which rerun does not repeat"
                    + (name.startsWith("experiment") ? "; use 'ntk experiment rerun'"
                    : " (it repeats " + String.join(", ", new java.util.TreeSet<>(OUTPUT_OPTION.keySet())) + ")"));
        }
        JsonNode inputs = record.path("inputs");
        if (!inputs.isObject()) {
            throw new UserError(meta + " records no input checksums (written before ntk recorded them): run the command anew");
        }
        List<String> args = new ArrayList<>();
        record.path("arguments").forEach(a -> args.add(a.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = inputs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> in = it.next();
            Path file = Path.of(in.getValue().path("path").asText());
            String recorded = in.getValue().path("sha256").asText();
            if (!Files.isRegularFile(file)) {
                throw new UserError(in.getKey() + " " + file + " is gone since the run " + meta.getFileName() + " records; restore it to rerun");
            }
            String now = FileDigest.sha256(file);
            if (!now.equals(recorded)) {
                throw new UserError(in.getKey() + " " + file + " has changed since the run (SHA-256 " + recorded.substring(0, 12) + "… then, "
                        + now.substring(0, 12) + "… now); rerun repeats runs on their own inputs only");
            }
            replace(args, in.getKey(), file.toString());
        }
        // the option that named this result: the command's output, or eig's --vectors when it had no --out
        String option = OUTPUT_OPTION.get(name);
        if (valueOf(args, option).isEmpty() && name.equals("eig") && !valueOf(args, "--vectors").isEmpty()) {
            option = "--vectors";
        }
        if (valueOf(args, option).isEmpty()) {
            throw new UserError(meta + " records no " + option + " among its arguments, so rerun cannot tell which output to replace");
        }
        Path workingDirectory = Path.of(record.path("working_directory").asText("."));
        Path oldAbsolute = workingDirectory.resolve(valueOf(args, option)).toAbsolutePath().normalize();
        if (out.toAbsolutePath().normalize().equals(oldAbsolute)) {
            throw new UserError("--out " + out + " is the original result: rerun writes beside it, so that the two can be compared");
        }
        replace(args, option, out.toString());
        if (!option.equals("--vectors") && !valueOf(args, "--vectors").isEmpty()) {
            replace(args, "--vectors", out.resolveSibling(out.getFileName() + ".vectors.npy").toString());
        }
        args.removeIf(Set.of("--force")::contains);
        if (force) {
            args.add("--force");
        }
        int status = command.root().commandLine().execute(args.toArray(String[]::new));
        if (status == 0 && Files.isRegularFile(oldAbsolute) && Files.isRegularFile(out)) {
            boolean same = Arrays.equals(Files.readAllBytes(oldAbsolute), Files.readAllBytes(out)); // results fit the heap: they were written from it
            String verdict = "rerun: inputs unchanged (SHA-256 checked); " + out + (same ? " has the same bytes as " : " differs from ") + oldAbsolute;
            // with --json replayed, stdout holds one JSON object and nothing else
            (args.contains("--json") ? System.err : System.out).println(verdict);
        }
        return status;
    }

    private static JsonNode read(Path meta) {
        if (!Files.isRegularFile(meta)) {
            throw new UserError("no such file: " + meta);
        }
        try {
            return new ObjectMapper().readTree(meta.toFile());
        } catch (IOException e) {
            throw new UserError(meta + " is not a readable meta.json: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** The value of {@code option} in {@code args} (either "--opt v" or "--opt=v"), or "" when absent. */
    private static String valueOf(List<String> args, String option) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (args.get(i).startsWith(option + "=")) {
                return args.get(i).substring(option.length() + 1);
            }
        }
        return "";
    }

    /** Sets {@code option}'s value in {@code args}, in whichever spelling it was given. */
    private static void replace(List<String> args, String option, String value) {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option) && i + 1 < args.size()) {
                args.set(i + 1, value);
                return;
            }
            if (args.get(i).startsWith(option + "=")) {
                args.set(i, option + "=" + value);
                return;
            }
        }
    }
}
