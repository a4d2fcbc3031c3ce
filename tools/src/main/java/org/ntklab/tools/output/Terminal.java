package org.ntklab.tools.output;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Whether stdout and stderr are terminals, asked of the C library's {@code isatty}. The JDK cannot
 * tell: since JDK 22 {@link System#console()} exists even when output is redirected, and
 * {@code Console.isTerminal()} speaks of stdin and stdout together, so a bar on stderr would hide
 * behind {@code > log} and colour codes would reach pipes (issue 22). {@code NTK_TERMINAL=always}
 * or {@code never} overrides the answer (tests, odd terminals); the CI variable counts as never.
 */
public final class Terminal {

    private static final MethodHandle ISATTY = isatty();

    private Terminal() {
    }

    /** True when standard error is a terminal (progress bars, colour in error messages). */
    public static boolean stderr() {
        return is(2);
    }

    /** True when standard output is a terminal (colour in help). */
    public static boolean stdout() {
        return is(1);
    }

    private static boolean is(int fd) {
        String forced = System.getenv("NTK_TERMINAL");
        if ("always".equals(forced)) {
            return true;
        }
        if ("never".equals(forced) || System.getenv("CI") != null || ISATTY == null) {
            return false;
        }
        try {
            return (int) ISATTY.invokeExact(fd) == 1;
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle isatty() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("isatty")
                    .map(f -> linker.downcallHandle(f, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null; // no native access: behave as a pipe, the quiet choice
        }
    }
}
