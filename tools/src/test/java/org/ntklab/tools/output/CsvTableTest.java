package org.ntklab.tools.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {

    @TempDir
    Path dir;

    @Test
    void writesOneHeaderRowThenTheDataAndNothingElse() throws IOException {
        Path f = dir.resolve("t.csv");
        new CsvTable("spec", "n", "value").add("relu, depth 3", 5, 0.1 + 0.2).add("say \"hi\"", 6, Double.NaN).add(null, 7, 1e300).write(f, false);
        assertEquals(List.of("spec,n,value", "\"relu, depth 3\",5,0.30000000000000004", "\"say \"\"hi\"\"\",6,NaN", ",7,1.0E300"),
                Files.readAllLines(f));
    }

    @Test
    void doublesReadBackExactly() {
        for (double v : new double[] {Math.PI, -1e-310, 123456789012345.0, 1e15, 2.5, -0.0}) {
            assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(Double.parseDouble(CsvTable.format(v))), "" + v);
        }
    }

    @Test
    void aRowOfTheWrongLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CsvTable("a", "b").add(1));
    }
}
