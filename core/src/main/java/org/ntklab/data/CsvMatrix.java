package org.ntklab.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ntklab.linalg.Matrix;

/**
 * Reads a numeric matrix from CSV: one row per point, comma-separated; lines starting with
 * {@code #} are comments; a first row that is not numeric is taken as a header. Ragged rows and
 * non-numeric cells are errors naming the line.
 */
public final class CsvMatrix {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setCommentMarker('#').setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true).get();

    private CsvMatrix() {
    }

    /** Reads the whole file. */
    public static Matrix read(Path file) throws IOException {
        String name = file.getFileName().toString();
        List<double[]> rows = new ArrayList<>();
        int width = -1;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser parser = FORMAT.parse(in)) {
            for (CSVRecord rec : parser) {
                double[] row = new double[rec.size()];
                boolean numeric = true;
                for (int j = 0; j < rec.size() && numeric; j++) {
                    try {
                        row[j] = Double.parseDouble(rec.get(j));
                    } catch (NumberFormatException e) {
                        numeric = false;
                    }
                }
                if (!numeric) {
                    if (rows.isEmpty() && width < 0) {
                        width = rec.size(); // header row
                        continue;
                    }
                    throw new IllegalArgumentException(name + ", line " + rec.getParser().getCurrentLineNumber()
                            + ": not a number: '" + firstBad(rec) + "'");
                }
                if (width >= 0 && rec.size() != width) {
                    throw new IllegalArgumentException(name + ", line " + rec.getParser().getCurrentLineNumber() + ": "
                            + rec.size() + " values where earlier rows have " + width);
                }
                width = rec.size();
                rows.add(row);
            }
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(name + ": malformed CSV (" + e.getCause().getMessage() + ")");
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(name + ": no data rows");
        }
        return Matrix.of(rows.toArray(double[][]::new));
    }

    private static String firstBad(CSVRecord rec) {
        for (String v : rec) {
            try {
                Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return "";
    }
}
