package org.ntklab.tools.cli;

import java.util.Locale;

/**
 * The word-valued options, as enums: picocli refuses any other word in one line naming the
 * choices, lists them in the help and offers them to shell completion. Each constant's option
 * spelling is its name in lower case with '-' for '_' ({@link #spelling}).
 */
final class Choices {

    private Choices() {
    }

    /** The option spelling of a constant: MATRIX_FREE is matrix-free. */
    static String spelling(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** {@code --kernel} of gram and empirical. */
    enum Kernel {
        NTK, NNGP;

        @Override
        public String toString() {
            return spelling(this);
        }
    }

    /** {@code --method} of empirical. */
    enum EmpiricalMethod {
        STRUCTURED, JACOBIAN;

        @Override
        public String toString() {
            return spelling(this);
        }
    }

    /** {@code --init} of kgf. */
    enum FlowStart {
        ZERO, GP;

        @Override
        public String toString() {
            return spelling(this);
        }
    }

    /** {@code --which} of eig. */
    enum Which {
        MIN, MAX, ALL;

        @Override
        public String toString() {
            return spelling(this);
        }
    }

    /** {@code --method} of eig. */
    enum EigMethod {
        DENSE, MATRIX_FREE;

        @Override
        public String toString() {
            return spelling(this);
        }
    }

    /** {@code --kernel} of eig with --data. */
    enum KernelSource {
        ANALYTIC, EMPIRICAL;

        @Override
        public String toString() {
            return spelling(this);
        }
    }

    /** {@code --loss} of train. */
    enum Loss {
        MEAN, SUM;

        @Override
        public String toString() {
            return spelling(this);
        }
    }
}
