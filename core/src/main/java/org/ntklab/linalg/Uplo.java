package org.ntklab.linalg;

/** Which triangle of a symmetric or triangular matrix is referenced. */
public enum Uplo {
    LOWER("L"), UPPER("U");

    private final String code;

    Uplo(String code) {
        this.code = code;
    }

    /** The single-letter code netlib expects. */
    public String code() {
        return code;
    }
}
