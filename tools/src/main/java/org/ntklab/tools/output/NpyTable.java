package org.ntklab.tools.output;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link CsvTable} as a numpy structured array (.npy format 1.0/2.0): {@code np.load(f)} gives one
 * record per row with the table's column names as fields, e.g. {@code m['train_loss']}. A column
 * of whole numbers only is {@code <i8}, of numbers {@code <f8} (an empty cell is NaN), and anything
 * else a fixed-width Unicode string {@code <Un} (an empty cell is '').
 */
final class NpyTable {

    private NpyTable() {
    }

    private enum Kind { INT, FLOAT, TEXT }

    static void write(CsvTable table, Path target, boolean overwrite) {
        List<String> columns = table.columns();
        List<Object[]> rows = table.rows();
        int c = columns.size();
        Kind[] kind = new Kind[c];
        int[] width = new int[c];
        for (int j = 0; j < c; j++) {
            kind[j] = Kind.INT;
            width[j] = 1;
            for (Object[] row : rows) {
                Object v = row[j];
                if (v instanceof Integer || v instanceof Long) {
                    continue;
                }
                if (v == null || v instanceof Double || v instanceof Float) {
                    kind[j] = kind[j] == Kind.TEXT ? Kind.TEXT : Kind.FLOAT;
                } else {
                    kind[j] = Kind.TEXT;
                }
            }
            if (kind[j] == Kind.TEXT) {
                for (Object[] row : rows) {
                    width[j] = Math.max(width[j], row[j] == null ? 0 : row[j].toString().codePointCount(0, row[j].toString().length()));
                }
            }
        }
        List<String> descr = new ArrayList<>();
        int recordBytes = 0;
        for (int j = 0; j < c; j++) {
            String type = switch (kind[j]) {
                case INT -> "<i8";
                case FLOAT -> "<f8";
                case TEXT -> "<U" + width[j];
            };
            descr.add("('" + columns.get(j).replace("\\", "\\\\").replace("'", "\\'") + "', '" + type + "')");
            recordBytes += kind[j] == Kind.TEXT ? 4 * width[j] : 8;
        }
        byte[] header = header("{'descr': [" + String.join(", ", descr) + "], 'fortran_order': False, 'shape': (" + rows.size()
                + ",), }");
        int record = recordBytes;
        AtomicFiles.write(target, overwrite, raw -> {
            OutputStream out = new BufferedOutputStream(raw, 1 << 16);
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(record).order(ByteOrder.LITTLE_ENDIAN);
            for (Object[] row : rows) {
                buf.clear();
                for (int j = 0; j < c; j++) {
                    Object v = row[j];
                    switch (kind[j]) {
                        case INT -> buf.putLong(((Number) v).longValue());
                        case FLOAT -> buf.putDouble(v == null ? Double.NaN : ((Number) v).doubleValue());
                        case TEXT -> {
                            String s = v == null ? "" : v.toString();
                            int[] points = s.codePoints().toArray();
                            for (int k = 0; k < width[j]; k++) {
                                buf.putInt(k < points.length ? points[k] : 0);
                            }
                        }
                        default -> throw new IllegalStateException();
                    }
                }
                out.write(buf.array(), 0, record);
            }
            out.flush();
        });
    }

    /** The magic, version and header dict, padded with spaces so that the data starts at a multiple of 64 bytes. */
    private static byte[] header(String dict) {
        byte[] text = dict.getBytes(StandardCharsets.UTF_8);
        boolean v1 = text.length + 10 + 64 <= 65535; // format 1.0 stores the header length in two bytes
        int prefix = v1 ? 10 : 12;
        int total = (prefix + text.length + 1 + 63) / 64 * 64;
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        int length = total - prefix;
        if (v1) {
            b.putShort((short) length);
        } else {
            b.putInt(length);
        }
        b.put(text);
        while (b.position() < total - 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }
}
