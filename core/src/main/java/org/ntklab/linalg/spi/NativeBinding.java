package org.ntklab.linalg.spi;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import java.util.function.IntConsumer;

/**
 * A native BLAS/LAPACK library bound to netlib by a {@link NativeBackendProvider}.
 *
 * @param library     absolute path of the shared library netlib loaded
 * @param version     the library's own description (for OpenBLAS: {@code openblas_get_config()})
 * @param coreType    the CPU kernel set in use (for OpenBLAS: {@code openblas_get_corename()}), or "unknown"
 * @param blas        netlib's BLAS bound to the library
 * @param lapack      netlib's LAPACK bound to the library
 * @param setThreads  sets the library's thread count (a no-op if it cannot be controlled)
 */
public record NativeBinding(String library, String version, String coreType, BLAS blas, LAPACK lapack,
                            IntConsumer setThreads) {
}
