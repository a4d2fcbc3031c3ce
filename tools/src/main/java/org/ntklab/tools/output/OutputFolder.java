package org.ntklab.tools.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.ntklab.tools.UserError;

/**
 * The rule for output folders (experiments, the demo, sweeps): ntk writes into a folder only if it
 * is new, empty, or an earlier ntk output, recognised by the marker file ntk leaves in it
 * ({@code meta.json}, a sweep's {@code spec.yaml}). {@code --out .} or {@code --out ~/papers} would otherwise
 * mix results into a user's files and replace those that share a name (issue 22).
 */
public final class OutputFolder {

    private OutputFolder() {
    }

    /**
     * Throws a {@link UserError} unless {@code dir} is absent, an empty folder, or a folder holding
     * {@code marker} or one of {@code alsoOwn} (what an interrupted run leaves, say).
     */
    public static void requireOwn(Path dir, String marker, String... alsoOwn) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new UserError("output folder " + dir + " exists and is not a folder; choose another --out");
        }
        if (Files.exists(dir.resolve(marker))) {
            return;
        }
        for (String m : alsoOwn) {
            if (Files.exists(dir.resolve(m))) {
                return;
            }
        }
        try (Stream<Path> entries = Files.list(dir)) {
            if (entries.findAny().isPresent()) {
                throw new UserError("output folder " + dir.toAbsolutePath().normalize() + " holds files ntk did not write (it has no " + marker
                        + "): ntk writes only into a new or empty folder or its own earlier output; choose another --out");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
