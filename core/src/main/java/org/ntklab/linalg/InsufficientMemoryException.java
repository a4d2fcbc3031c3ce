package org.ntklab.linalg;

/** A computation was refused because its arrays would not fit the heap (or a Java array). */
public final class InsufficientMemoryException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** An exception whose message says how much is needed. */
    public InsufficientMemoryException(String message) {
        super(message);
    }
}
