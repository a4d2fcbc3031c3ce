package org.ntklab.tools.output;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.ntklab.tools.DiskSpaceError;

/**
 * What java.nio lacks for writing a large file through a mapping, from the C library.
 * {@code posix_fallocate} reserves the disk blocks first: a write through a mapping into a sparse
 * file on a full disk is a bus error that kills the process, the reservation refuses up front.
 * {@code madvise(MADV_RANDOM)} turns off the kernel's read-around on page faults: with it on, each
 * fault in a part of the file already written back reads up to read_ahead_kb (8 MiB here) of
 * neighbours, which for a Gram larger than RAM thrashed the page cache (80 GB read for a 32 GB
 * file). Where the C library cannot be reached (not a POSIX system), the file is only extended,
 * the free-space check made before is the guard, and no advice is given.
 */
final class PosixFiles {

    private static final int O_RDWR = 2;
    private static final int ENOSPC = 28;
    private static final MethodHandle OPEN;
    private static final MethodHandle FALLOCATE;
    private static final MethodHandle CLOSE;
    private static final MethodHandle MADVISE;
    private static final int MADV_RANDOM = 1;

    static {
        MethodHandle open = null;
        MethodHandle fallocate = null;
        MethodHandle close = null;
        MethodHandle madvise = null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            // open(2) is variadic, but its mode argument is read only with O_CREAT, which is not used
            open = linker.downcallHandle(libc.find("open").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            fallocate = linker.downcallHandle(libc.find("posix_fallocate").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
            close = linker.downcallHandle(libc.find("close").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            madvise = linker.downcallHandle(libc.find("madvise").orElseThrow(),
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
        } catch (RuntimeException | LinkageError e) {
            open = null;
            madvise = null;
        }
        OPEN = open;
        FALLOCATE = fallocate;
        CLOSE = close;
        MADVISE = madvise;
    }

    private PosixFiles() {
    }

    /** Tells the kernel that {@code mapping} (page-aligned, as FileChannel.map gives) is written in no particular order. */
    static void adviseRandomAccess(MemorySegment mapping) {
        if (MADVISE == null) {
            return;
        }
        try {
            int ignored = (int) MADVISE.invokeExact(mapping, mapping.byteSize(), MADV_RANDOM);
        } catch (Throwable e) {
            // advice only: the write still works, just with read-around
        }
    }

    /** Gives the file at {@code path} (open as {@code ch}) {@code bytes} bytes, its blocks allocated where possible. */
    static void reserve(Path path, FileChannel ch, long bytes, Path target) throws IOException {
        if (OPEN != null && allocate(path, bytes, target)) {
            return;
        }
        if (ch.size() < bytes) {
            ch.write(java.nio.ByteBuffer.allocate(1), bytes - 1);
        }
    }

    /** True when posix_fallocate reserved the blocks; a user error when the disk is full. */
    private static boolean allocate(Path path, long bytes, Path target) {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(arena.allocateFrom(path.toAbsolutePath().toString()), O_RDWR);
            if (fd < 0) {
                return false;
            }
            int rc;
            try {
                rc = (int) FALLOCATE.invokeExact(fd, 0L, bytes);
            } finally {
                int ignored = (int) CLOSE.invokeExact(fd);
            }
            if (rc == ENOSPC) {
                throw new DiskSpaceError("not enough disk space for " + target + " (" + org.ntklab.linalg.MemoryCheck.human(bytes)
                        + "); free some space or write elsewhere");
            }
            return rc == 0; // another error (a file system without fallocate): extend the file instead
        } catch (DiskSpaceError e) {
            throw e;
        } catch (Throwable e) {
            return false;
        }
    }
}
