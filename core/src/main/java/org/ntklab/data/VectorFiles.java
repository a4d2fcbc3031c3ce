package org.ntklab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.ntklab.linalg.Matrix;

/** Reads a vector (labels, targets) from {@code .npy} (1-D, N×1 or 1×N) or a one-column CSV. */
public final class VectorFiles {

    private VectorFiles() {
    }

    /** Reads {@code file}: {@code .npy} as NumPy, anything else as CSV (one value per line). */
    public static double[] read(Path file) throws IOException {
        InputFiles.requireRegular(file);
        String name = file.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".npy")) {
            return Npy.read(file).toVector(name);
        }
        Matrix m = CsvMatrix.read(file);
        if (m.cols() != 1) {
            throw new IllegalArgumentException(name + " has " + m.cols() + " columns: expected one value per line");
        }
        return m.data();
    }
}
