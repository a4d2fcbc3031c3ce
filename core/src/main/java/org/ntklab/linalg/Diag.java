package org.ntklab.linalg;

/** Whether a triangular matrix has an implicit unit diagonal. */
public enum Diag {
    NON_UNIT("N"), UNIT("U");

    private final String code;

    Diag(String code) {
        this.code = code;
    }

    /** The single-letter code netlib expects. */
    public String code() {
        return code;
    }
}
