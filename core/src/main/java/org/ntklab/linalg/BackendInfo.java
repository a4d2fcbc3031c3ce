package org.ntklab.linalg;

/**
 * What computes the linear algebra: recorded in every result file.
 *
 * @param kind      {@code "native"} or {@code "java"}
 * @param blas      the BLAS implementation's name
 * @param lapack    the LAPACK implementation's name
 * @param library   path of the native library, or {@code null}
 * @param version   the native library's own version string, or {@code null}
 * @param coreType  the native kernel set (OpenBLAS core type), or {@code null}
 * @param note      why the pure-Java backend was chosen (property, or the native load error), or {@code null}
 */
public record BackendInfo(String kind, String blas, String lapack, String library, String version,
                          String coreType, String note) {

    /** True when BLAS/LAPACK run in a native library. */
    public boolean isNative() {
        return "native".equals(kind);
    }
}
