package org.ntklab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.ntklab.linalg.Matrix;

/** Reads a data matrix (one row per point) from {@code .npy} or CSV, chosen by the file name. */
public final class MatrixFiles {

    private MatrixFiles() {
    }

    /** Reads {@code file}: {@code .npy} as NumPy, anything else as CSV. */
    public static Matrix read(Path file) throws IOException {
        InputFiles.requireRegular(file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".npy") ? Npy.readMatrix(file) : CsvMatrix.read(file);
    }
}
