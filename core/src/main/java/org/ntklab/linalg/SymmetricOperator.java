package org.ntklab.linalg;

/**
 * A symmetric linear map v ↦ A v on R^n, known only through its action (a dense Gram matrix, or
 * an empirical NTK applied without forming it).
 */
public interface SymmetricOperator {

    /** The dimension n. */
    int size();

    /** out := A v (v and out have length n and do not alias). */
    void apply(double[] v, double[] out);
}
