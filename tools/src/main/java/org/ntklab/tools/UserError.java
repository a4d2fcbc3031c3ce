package org.ntklab.tools;

/**
 * A mistake in what the user asked for (bad option, bad file, impossible size). The command line
 * reports its message on one line and exits with status 2, without a stack trace.
 */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error whose message is shown to the user as is. */
    public UserError(String message) {
        super(message);
    }

    /** An error caused by {@code cause}, shown to the user as {@code message}. */
    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
