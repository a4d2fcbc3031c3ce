package org.ntklab.nativeblas;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * OpenBLAS's own control functions ({@code openblas_get_config}, {@code openblas_get_corename},
 * {@code openblas_set_num_threads}), reached through the Foreign Function API on the same shared
 * object netlib loaded. Opening the same path again returns the same loaded library, so the thread
 * count set here is the one netlib's calls use. A library that is not OpenBLAS lacks these symbols;
 * then every query answers "unknown" and thread control is a no-op.
 */
final class OpenBlasLibrary {

    private static final Linker LINKER = Linker.nativeLinker();

    private final MethodHandle getConfig;
    private final MethodHandle getCoreName;
    private final MethodHandle setNumThreads;
    private final MethodHandle getNumThreads;

    OpenBlasLibrary(Path library) {
        SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
        getConfig = find(lookup, "openblas_get_config", FunctionDescriptor.of(ValueLayout.ADDRESS));
        getCoreName = find(lookup, "openblas_get_corename", FunctionDescriptor.of(ValueLayout.ADDRESS));
        setNumThreads = find(lookup, "openblas_set_num_threads", FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT));
        getNumThreads = find(lookup, "openblas_get_num_threads", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    }

    private static MethodHandle find(SymbolLookup lookup, String name, FunctionDescriptor descriptor) {
        Optional<MemorySegment> symbol = lookup.find(name);
        return symbol.map(s -> LINKER.downcallHandle(s, descriptor)).orElse(null);
    }

    /** True when the library exports OpenBLAS's control functions. */
    boolean isOpenBlas() {
        return getConfig != null;
    }

    /** The build description, e.g. "OpenBLAS 0.3.31 DYNAMIC_ARCH NO_AFFINITY Haswell MAX_THREADS=64". */
    String config() {
        return string(getConfig);
    }

    /** The kernel set chosen for this CPU, e.g. "Haswell" or "SkylakeX". */
    String coreName() {
        return string(getCoreName);
    }

    /** Sets the number of threads OpenBLAS uses for each call. */
    void setThreads(int threads) {
        if (setNumThreads == null) {
            return;
        }
        try {
            setNumThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_set_num_threads failed", t);
        }
    }

    /** The number of threads OpenBLAS currently uses, or -1 if unknown. */
    int threads() {
        if (getNumThreads == null) {
            return -1;
        }
        try {
            return (int) getNumThreads.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("openblas_get_num_threads failed", t);
        }
    }

    private static String string(MethodHandle h) {
        if (h == null) {
            return "unknown";
        }
        try {
            MemorySegment s = (MemorySegment) h.invokeExact();
            return s.equals(MemorySegment.NULL) ? "unknown" : s.reinterpret(4096).getString(0).trim();
        } catch (Throwable t) {
            return "unknown";
        }
    }
}
