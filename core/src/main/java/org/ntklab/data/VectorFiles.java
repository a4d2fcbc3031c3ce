package org.ntklab.data;

import java.io.IOException;
import java.nio.file.Path;
import org.ntklab.linalg.Matrix;

/** Reads a vector (labels, targets) from {@code .npy} (1-D, N×1 or 1×N) or a one-column CSV; or targets by column. */
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

    /**
     * Reads targets with one column per output: a vector (1-D .npy, or 1×N when {@code points} ≠ 1)
     * as one column, an N×k .npy or CSV as k columns, as neural-tangents takes them.
     */
    public static Matrix readColumns(Path file, int points) throws IOException {
        InputFiles.requireRegular(file);
        if (FileFormat.of(file) != FileFormat.NPY) {
            return CsvMatrix.read(file);
        }
        NpyArray a = Npy.read(file);
        boolean vector = a.shape().length == 1 || a.shape().length == 2 && a.shape()[0] == 1 && points != 1;
        return vector ? new Matrix(a.values().length, 1, a.values().clone()) : a.toMatrix(file.getFileName().toString());
    }
}
