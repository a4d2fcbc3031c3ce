package org.ntklab.linalg.backend;

import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ntklab.linalg.netlib.NetlibBlas;
import org.ntklab.linalg.netlib.NetlibLapack;
import org.ntklab.linalg.purejava.JavaBlas;
import org.ntklab.linalg.purejava.JavaLapack;
import org.ntklab.linalg.spi.NativeBackendProvider;
import org.ntklab.linalg.spi.NativeBinding;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.linalg.Backend;
import org.ntklab.linalg.BackendInfo;
import org.ntklab.linalg.Blas;
import org.ntklab.linalg.Lapack;

/**
 * Chooses the process's linear-algebra backend once, on first use.
 *
 * <p>The system property {@value #PROPERTY} selects it: {@code auto} (default) binds a native
 * library through a {@link NativeBackendProvider} found on the class path and falls back to pure
 * Java if there is none or it fails to load; {@code native} insists on the native library (an
 * error if it cannot load); {@code java} uses the pure-Java backend.
 */
public final class Backends {

    /** System property selecting the backend: {@code auto}, {@code native} or {@code java}. */
    public static final String PROPERTY = "ntk.blas";

    private static volatile Backend current;
    private static volatile Backend javaOnly;
    /** The backend a thread is pinned to by {@link #onJavaEngine}; fork-join tasks inherit it through {@link ThreadBudget}. */
    private static final ThreadLocal<Backend> PINNED = new ThreadLocal<>();

    static {
        // a pin exists only once this class is loaded, so registering here is early enough
        ThreadBudget.registerTaskContext(new ThreadBudget.TaskContext() {
            @Override
            public Object capture() {
                return PINNED.get();
            }

            @Override
            public <T> T within(Object captured, java.util.function.Supplier<T> work) {
                return withPin((Backend) captured, work);
            }
        });
    }

    private Backends() {
    }

    /** The backend every computation uses (the pure-Java one inside {@link #onJavaEngine}). */
    public static Backend current() {
        Backend pinned = PINNED.get();
        if (pinned != null) {
            return pinned;
        }
        Backend b = current;
        if (b == null) {
            synchronized (Backends.class) {
                b = current;
                if (b == null) {
                    b = select(System.getProperty(PROPERTY, "auto").trim().toLowerCase(java.util.Locale.ROOT));
                    current = b;
                }
            }
        }
        return b;
    }

    /** Shorthand for {@code current().blas()}. */
    public static Blas blas() {
        return current().blas();
    }

    /** Shorthand for {@code current().lapack()}. */
    public static Lapack lapack() {
        return current().lapack();
    }

    /** The pure-Java backend, always available (used as the reference in cross-checks). */
    public static Backend javaBackend() {
        // netlib decides once, on its first use, whether LAPACK is native: let the process's choice go first
        current();
        Backend b = javaOnly;
        if (b == null) {
            synchronized (Backends.class) {
                b = javaOnly;
                if (b == null) {
                    b = javaBackend(null);
                    javaOnly = b;
                }
            }
        }
        return b;
    }

    /**
     * Runs {@code work} with every {@link #blas()} and {@link #lapack()} call on the pure-Java
     * backend, whatever the process's choice, including calls made by the fork-join tasks it starts.
     *
     * <p>For computations whose results must not depend on the backend: long trainings amplify the
     * last-bit differences of two GEMM implementations, and rank-deficient eigenvalue brackets sit at
     * rounding level, where two LAPACKs round differently. The pure-Java engine is the same code on
     * every machine, so such results are identical wherever they run.
     */
    public static <T> T onJavaEngine(java.util.function.Supplier<T> work) {
        return withPin(javaBackend(), work);
    }

    /** The backend the current thread is pinned to, or null. */
    static Backend pin() {
        return PINNED.get();
    }

    /** Runs {@code work} with the current thread pinned to {@code b} (null: unpinned), then restores its pin. */
    static <T> T withPin(Backend b, java.util.function.Supplier<T> work) {
        Backend previous = PINNED.get();
        set(b);
        try {
            return work.get();
        } finally {
            set(previous);
        }
    }

    private static void set(Backend b) {
        if (b == null) {
            PINNED.remove();
        } else {
            PINNED.set(b);
        }
    }

    private static Backend javaBackend(String note) {
        // netlib's Java LAPACK first probes for a native library and logs a warning when there is
        // none; that is expected here, so keep it off the user's console.
        Logger netlib = Logger.getLogger("dev.ludovic.netlib");
        Level previous = netlib.getLevel();
        netlib.setLevel(Level.SEVERE);
        try {
            JavaBlas blas = new JavaBlas();
            JavaLapack lapack = new JavaLapack(blas);
            return new Backend(blas, lapack, new BackendInfo("java", blas.name(), lapack.name(), null, null, null, note));
        } finally {
            netlib.setLevel(previous);
        }
    }

    static Backend select(String choice) {
        switch (choice) {
            case "", "auto" -> {
                try {
                    return bindNative();
                } catch (Exception | LinkageError e) {
                    // a missing or broken native library (UnsatisfiedLinkError, NoClassDefFoundError) falls back too
                    return javaBackend("native backend unavailable: " + e);
                }
            }
            case "native" -> {
                try {
                    return bindNative();
                } catch (Exception | LinkageError e) {
                    throw new IllegalStateException("native BLAS requested (-D" + PROPERTY + "=native) but unavailable: "
                            + e.getMessage(), e);
                }
            }
            case "java" -> {
                return javaBackend("selected by -D" + PROPERTY + "=java");
            }
            default -> throw new IllegalArgumentException(
                    PROPERTY + " must be auto, native or java, got '" + choice + "'");
        }
    }

    private static Backend bindNative() throws Exception {
        NativeBackendProvider provider = ServiceLoader.load(NativeBackendProvider.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no native backend module on the class path"));
        NativeBinding binding = provider.bind();
        ThreadBudget.registerBlasThreadControl(binding.setThreads());
        NetlibBlas blas = new NetlibBlas(binding.blas(), "OpenBLAS via netlib " + binding.blas().getClass().getSimpleName());
        NetlibLapack lapack = new NetlibLapack(binding.lapack(),
                "OpenBLAS LAPACK via netlib " + binding.lapack().getClass().getSimpleName(), blas);
        return new Backend(blas, lapack, new BackendInfo("native", blas.name(), lapack.name(), binding.library(),
                binding.version(), binding.coreType(), null));
    }
}
