package org.ntklab.data;

import java.io.IOException;
import java.nio.file.Path;
import org.ntklab.linalg.Matrix;

/** Reads a vector (labels, targets) from {@code .npy} (1-D, N×1 or 1×N) or a one-column CSV. */
public final class VectorFiles {

    private VectorFiles() {
    }

    /** Reads {@code file} by its {@link FileFormat}: a .npy vector, or a CSV of one value per line. */
    public static double[] read(Path file) throws IOException {
        InputFiles.requireRegular(file); // first: a device or a folder is said to be one, not to lack an extension
        FileFormat format = FileFormat.of(file);
        String name = file.getFileName().toString();
        if (format == FileFormat.NPY) {
            return Npy.read(file).toVector(name);
        }
        Matrix m = CsvMatrix.read(file);
        if (m.cols() != 1) {
            throw new IllegalArgumentException(name + " has " + m.cols() + " columns: expected one value per line");
        }
        return m.data();
    }
}
