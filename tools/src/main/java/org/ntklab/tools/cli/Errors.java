package org.ntklab.tools.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.ntklab.linalg.InsufficientMemoryException;
import org.ntklab.tools.UserError;
import org.ntklab.tools.DiskSpaceError;

/**
 * Turns exceptions into the command line's exit statuses and one-line messages: 2 for a user
 * mistake, {@value #RESOURCE} for a resource limit (memory, disk space), 1 for a failure of the
 * program (the stack trace only when NTK_DEBUG is set). An out-of-memory error or a full disk is
 * recognised anywhere in the cause chain, since pool tasks and I/O layers wrap them.
 */
final class Errors {

    private Errors() {
    }

    /** Exit status of a resource limit. */
    static final int RESOURCE = 3;

    static int report(Throwable ex, PrintWriter err) {
        boolean debug = System.getenv("NTK_DEBUG") != null;
        if (debug) {
            ex.printStackTrace(err);
        }
        for (Throwable c = ex; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof InsufficientMemoryException || c instanceof DiskSpaceError) {
                err.println("ntk: " + oneLine(c.getMessage()));
                return RESOURCE;
            }
            if (c instanceof OutOfMemoryError) {
                err.println("ntk: out of memory (max heap " + (Runtime.getRuntime().maxMemory() >> 20)
                        + " MiB); give the JVM more with NTK_JAVA_OPTS=-Xmx<size> or reduce the problem size");
                return RESOURCE;
            }
            if (c instanceof java.io.IOException && c.getMessage() != null && c.getMessage().contains("No space left on device")) {
                err.println("ntk: the disk is full (" + oneLine(c.getMessage()) + "); free some space and run again");
                return RESOURCE;
            }
        }
        if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
            err.println("ntk: " + oneLine(ex.getMessage()));
            return 2;
        }
        if (ex instanceof NoSuchFileException e) {
            err.println("ntk: no such file: " + e.getFile());
            return 2;
        }
        if (ex instanceof AccessDeniedException e) {
            err.println("ntk: permission denied: " + e.getFile());
            return 2;
        }
        err.println("ntk: internal error: " + oneLine(String.valueOf(ex)) + (debug ? "" : " (set NTK_DEBUG=1 for the stack trace)"));
        return 1;
    }

    /** A message on one line (some library messages span several). */
    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", "; ");
    }
}
