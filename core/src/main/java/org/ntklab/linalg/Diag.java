package org.ntklab.linalg;

/** Whether a triangular matrix has an implicit unit diagonal. */
public enum Diag {
    /** The stored diagonal is used. */
    NON_UNIT("N"),
    /** The diagonal is taken as ones (not read). */
    UNIT("U");

    private final String code;

    Diag(String code) {
        this.code = code;
    }

    /** The single-letter code netlib expects. */
    public String code() {
        return code;
    }
}
