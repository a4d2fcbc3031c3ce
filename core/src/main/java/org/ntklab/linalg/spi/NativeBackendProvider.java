package org.ntklab.linalg.spi;

/**
 * Service interface through which core finds a native BLAS/LAPACK at run time (the {@code native}
 * module implements it; core builds and runs without it). Registered with
 * {@link java.util.ServiceLoader}.
 */
public interface NativeBackendProvider {

    /**
     * Locates and loads the library, binds netlib's BLAS and LAPACK to it and returns the binding.
     *
     * @throws Exception with a one-line reason when no native library can be bound
     */
    NativeBinding bind() throws Exception;
}
