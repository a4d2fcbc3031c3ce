package org.ntklab.tools.output;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.tools.DiskSpaceError;
import org.ntklab.tools.UserError;

/**
 * Writes files so that a reader never sees a half-written one: content goes to a temporary file in
 * the same folder, which is then renamed over the target in one step. A failure removes the
 * temporary file and leaves any previous version of the target untouched.
 *
 * <p>Nothing is left behind either: a temporary file is named {@code .TARGET.HOST.PID-RANDOM.tmp},
 * removed by a shutdown hook when the process is interrupted (SIGINT, SIGTERM), and, when the
 * process was killed outright (SIGKILL), swept from its folder by the next process that writes
 * there from this host, once its writer is gone. Other hosts' files are left alone: on a shared file system they
 * may be in flight.
 *
 * <p>A whole folder is published the same way ({@link #publishFolder}): it is filled under a temporary
 * name of the same form and renamed into place, so it is either absent or complete.
 */
public final class AtomicFiles {

    private static final long PID = ProcessHandle.current().pid();
    private static final String HOST = hostName();
    /** Temporary files of this process not yet renamed or removed. */
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    /** Folders already swept for stale temporary files by this process. */
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();
    /** Longest part of the target's name in a temporary file's name: file systems allow 255 bytes in all. */
    private static final int NAME_PART = 120;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : LIVE) {
                deleteTree(p); // a file, or a folder being filled by publishFolder
            }
        }, "ntk-temporary-files"));
    }

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        /** Writes everything to {@code out}. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Fills a file of a known size in place, through a writable mapping of all of it. */
    @FunctionalInterface
    public interface MappedContent {
        /** Writes everything into {@code file} (shared: any thread may write to it). */
        void writeTo(MemorySegment file) throws IOException;
    }

    /** Fills a folder with files and subfolders. */
    @FunctionalInterface
    public interface FolderContent {
        /** Writes everything into {@code folder} (empty when called). */
        void writeTo(Path folder) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Publishes the folder {@code target} atomically: {@code content} fills a temporary folder beside it
     * ({@code .NAME.HOST.PID-RANDOM.tmp}, removed on failure, on SIGINT/SIGTERM, and by the next writer
     * after a SIGKILL, like a temporary file), which is then renamed to {@code target} in one step. A
     * reader therefore never sees a partial folder. An existing target is never replaced.
     *
     * @return false, with nothing written, when {@code target} already exists (perhaps published by a
     *         concurrent writer a moment ago): the caller decides whether the existing one will do
     * @throws UserError when the parent folder is missing or not writable, or the content fails
     */
    public static boolean publishFolder(Path target, FolderContent content) {
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Path parent = target.toAbsolutePath().getParent();
        Path tmp;
        try {
            sweepStale(parent);
            // createTempDirectory has no suffix: the name is made here, in the form sweepStale recognises
            tmp = parent.resolve(prefix(target) + PID + "-" + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36)
                    + ".tmp");
            Files.createDirectory(tmp);
            LIVE.add(tmp);
        } catch (NoSuchFileException e) {
            throw new UserError("output folder does not exist: " + parent);
        } catch (AccessDeniedException e) {
            throw new UserError("output folder is not writable: " + parent);
        } catch (IOException e) {
            throw new UserError("cannot write in " + parent + ": " + e.getMessage());
        }
        try {
            content.writeTo(tmp);
            try {
                // rename(2) of a folder: atomic; it fails on a non-empty target, so a concurrent publisher's folder is kept
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                return true;
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                return false;
            } catch (IOException e) {
                if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    return false; // some file systems report a non-empty target as a plain failure
                }
                throw e;
            }
        } catch (IOException e) {
            throw new UserError("failed to write " + target + ": " + e.getMessage(), e);
        } finally {
            deleteTree(tmp);
            LIVE.remove(tmp);
        }
    }

    /** Removes a file, or a folder and everything in it, without following links; best effort. */
    static void deleteTree(Path p) {
        try {
            if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> inside = Files.list(p)) {
                    inside.forEach(AtomicFiles::deleteTree);
                }
            }
            Files.deleteIfExists(p);
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // swept by the next run
        }
    }

    /**
     * Writes {@code target} of exactly {@code bytes} bytes atomically by mapping a temporary file
     * and filling it in place: the content never passes through the Java heap, may exceed 2 GiB,
     * and is written back by the kernel while the rest is computed. The disk blocks are reserved
     * before the mapping, so a full disk is a clear error up front rather than a fault midway.
     *
     * @throws UserError as {@link #write}
     * @throws DiskSpaceError when the file system lacks the space
     */
    public static void writeMapped(Path target, boolean overwrite, long bytes, MappedContent content) {
        writeMapped(target, overwrite, bytes, content, () -> { });
    }

    /**
     * {@link #writeMapped(Path, boolean, long, MappedContent)}, running {@code beforeRename} once the
     * content is complete and just before it is renamed into place (to publish its metadata first).
     */
    public static void writeMapped(Path target, boolean overwrite, long bytes, MappedContent content, Runnable beforeRename) {
        refuseExisting(target, overwrite);
        requireDiskSpace(target.toAbsolutePath().getParent(), bytes, target);
        publish(target, overwrite, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 Arena arena = Arena.ofShared()) {
                PosixFiles.reserve(tmp, ch, bytes, target);
                MemorySegment mapping = ch.map(FileChannel.MapMode.READ_WRITE, 0, bytes, arena);
                PosixFiles.adviseRandomAccess(mapping);
                content.writeTo(mapping);
            }
        }, beforeRename);
    }

    private static void requireDiskSpace(Path dir, long bytes, Path target) {
        long free;
        try {
            java.nio.file.FileStore store = Files.getFileStore(dir);
            if (store.getTotalSpace() == 0) { // /proc, /sys: a file system that holds no files is no place for an output
                throw new UserError("cannot write in " + dir + ": its file system (" + store.type() + ") holds no files");
            }
            free = store.getUsableSpace();
        } catch (IOException e) {
            return; // the reservation below still refuses what does not fit
        }
        if (bytes > free) {
            throw new DiskSpaceError(target + " needs " + MemoryCheck.human(bytes) + " but " + dir + " has only "
                    + MemoryCheck.human(free) + " free; free some space or write elsewhere");
        }
    }

    /** The prefix of this host's temporary files for {@code target}, up to the process id. */
    static String prefix(Path target) {
        String name = target.getFileName().toString();
        if (name.length() > NAME_PART) {
            name = name.substring(0, NAME_PART);
        }
        return "." + name + "." + HOST + ".";
    }

    private static String hostName() {
        String h;
        try {
            h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException | RuntimeException e) {
            h = System.getenv().getOrDefault("HOSTNAME", "host");
        }
        h = h.replaceAll("[^A-Za-z0-9-]", "");
        return h.isEmpty() ? "host" : h.substring(0, Math.min(h.length(), 40));
    }

    /**
     * Removes this host's temporary files in {@code dir} whose process has ended, once per folder and
     * process: a sweep's task folder holds one file per task, and listing it before every write would
     * cost time quadratic in the tasks.
     */
    static int sweepStale(Path dir) {
        if (!SWEPT.add(dir.toAbsolutePath().normalize())) {
            return 0;
        }
        java.util.regex.Pattern ours = java.util.regex.Pattern.compile("^\\..+\\." + java.util.regex.Pattern.quote(HOST)
                + "\\.(\\d{1,18})-[^.]*\\.tmp$");
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(p -> {
                java.util.regex.Matcher m = ours.matcher(p.getFileName().toString());
                if (m.matches()) {
                    long pid = Long.parseLong(m.group(1));
                    if (pid != PID && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true)) {
                        stale.add(p);
                    }
                }
            });
        } catch (IOException e) {
            return 0;
        }
        int removed = 0;
        for (Path p : stale) {
            try {
                if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(p)) {
                    removed++;
                } else if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(p); // a folder a killed publishFolder was filling
                    removed++;
                }
            } catch (IOException ignored) {
                // left for a later run
            }
        }
        return removed;
    }

    private static Path createTemp(Path target, Path dir) {
        try {
            sweepStale(dir);
            Path tmp = Files.createTempFile(dir, prefix(target) + PID + "-", ".tmp");
            LIVE.add(tmp);
            return tmp;
        } catch (NoSuchFileException e) {
            throw new UserError("output folder does not exist: " + dir);
        } catch (AccessDeniedException e) {
            throw new UserError("output folder is not writable: " + dir);
        } catch (IOException e) {
            throw new UserError("cannot write in " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Writes {@code target} atomically. With {@code overwrite} false an existing target is an error.
     *
     * @throws UserError when the folder is missing or not writable, or the target exists
     */
    public static void write(Path target, boolean overwrite, Content content) {
        publish(target, overwrite, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                content.writeTo(out);
            }
        }, () -> { });
    }

    /** Fills a temporary file beside the target. */
    @FunctionalInterface
    private interface Fill {
        void into(Path tmp) throws IOException;
    }

    /** The one publishing path: a temporary file beside the target, filled, renamed over it, removed on failure. */
    private static void publish(Path target, boolean overwrite, Fill fill, Runnable beforeRename) {
        refuseExisting(target, overwrite);
        Path tmp = createTemp(target, target.toAbsolutePath().getParent());
        try {
            fill.into(tmp);
            readableByAll(tmp);
            beforeRename.run();
            move(tmp, target, overwrite);
        } catch (IOException e) {
            throw new UserError("failed to write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temporary file is hidden and named after its target
            }
            LIVE.remove(tmp);
        }
    }

    private static void refuseExisting(Path target, boolean overwrite) {
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // a rename would put a file where a folder, link or device was: never, not even with --force
            throw new UserError(target + " exists and is not a regular file (a folder, a link or a device): choose another output "
                    + "name; --force replaces only regular files");
        }
        if (!overwrite && Files.exists(target)) {
            throw new UserError("output file exists: " + target + " (use --force to overwrite)");
        }
    }

    private static void move(Path tmp, Path target, boolean overwrite) throws IOException {
        try {
            if (overwrite) {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // Links are atomic and refuse an existing name, closing the race with a concurrent writer.
                Files.createLink(target, tmp);
            }
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new UserError("output file exists: " + target + " (use --force to overwrite)");
        } catch (UnsupportedOperationException e) {
            Files.move(tmp, target);
        }
    }

    /** Temporary files are created private (rw-------); a result file should read like any other (rw-r--r--). */
    private static void readableByAll(Path p) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Creates {@code dir} and its parents, as a user-facing error when impossible. */
    public static Path ensureFolder(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new UserError("output path is not a folder: " + dir);
        } catch (AccessDeniedException e) {
            throw new UserError("cannot create output folder (permission denied): " + dir);
        } catch (IOException e) {
            throw new UserError("cannot create output folder " + dir + ": " + e.getMessage());
        }
    }
}
