package org.ntklab.tools.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.AtomicFiles;

/**
 * Resumable units of an experiment: each finished unit's result is written to
 * {@code OUT/.checkpoint/} (JSON, atomically), so a run that is interrupted (killed, out of time,
 * a crash) and started again with the same experiment and spec into the same folder recomputes only
 * the units it had not finished. The results are the same bits either way: doubles are written as
 * the shortest decimal that reads back to the same value, and every unit's randomness is keyed by
 * the unit, not by the order. The folder is removed once the run has written everything.
 */
final class Checkpoints {

    static final String FOLDER = ".checkpoint";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final AtomicInteger resumed = new AtomicInteger();

    private Checkpoints(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens the checkpoints of a run of {@code experiment} with {@code spec} in {@code out}: resumes those of an
     * interrupted run of the same experiment and spec, discards those of another one when {@code force}, and refuses
     * otherwise (the earlier run's work would be lost silently).
     */
    static Checkpoints open(Path out, String experiment, Object spec, boolean force) {
        Path dir = out.resolve(FOLDER);
        try {
            // compared as JSON trees, not as text: the identity must not depend on any map's iteration order
            java.util.Map<String, Object> who = new java.util.LinkedHashMap<>();
            who.put("experiment", experiment);
            who.put("spec", spec);
            String identity = JSON.writeValueAsString(who);
            // read back, so that numbers compare as the file's do (a long seed and its int reading are one value)
            com.fasterxml.jackson.databind.JsonNode identityTree = JSON.readTree(identity);
            Path id = dir.resolve("run.json");
            if (Files.isRegularFile(id) && !sameRun(id, identityTree)) {
                if (!force) {
                    throw new UserError("output folder " + out + " holds the checkpoints of an interrupted run with another spec; "
                            + "use --force to discard them, or another --out");
                }
                delete(dir);
            }
            AtomicFiles.ensureFolder(dir);
            if (!Files.isRegularFile(id)) {
                AtomicFiles.write(id, true, o -> o.write(identity.getBytes(StandardCharsets.UTF_8)));
            }
            return new Checkpoints(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the identity file records this run (an unreadable file is another run's). */
    private static boolean sameRun(Path id, com.fasterxml.jackson.databind.JsonNode identity) {
        try {
            return JSON.readTree(id.toFile()).equals(identity);
        } catch (IOException e) {
            return false;
        }
    }

    /** The unit's result from its checkpoint when there is one, else computed and checkpointed. */
    <T> T unit(String key, Class<T> type, Supplier<T> compute) {
        Path f = dir.resolve(name(key) + ".json");
        if (Files.isRegularFile(f)) {
            try {
                T v = JSON.readValue(f.toFile(), type);
                resumed.incrementAndGet();
                return v;
            } catch (IOException e) {
                // a checkpoint that does not read back is recomputed (it can only be a foreign or damaged file)
            }
        }
        T v = compute.get();
        AtomicFiles.write(f, true, o -> JSON.writeValue(o, v));
        return v;
    }

    /** Units read from checkpoints so far. */
    int resumed() {
        return resumed.get();
    }

    /** Removes the checkpoint folder when it holds no finished unit (only the run's identity). */
    void discardIfEmpty() {
        try (Stream<Path> s = Files.list(dir)) {
            if (s.allMatch(p -> p.getFileName().toString().equals("run.json"))) {
                delete(dir);
            }
        } catch (IOException e) {
            // unreadable: leave it for the next run to judge
        }
    }

    /** Removes the checkpoints (the run is complete). */
    void finish() {
        delete(dir);
    }

    private static String name(String key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
