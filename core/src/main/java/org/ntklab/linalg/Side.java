package org.ntklab.linalg;

/** Whether a triangular matrix multiplies from the left or the right. */
public enum Side {
    /** op(A) X = αB. */
    LEFT("L"),
    /** X op(A) = αB. */
    RIGHT("R");

    private final String code;

    Side(String code) {
        this.code = code;
    }

    /** The single-letter code netlib expects. */
    public String code() {
        return code;
    }
}
