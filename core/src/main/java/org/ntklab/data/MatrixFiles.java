package org.ntklab.data;

import java.io.IOException;
import java.nio.file.Path;
import org.ntklab.linalg.Matrix;

/** Reads a data matrix (one row per point) from {@code .npy} or CSV, chosen by the file name's extension. */
public final class MatrixFiles {

    private MatrixFiles() {
    }

    /**
     * Reads {@code file} by its {@link FileFormat}: a 2-D .npy or a CSV. Another extension is
     * refused, and so is a 1-D .npy: N numbers could be N points of dimension 1 or one point of
     * dimension N, and numpy users reshape to say which.
     */
    public static Matrix read(Path file) throws IOException {
        InputFiles.requireRegular(file); // first: a device or a folder is said to be one, not to lack an extension
        FileFormat format = FileFormat.of(file);
        return format == FileFormat.NPY ? Npy.readMatrix(file) : CsvMatrix.read(file);
    }
}
