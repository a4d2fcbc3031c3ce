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

    /** The audit's silent-loss cases (issue 21): each first row was once taken as a header and dropped. */
    @Test
    void nothingIsDroppedOrGuessed() throws IOException {
        Path bom = Files.writeString(dir.resolve("bom.csv"), "\uFEFF1,2\n3,4\n");
        assertEquals(Matrix.of(new double[] {1, 2}, new double[] {3, 4}), CsvMatrix.read(bom), "a byte-order mark is not a header");
        Path bomHeader = Files.writeString(dir.resolve("bomh.csv"), "\uFEFFa,b\n3,4\n");
        assertEquals(Matrix.of(new double[] {3, 4}), CsvMatrix.read(bomHeader));
        Path quoted = Files.writeString(dir.resolve("q.csv"), "\"x\",\"y\"\n\"1.5\",2\n");
        assertEquals(Matrix.of(new double[] {1.5, 2}), CsvMatrix.read(quoted), "quoted header and cells");
        String[][] bad = {
            {"nan,2\n3,4\n", "line 1, column 1", "nan"},
            {"1,2\n3,NaN\n", "line 2, column 2", "NaN"},
            {"1,-inf\n", "line 1, column 2", "finite"},
            {",2\n3,4\n", "line 1, column 1", "empty cell"},
            {"1,2\n3,\n", "line 2, column 2", "empty cell"},
            {"1,x\n3,4\n", "line 1, column 2", "'x'"},
            {"0x1p3,1\n", "line 1, column 1", "not a number"},
            {"1d,1\n", "line 1, column 1", "not a number"},
            {"a,b\n1,2,3\n", "line 2", "header has 2"},
            {"1e400,1\n", "line 1, column 1", "overflows"},
        };
        for (String[] c : bad) {
            Path f = Files.writeString(dir.resolve("bad.csv"), c[0]);
            String m = assertThrows(IllegalArgumentException.class, () -> CsvMatrix.read(f), c[0]).getMessage();
            assertTrue(m.startsWith("bad.csv, ") && m.contains(c[1]) && m.contains(c[2]) && !m.contains("\n"), c[0] + " → " + m);
        }
    }
}
