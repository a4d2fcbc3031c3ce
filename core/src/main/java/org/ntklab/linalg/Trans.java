package org.ntklab.linalg;

/** Whether a BLAS operand is used as stored ({@code N}) or transposed ({@code T}). */
public enum Trans {
    /** As stored. */
    N,
    /** Transposed. */
    T;

    /** The single-letter code netlib expects. */
    public String code() {
        return name();
    }
}
