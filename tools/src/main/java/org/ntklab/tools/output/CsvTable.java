package org.ntklab.tools.output;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of results written as plain CSV (RFC 4180): one header row of column names, then the
 * data rows, and nothing else, so that {@code pandas.read_csv(f)} and
 * {@code numpy.genfromtxt(f, delimiter=',', names=True)} read it as is. The run's provenance lives
 * in the {@code meta.json} beside it, never in the table (comment lines made every reader need an
 * option). Doubles are written as the shortest decimal that reads back as the same double (NaN and
 * ±Infinity as Java writes them, which numpy and pandas also read). A target ending in .npy gets
 * the same table as a numpy structured array instead ({@link NpyTable}).
 */
public final class CsvTable {

    private final List<String> columns;
    private final List<Object[]> rows = new ArrayList<>();

    /** A table with the given column names. */
    public CsvTable(String... columns) {
        this.columns = List.of(columns);
    }

    /** The column names. */
    public List<String> columns() {
        return columns;
    }

    /** The rows added so far. */
    public List<Object[]> rows() {
        return rows;
    }

    /** Appends a row; it must have one value per column. */
    public CsvTable add(Object... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("row has " + values.length + " values for " + columns.size() + " columns");
        }
        rows.add(values.clone());
        return this;
    }

    /** Writes the table atomically to {@code target}: CSV, or a structured array for a .npy target. */
    public void write(Path target, boolean overwrite) {
        if (org.ntklab.data.FileFormat.of(target) == org.ntklab.data.FileFormat.NPY) {
            NpyTable.write(this, target, overwrite);
            return;
        }
        AtomicFiles.write(target, overwrite, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write(String.join(",", columns.stream().map(CsvTable::format).toList()));
            w.write('\n');
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        w.write(',');
                    }
                    w.write(format(row[i]));
                }
                w.write('\n');
            }
            w.flush();
        });
    }

    /** Formats one cell: doubles exactly (17 significant digits), strings quoted when needed. */
    static String format(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return d.toString(); // NaN, Infinity: read by Java, numpy and pandas alike
            }
            // integers plainly; otherwise the shortest decimal that reads back as the same double
            return d == Math.rint(d) && Math.abs(d) < 1e15 && Double.doubleToRawLongBits(d) != Long.MIN_VALUE // −0 keeps its sign
                    ? Long.toString(d.longValue()) : Double.toString(d);
        }
        if (v instanceof Float f) {
            return format(f.doubleValue());
        }
        String s = v.toString();
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }
}
