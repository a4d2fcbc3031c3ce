package org.ntklab.linalg;

/** Which triangle of a symmetric or triangular matrix is referenced. */
public enum Uplo {
    /** The lower triangle holds the matrix. */
    LOWER("L"),
    /** The upper triangle holds the matrix. */
    UPPER("U");

    private final String code;

    Uplo(String code) {
        this.code = code;
    }

    /** The single-letter code netlib expects. */
    public String code() {
        return code;
    }
}
