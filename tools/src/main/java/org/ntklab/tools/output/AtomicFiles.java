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
import org.ntklab.linalg.MemoryCheck;
import org.ntklab.tools.UserError;

/**
 * Writes files so that a reader never sees a half-written one: content goes to a temporary file in
 * the same folder, which is then renamed over the target in one step. A failure removes the
 * temporary file and leaves any previous version of the target untouched.
 */
public final class AtomicFiles {

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

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} of exactly {@code bytes} bytes atomically by mapping a temporary file
     * and filling it in place: the content never passes through the Java heap, may exceed 2 GiB,
     * and is written back by the kernel while the rest is computed. The disk blocks are reserved
     * before the mapping, so a full disk is a clear error up front rather than a fault midway.
     *
     * @throws UserError as {@link #write}, and when the file system lacks the space
     */
    public static void writeMapped(Path target, boolean overwrite, long bytes, MappedContent content) {
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
        });
    }

    private static void requireDiskSpace(Path dir, long bytes, Path target) {
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return; // the reservation below still refuses what does not fit
        }
        if (bytes > free) {
            throw new UserError(target + " needs " + MemoryCheck.human(bytes) + " but " + dir + " has only "
                    + MemoryCheck.human(free) + " free; free some space or write elsewhere");
        }
    }

    private static Path createTemp(Path target, Path dir) {
        try {
            return Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
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
        });
    }

    /** Fills a temporary file beside the target. */
    @FunctionalInterface
    private interface Fill {
        void into(Path tmp) throws IOException;
    }

    /** The one publishing path: a temporary file beside the target, filled, renamed over it, removed on failure. */
    private static void publish(Path target, boolean overwrite, Fill fill) {
        refuseExisting(target, overwrite);
        Path tmp = createTemp(target, target.toAbsolutePath().getParent());
        try {
            fill.into(tmp);
            readableByAll(tmp);
            move(tmp, target, overwrite);
        } catch (IOException e) {
            throw new UserError("failed to write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // best effort: the temporary file is hidden and named after its target
            }
        }
    }

    private static void refuseExisting(Path target, boolean overwrite) {
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
