package org.ntklab.tools;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * Turns exceptions into the command line's exit statuses and one-line messages: 2 for a user
 * mistake, 1 for a failure of the program (the stack trace only when NTK_DEBUG is set).
 */
final class Errors {

    private Errors() {
    }

    static int report(Throwable ex, PrintWriter err) {
        boolean debug = System.getenv("NTK_DEBUG") != null;
        if (debug) {
            ex.printStackTrace(err);
        }
        if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
            err.println("ntk: " + ex.getMessage());
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
        if (ex instanceof OutOfMemoryError) {
            err.println("ntk: out of memory (max heap " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MiB); give the JVM more with NTK_JAVA_OPTS=-Xmx<size> or reduce the problem size");
            return 1;
        }
        err.println("ntk: internal error: " + ex + (debug ? "" : " (set NTK_DEBUG=1 for the stack trace)"));
        return 1;
    }
}
