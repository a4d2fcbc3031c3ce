package org.ntklab.tools.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ntklab.data.Npy;
import org.ntklab.linalg.Matrix;

/** Test inputs: a fixed point set, and .npy files of matrices and vectors (shared by the CLI and end-to-end tests). */
public final class NpyFiles {

    private NpyFiles() {
    }

    /** n points in d dimensions, x_k = sin(1.7k + 0.3) in column-major order: fixed, distinct and nonzero. */
    public static Matrix points(int n, int d) {
        double[] a = new double[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.sin(1.7 * i + 0.3);
        }
        return new Matrix(n, d, a);
    }

    /** {@code dir/name} holding a matrix. */
    public static Path write(Path dir, String name, Matrix m) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f)) {
            Npy.write(m, out);
        }
        return f;
    }

    /** {@code dir/name} holding a vector. */
    public static Path write(Path dir, String name, double[] v) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f)) {
            Npy.write(v, out);
        }
        return f;
    }
}
