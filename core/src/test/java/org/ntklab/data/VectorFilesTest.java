package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.Matrix;

class VectorFilesTest {

    @TempDir
    Path dir;

    @Test
    void readsNpyVectorsColumnsAndRowsAndOneColumnCsv() throws IOException {
        double[] v = {1.5, -2, Math.PI};
        Path flat = dir.resolve("v.npy");
        try (OutputStream out = Files.newOutputStream(flat)) {
            Npy.write(v, out);
        }
        assertArrayEquals(v, VectorFiles.read(flat), 0.0);
        Path column = dir.resolve("c.npy");
        try (OutputStream out = Files.newOutputStream(column)) {
            Npy.write(new Matrix(3, 1, v.clone()), out);
        }
        assertArrayEquals(v, VectorFiles.read(column), 0.0);
        Path row = dir.resolve("r.npy");
        try (OutputStream out = Files.newOutputStream(row)) {
            Npy.write(new Matrix(1, 3, v.clone()), out);
        }
        assertArrayEquals(v, VectorFiles.read(row), 0.0);
        Path csv = Files.writeString(dir.resolve("y.csv"), "# labels\ny\n1.5\n-2\n3.141592653589793\n");
        assertArrayEquals(v, VectorFiles.read(csv), 0.0);
    }

    @Test
    void rejectsMatricesAndMissingFiles() throws IOException {
        Path wide = Files.writeString(dir.resolve("w.csv"), "1,2\n3,4\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VectorFiles.read(wide));
        assertTrue(e.getMessage().contains("w.csv has 2 columns"), e.getMessage());
        Path m = dir.resolve("m.npy");
        try (OutputStream out = Files.newOutputStream(m)) {
            Npy.write(new Matrix(2, 2, new double[4]), out);
        }
        e = assertThrows(IllegalArgumentException.class, () -> VectorFiles.read(m));
        assertTrue(e.getMessage().contains("expected a vector"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> VectorFiles.read(dir.resolve("absent.npy")));
    }

    @Test
    void targetsByColumnTakeVectorsAsOneColumnAndMatricesAsThey(@TempDir Path d) throws Exception {
        Path v = d.resolve("v.npy");
        Path m = d.resolve("m.npy");
        try (var o = Files.newOutputStream(v)) {
            Npy.write(new double[] {1, 2, 3}, o);
        }
        Matrix two = Matrix.of(new double[] {1, 2}, new double[] {3, 4}, new double[] {5, 6});
        try (var o = Files.newOutputStream(m)) {
            Npy.write(two, o);
        }
        Matrix col = VectorFiles.readColumns(v, 3);
        assertEquals(List.of(3, 1), List.of(col.rows(), col.cols()));
        assertEquals(two, VectorFiles.readColumns(m, 3));
        Path csv = Files.writeString(d.resolve("y.csv"), "1,2\n3,4\n5,6\n");
        assertEquals(two, VectorFiles.readColumns(csv, 3));
    }
}
