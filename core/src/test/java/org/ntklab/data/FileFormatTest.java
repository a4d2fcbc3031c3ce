package org.ntklab.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.Matrix;

class FileFormatTest {

    @TempDir
    Path dir;

    @Test
    void theExtensionNamesTheFormatInAnyCase() {
        assertEquals(FileFormat.NPY, FileFormat.of(Path.of("a/K.npy")));
        assertEquals(FileFormat.NPY, FileFormat.of(Path.of("K.NPY")));
        assertEquals(FileFormat.CSV, FileFormat.of(Path.of("x.v2.Csv")));
    }

    @Test
    void anotherExtensionOrNoneIsRefusedListingTheKnownOnes() {
        for (String name : new String[] {"K.txt", "K.npz", "K", ".npy", "K.npy.gz", "dir/"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FileFormat.of(Path.of(name)), name);
            assertTrue(e.getMessage().contains("(known: .npy, .csv)"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FileFormat.of(Path.of("K.txt"))).getMessage().contains("'.txt'"));
    }

    @Test
    void readersRefuseUnknownFormatsAndOneDimensionalData() throws IOException {
        Path txt = Files.writeString(dir.resolve("x.txt"), "1,2\n3,4\n");
        assertThrows(IllegalArgumentException.class, () -> MatrixFiles.read(txt));
        assertThrows(IllegalArgumentException.class, () -> VectorFiles.read(txt));
        Path oneD = dir.resolve("v.npy");
        try (var out = Files.newOutputStream(oneD)) {
            Npy.write(new double[] {1, 2, 3}, out);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MatrixFiles.read(oneD));
        assertTrue(e.getMessage().contains("1-D") && e.getMessage().contains("X.reshape(-1, 1)"), e.getMessage());
        assertEquals(3, VectorFiles.read(oneD).length, "a 1-D array is a fine vector");
        Path csv = Files.writeString(dir.resolve("x.CSV"), "1,2\n3,4\n");
        assertEquals(new Matrix(2, 2, new double[] {1, 3, 2, 4}), MatrixFiles.read(csv));
    }
}
