package org.ntklab.tools.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.ntklab.tools.UserError;

/**
 * The rule for output folders (experiments, the demo, sweeps): ntk writes into a folder only if it
 * is new, empty, or an earlier ntk output, recognised by what ntk leaves in it (an ntk
 * {@code meta.json} or an interrupted run's checkpoints; a sweep's {@code spec.yaml} and {@code tasks/}). {@code --out .} or {@code --out ~/papers} would otherwise
 * mix results into a user's files and replace those that share a name (issue 22).
 */
public final class OutputFolder {

    private OutputFolder() {
    }

    /**
     * Throws a {@link UserError} unless {@code dir} is absent, an empty folder, or a folder that
     * {@code ntkMark} recognises as ntk's earlier output ({@code what} names that mark in the message).
     */
    public static void requireOwn(Path dir, String what, Predicate<Path> ntkMark) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new UserError("output folder " + dir + " exists and is not a folder; choose another --out");
        }
        if (ntkMark.test(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new UserError("output folder " + dir.toAbsolutePath().normalize() + " holds files ntk did not write (it has no " + what
                        + "): ntk writes only into a new or empty folder or its own earlier output; choose another --out");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when {@code meta} is the metadata of an ntk run: JSON naming the ntk version and a command (a user's meta.json is not). */
    public static boolean isNtkMeta(Path meta) {
        if (!Files.isRegularFile(meta)) {
            return false;
        }
        try {
            JsonNode m = new ObjectMapper().readTree(meta.toFile());
            return m.path("ntk_version").isTextual() && m.path("command").isTextual();
        } catch (IOException e) {
            return false;
        }
    }
}
