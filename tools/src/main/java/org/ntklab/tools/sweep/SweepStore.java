package org.ntklab.tools.sweep;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.OutputFolder;

/**
 * A sweep's folder: {@code spec.yaml} (the spec, so that status, merge and every shard see the same
 * tasks) and {@code tasks/ID.json}, one record per finished task, each written to a temporary file
 * and renamed into place, so a record is either absent or complete whatever kills the writer.
 */
public final class SweepStore {

    /** The spec's file name in the folder. */
    public static final String SPEC = "spec.yaml";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final Path tasks;

    private SweepStore(Path dir) {
        this.dir = dir;
        this.tasks = dir.resolve("tasks");
    }

    /** The store of an existing sweep folder (for status and merge). */
    public static SweepStore existing(Path dir) {
        if (!Files.isRegularFile(dir.resolve(SPEC))) {
            throw new UserError(dir + " is not a sweep folder (no " + SPEC + "; 'ntk sweep run SPEC --out " + dir + "' makes one)");
        }
        return new SweepStore(dir);
    }

    /**
     * Creates (or reopens) the folder of {@code spec}: a folder holding a different sweep is refused,
     * so that records of two sweeps never mix.
     */
    public static SweepStore create(Path dir, SweepSpec spec) {
        OutputFolder.requireOwn(dir, SPEC + " and tasks/", d -> Files.isRegularFile(d.resolve(SPEC)) && Files.isDirectory(d.resolve("tasks")));
        AtomicFiles.ensureFolder(dir);
        SweepStore s = new SweepStore(dir);
        AtomicFiles.ensureFolder(s.tasks);
        Path file = dir.resolve(SPEC);
        if (!Files.exists(file)) {
            try {
                AtomicFiles.write(file, false, o -> o.write(spec.text().getBytes(StandardCharsets.UTF_8)));
            } catch (UserError raced) {
                // another shard wrote it first: compared below like any existing spec
            }
        }
        SweepSpec stored = s.spec();
        if (!stored.type().name().equals(spec.type().name()) || !ids(stored).equals(ids(spec))) {
            throw new UserError(dir + " holds another sweep (its " + SPEC + " expands to different tasks); use a new --out folder");
        }
        return s;
    }

    private static List<String> ids(SweepSpec s) {
        return s.tasks().stream().map(SweepTask::id).toList();
    }

    /** The folder. */
    public Path dir() {
        return dir;
    }

    /** The spec stored in the folder. */
    public SweepSpec spec() {
        return SweepSpec.read(dir.resolve(SPEC));
    }

    /** The record file of task {@code id}. */
    public Path recordPath(String id) {
        return tasks.resolve(id + ".json");
    }

    /** What the folder holds about one task. */
    public sealed interface Entry permits Missing, Corrupt, Stored {
    }

    /** No record yet. */
    public record Missing() implements Entry {
    }

    /** A record that cannot be read (should never happen: records are renamed into place whole). */
    public record Corrupt(String problem) implements Entry {
    }

    /** A readable record. */
    public record Stored(TaskRecord record) implements Entry {
    }

    /** The state of every task of {@code tasks}. */
    public Map<String, Entry> entries(List<SweepTask> list) {
        Map<String, Entry> m = new HashMap<>();
        for (SweepTask t : list) {
            m.put(t.id(), read(t));
        }
        return m;
    }

    /** The state of one task. */
    public Entry read(SweepTask t) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(recordPath(t.id()));
        } catch (NoSuchFileException e) {
            return new Missing();
        } catch (IOException e) {
            return new Corrupt("unreadable: " + e.getMessage());
        }
        try {
            TaskRecord r = JSON.readValue(bytes, TaskRecord.class);
            if (r == null || !t.id().equals(r.id()) || r.status() == null || (r.ok() && r.result() == null)) {
                return new Corrupt("record does not belong to this task or lacks its result");
            }
            return new Stored(r);
        } catch (IOException e) {
            return new Corrupt("not a valid record: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /**
     * Writes a record atomically. A successful record never replaces another successful one (a
     * finished task is never redone); it may replace a failed or corrupt one.
     *
     * @return false when another run had already stored this task's result
     */
    public boolean write(TaskRecord r, boolean replace) {
        try {
            AtomicFiles.write(recordPath(r.id()), replace, o -> JSON.writeValue(o, r));
            return true;
        } catch (UserError exists) {
            if (Files.exists(recordPath(r.id()))) {
                return false;
            }
            throw exists;
        }
    }

    /**
     * Removes temporary files left by killed writers of these tasks (only this shard writes them;
     * other shards' files are left alone because they may be in use).
     */
    public int removeTemporaries(List<SweepTask> mine) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        mine.forEach(t -> ids.add(t.id()));
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> files = Files.list(tasks)) {
            files.filter(p -> {
                String n = p.getFileName().toString(); // ".ID.json.RANDOM.tmp", as AtomicFiles names them
                int end = n.indexOf(".json.");
                return n.startsWith(".") && n.endsWith(".tmp") && end > 1 && ids.contains(n.substring(1, end));
            }).forEach(stale::add);
        } catch (IOException e) {
            return 0;
        }
        for (Path p : stale) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // left for a later run
            }
        }
        return stale.size();
    }

    /** Temporary files in the folder (writers in flight or killed). */
    public long temporaries() {
        try (Stream<Path> files = Files.list(tasks)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
