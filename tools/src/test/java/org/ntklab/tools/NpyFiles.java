package org.ntklab.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ntklab.data.Npy;
import org.ntklab.linalg.Matrix;

/** Writes test inputs as .npy files. */
final class NpyFiles {

    private NpyFiles() {
    }

    /** {@code dir/name} holding a matrix. */
    static Path write(Path dir, String name, Matrix m) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f)) {
            Npy.write(m, out);
        }
        return f;
    }

    /** {@code dir/name} holding a vector. */
    static Path write(Path dir, String name, double[] v) throws IOException {
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f)) {
            Npy.write(v, out);
        }
        return f;
    }
}
