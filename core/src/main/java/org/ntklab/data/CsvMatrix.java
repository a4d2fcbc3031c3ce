package org.ntklab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.ntklab.linalg.Matrix;

/**
 * Reads a numeric matrix from CSV, strictly: one row per point, comma-separated, every cell a
 * finite decimal number. Lines starting with {@code #} are comments and blank lines are skipped; a
 * UTF-8 byte-order mark is ignored; cells may be quoted. The first row is a header only when every
 * one of its cells is a name (starts with a letter or underscore and is not {@code nan} or
 * {@code inf}). Anything else that is not a number (an empty cell, NaN, an infinity, a stray word, a
 * ragged row) is an error naming the line and the column, so that no row or value is ever dropped
 * or guessed.
 */
public final class CsvMatrix {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setCommentMarker('#').setIgnoreEmptyLines(true)
            .setIgnoreSurroundingSpaces(true).get();
    /** A decimal number as numpy writes them; Java's own parser would also take "1d", "0x1p3" or "NaN". */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("[\\p{L}_].*");

    private CsvMatrix() {
    }

    /** Reads the whole file. */
    public static Matrix read(Path file) throws IOException {
        String name = file.getFileName().toString();
        List<double[]> rows = new ArrayList<>();
        int width = -1;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            in.mark(1);
            if (in.read() != '\uFEFF') {
                in.reset();
            }
            try (CSVParser parser = FORMAT.parse(in)) {
                for (CSVRecord rec : parser) {
                    long line = rec.getParser().getCurrentLineNumber();
                    if (rows.isEmpty() && width < 0 && isHeader(rec)) {
                        width = rec.size();
                        continue;
                    }
                    if (width >= 0 && rec.size() != width) {
                        throw new IllegalArgumentException(String.format(Locale.ROOT, "%s, line %d: %d values where %s %d",
                                name, line, rec.size(), rows.isEmpty() ? "the header has" : "earlier rows have", width));
                    }
                    double[] row = new double[rec.size()];
                    for (int j = 0; j < row.length; j++) {
                        row[j] = number(rec.get(j), name, line, j + 1);
                    }
                    width = row.length;
                    rows.add(row);
                }
            }
        } catch (java.io.UncheckedIOException e) {
            throw new IllegalArgumentException(name + ": malformed CSV (" + e.getCause().getMessage() + ")");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new IllegalArgumentException(name + ": not UTF-8 text (a CSV file of numbers was expected)");
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(name + ": no data rows");
        }
        return Matrix.of(rows.toArray(double[][]::new));
    }

    /** A header row: every cell a name. */
    private static boolean isHeader(CSVRecord rec) {
        for (String cell : rec) {
            if (!NAME.matcher(cell).matches() || NON_FINITE.matcher(cell).matches()) {
                return false;
            }
        }
        return true;
    }

    private static double number(String cell, String name, long line, int column) {
        String where = String.format(Locale.ROOT, "%s, line %d, column %d: ", name, line, column);
        if (cell.isEmpty()) {
            throw new IllegalArgumentException(where + "empty cell (every cell must hold a number; fill or drop missing values)");
        }
        if (NON_FINITE.matcher(cell).matches()) {
            throw new IllegalArgumentException(where + "'" + cell + "' is not a finite number (fill or drop missing values)");
        }
        if (!NUMBER.matcher(cell).matches()) {
            throw new IllegalArgumentException(where + "not a number: '" + abbreviate(cell) + "'");
        }
        double v = Double.parseDouble(cell);
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(where + "'" + abbreviate(cell) + "' overflows a double");
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
