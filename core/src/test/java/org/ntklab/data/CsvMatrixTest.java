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

class CsvMatrixTest {

    @TempDir
    Path dir;

    @Test
    void readsHeaderCommentsAndNumbers() throws IOException {
        Path f = Files.writeString(dir.resolve("x.csv"), "# made by hand\nx1, x2\n1, 2.5\n-3e-2,4\n\n");
        assertEquals(Matrix.of(new double[] {1, 2.5}, new double[] {-0.03, 4}), CsvMatrix.read(f));
    }

    @Test
    void raggedRowsAndWordsAreNamedByLine() throws IOException {
        Path ragged = Files.writeString(dir.resolve("r.csv"), "1,2\n3,4,5\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CsvMatrix.read(ragged)).getMessage().contains("line 2"));
        Path word = Files.writeString(dir.resolve("w.csv"), "1,2\n3,abc\n");
        String m = assertThrows(IllegalArgumentException.class, () -> CsvMatrix.read(word)).getMessage();
        assertTrue(m.contains("line 2") && m.contains("abc"), m);
        Path empty = Files.writeString(dir.resolve("e.csv"), "# nothing\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CsvMatrix.read(empty)).getMessage().contains("no data"));
    }
}
