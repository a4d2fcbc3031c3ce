package org.ntklab.nativeblas;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import dev.ludovic.netlib.lapack.NativeLAPACK;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;
import org.ntklab.linalg.spi.NativeBackendProvider;
import org.ntklab.linalg.spi.NativeBinding;

/**
 * Binds netlib to OpenBLAS (with LAPACK).
 *
 * <p>By default the library is the one shipped in the {@code org.bytedeco:openblas} Maven package,
 * so a machine with only a JDK and Maven needs nothing else: JavaCPP extracts it to its cache
 * folder and this class points netlib's {@value #BLAS_PATH} and {@value #LAPACK_PATH} at its
 * {@code libopenblas.so.0} before netlib's first use. A system library can be chosen instead with
 * the property {@value #LIBRARY_PROPERTY} (a path to a BLAS shared object that also exports LAPACK).
 */
public final class OpenBlasProvider implements NativeBackendProvider {

    /** Property naming a system BLAS/LAPACK shared library to use instead of the bundled OpenBLAS. */
    public static final String LIBRARY_PROPERTY = "ntk.blas.lib";

    static final String BLAS_PATH = "dev.ludovic.netlib.blas.nativeLibPath";
    static final String LAPACK_PATH = "dev.ludovic.netlib.lapack.nativeLibPath";

    /** ServiceLoader needs a public no-argument constructor. */
    public OpenBlasProvider() {
    }

    @Override
    public NativeBinding bind() throws Exception {
        Path library = locate();
        System.setProperty(BLAS_PATH, library.toString());
        System.setProperty(LAPACK_PATH, library.toString());
        BLAS blas;
        LAPACK lapack;
        // netlib logs a warning and falls back to Java on failure; we report the failure ourselves.
        Logger netlib = Logger.getLogger("dev.ludovic.netlib");
        Level previous = netlib.getLevel();
        netlib.setLevel(Level.SEVERE);
        try {
            blas = BLAS.getInstance();
            lapack = LAPACK.getInstance();
        } finally {
            netlib.setLevel(previous);
        }
        if (!(blas instanceof NativeBLAS)) {
            throw new IllegalStateException("netlib could not bind BLAS to " + library
                    + (System.getProperty(BLAS_PATH).equals(library.toString()) ? "" : " (netlib was initialised earlier)"));
        }
        if (!(lapack instanceof NativeLAPACK)) {
            throw new IllegalStateException("netlib could not bind LAPACK to " + library
                    + " (the library must export LAPACK symbols such as dpotrf_)");
        }
        OpenBlasLibrary control = new OpenBlasLibrary(library);
        String version = control.isOpenBlas() ? control.config() : "unknown (not OpenBLAS)";
        String core = control.isOpenBlas() ? control.coreName() : "unknown";
        return new NativeBinding(library.toString(), version, core, blas, lapack, control::setThreads);
    }

    private static Path locate() throws Exception {
        String chosen = System.getProperty(LIBRARY_PROPERTY, "").trim();
        if (!chosen.isEmpty()) {
            Path p = Path.of(chosen).toAbsolutePath();
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException(LIBRARY_PROPERTY + " names a library that does not exist: " + p);
            }
            return p;
        }
        // Loading the preset extracts the bundled libraries (full OpenBLAS with LAPACK among them) into one folder.
        String jni = Loader.load(openblas.class);
        if (jni == null) {
            throw new IllegalStateException("the bundled OpenBLAS has no build for " + Loader.getPlatform());
        }
        Path full = Path.of(jni).getParent().resolve("libopenblas.so.0");
        if (!Files.isReadable(full)) {
            throw new IllegalStateException("bundled OpenBLAS not found next to " + jni);
        }
        return full;
    }
}
