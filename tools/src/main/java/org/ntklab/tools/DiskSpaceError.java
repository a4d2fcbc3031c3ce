package org.ntklab.tools;

/**
 * The disk cannot hold an output: a resource limit, not a mistake, so the command line exits with
 * status 3 like a full heap. Raised before the write when the size is known, so nothing is left.
 */
public final class DiskSpaceError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** An error whose message, naming the output, its size and the free space, is shown as is. */
    public DiskSpaceError(String message) {
        super(message);
    }
}
