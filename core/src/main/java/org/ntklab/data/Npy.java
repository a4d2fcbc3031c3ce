package org.ntklab.data;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.MemoryCheck;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1–3). Written by hand because every
 * file is untrusted input: the header is checked against the file's real size before anything
 * proportional to the claimed shape is allocated, so a lying or truncated header is an error
 * naming the problem, never an {@link OutOfMemoryError}. Reads float64, float32, int32 and int64
 * (either byte order, C or Fortran order) into doubles; writes little-endian float64 in C order.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 1 << 16;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=])([fi])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /** Reads a whole {@code .npy} file. */
    public static NpyArray read(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ); Arena arena = Arena.ofConfined()) {
            Layout l = layout(ch, name);
            MemorySegment data = ch.map(FileChannel.MapMode.READ_ONLY, l.offset, l.bytes(), arena);
            double[] values = new double[(int) l.count];
            // the dtype is chosen once, and float64 is a bulk copy: a cold process reads it at memory
            // speed instead of interpreting a per-element loop
            switch (l.h.kind + l.h.itemSize) {
                case "f8" -> MemorySegment.copy(data, ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(l.h.order), 0, values, 0, values.length);
                case "f4" -> {
                    var layout = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(l.h.order);
                    for (int i = 0; i < values.length; i++) {
                        values[i] = data.getAtIndex(layout, i);
                    }
                }
                case "i8" -> {
                    var layout = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(l.h.order);
                    for (int i = 0; i < values.length; i++) {
                        values[i] = data.getAtIndex(layout, i);
                    }
                }
                case "i4" -> {
                    var layout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(l.h.order);
                    for (int i = 0; i < values.length; i++) {
                        values[i] = data.getAtIndex(layout, i);
                    }
                }
                default -> throw new IllegalStateException();
            }
            if (l.h.fortran && l.h.shape.length > 1) {
                values = fortranToC(values, l.h.shape);
            }
            return new NpyArray(l.h.shape, values);
        }
    }

    /**
     * Reads a 2-D {@code .npy} file straight into a column-major matrix (a 1-D file as one column):
     * float64 data is read in chunks of about a megabyte through one reused buffer into the
     * matrix's own array, transposed in cache-sized blocks when the file is in C order, so a Gram
     * of n² doubles costs one n² array and no strided pass over memory. Chunked reads rather than a
     * mapping: faulting in a mapping page by page cost 0.3–1 s more for a 512 MB Gram on the
     * development VM, whose page faults are slow.
     */
    public static Matrix readMatrix(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Layout l = layout(ch, name);
            if (!("f".equals(l.h.kind) && l.h.itemSize == 8 && l.h.shape.length == 2)) {
                return read(file).toMatrix(name);
            }
            int rows = (int) l.h.shape[0];
            int cols = (int) l.h.shape[1];
            double[] d = new double[(int) l.count];
            ch.position(l.offset);
            if (l.h.fortran || rows == 1 || cols == 1) {
                ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_DOUBLES * Double.BYTES).order(l.h.order);
                for (int at = 0; at < d.length; at += CHUNK_DOUBLES) {
                    int k = Math.min(CHUNK_DOUBLES, d.length - at);
                    fill(ch, buf, k, name).get(d, at, k);
                }
            } else {
                transposeInto(ch, l.h.order, rows, cols, d, name);
            }
            return new Matrix(rows, cols, d);
        }
    }

    /** Doubles per read of a Fortran-order file. */
    private static final int CHUNK_DOUBLES = 1 << 17;

    /** Row block size of the transposing read: TRANSPOSE_ROWS rows of the file stay in cache while written out as columns. */
    private static final int TRANSPOSE_ROWS = 16;

    /** Reads the next {@code count} doubles of the channel into {@code buf}, as a double view. */
    private static java.nio.DoubleBuffer fill(FileChannel ch, ByteBuffer buf, int count, String name) throws IOException {
        buf.clear().limit(count * Double.BYTES);
        readFully(ch, buf, name);
        buf.flip();
        return buf.asDoubleBuffer();
    }

    /** d (column-major rows×cols) from the C-order data at the channel's position, a block of rows at a time. */
    private static void transposeInto(FileChannel ch, ByteOrder order, int rows, int cols, double[] d, String name)
            throws IOException {
        double[] block = new double[TRANSPOSE_ROWS * cols];
        ByteBuffer buf = ByteBuffer.allocateDirect(TRANSPOSE_ROWS * cols * Double.BYTES).order(order);
        for (int i0 = 0; i0 < rows; i0 += TRANSPOSE_ROWS) {
            int h = Math.min(TRANSPOSE_ROWS, rows - i0);
            fill(ch, buf, h * cols, name).get(block, 0, h * cols);
            for (int j = 0; j < cols; j++) {
                int out = i0 + j * rows;
                for (int i = 0; i < h; i++) {
                    d[out + i] = block[i * cols + j];
                }
            }
        }
    }

    /** Where a validated file's data are: the header, the data's byte offset and its element count. */
    private record Layout(Header h, long offset, long count) {
        long bytes() {
            return count * h.itemSize;
        }
    }

    /**
     * Reads and checks the header: magic, version, dtype, a shape whose size matches the file's
     * real size, and an element count that fits one Java array and the heap.
     */
    private static Layout layout(FileChannel ch, String name) throws IOException {
        try {
            long size = ch.size();
            ByteBuffer pre = ByteBuffer.allocate((int) Math.min(12, size)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, name);
            pre.flip();
            if (pre.remaining() < 10) {
                throw bad(name, "too short to be a .npy file (" + size + " bytes)");
            }
            for (byte b : MAGIC) {
                if (pre.get() != b) {
                    throw bad(name, "not a .npy file (bad magic bytes)");
                }
            }
            int major = pre.get() & 0xff;
            pre.get();
            long headerLen;
            int prefix;
            if (major == 1) {
                headerLen = pre.getShort() & 0xffff;
                prefix = 10;
            } else if (major == 2 || major == 3) {
                if (pre.remaining() < 4) {
                    throw bad(name, "truncated header");
                }
                headerLen = pre.getInt() & 0xffffffffL;
                prefix = 12;
            } else {
                throw bad(name, "unsupported .npy format version " + major);
            }
            if (headerLen > MAX_HEADER || prefix + headerLen > size) {
                throw bad(name, "header length " + headerLen + " does not fit the file (" + size + " bytes)");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            ch.position(prefix);
            readFully(ch, hb, name);
            String header = new String(hb.array(), 0, hb.position(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header h = parseHeader(header, name);
            long dataBytes = size - prefix - headerLen;
            long count = 1;
            for (long d : h.shape) {
                count = Math.multiplyExact(count, d);
            }
            long needed = Math.multiplyExact(count, (long) h.itemSize);
            if (needed != dataBytes) {
                throw bad(name, "header claims shape " + shapeText(h.shape) + " (" + needed + " bytes of data) but the file holds "
                        + dataBytes + " bytes" + (needed > dataBytes ? ": truncated or lying header" : ": trailing bytes"));
            }
            if (count > MemoryCheck.MAX_ARRAY) {
                throw bad(name, "shape " + shapeText(h.shape) + " has more than 2^31 elements");
            }
            MemoryCheck.requireArray(count, 1, name);
            return new Layout(h, prefix + headerLen, count);
        } catch (ArithmeticException e) {
            throw bad(name, "shape in the header overflows");
        }
    }

    private record Header(ByteOrder order, String kind, int itemSize, boolean fortran, long[] shape) {
    }

    private static Header parseHeader(String header, String name) {
        Matcher d = DESCR.matcher(header);
        if (!d.find()) {
            Matcher any = Pattern.compile("'descr'\\s*:\\s*'([^']*)'").matcher(header);
            throw bad(name, any.find() ? "dtype '" + any.group(1) + "' is not supported (float64, float32, int32 or int64 needed)"
                    : "header has no dtype ('descr')");
        }
        String kind = d.group(2);
        int item = Integer.parseInt(d.group(3));
        if (!(item == 8 || (item == 4))) {
            throw bad(name, "dtype '" + d.group(1) + kind + item + "' is not supported (float64, float32, int32 or int64 needed)");
        }
        ByteOrder order = ">".equals(d.group(1)) ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Matcher f = FORTRAN.matcher(header);
        if (!f.find()) {
            throw bad(name, "header has no 'fortran_order'");
        }
        Matcher s = SHAPE.matcher(header);
        if (!s.find()) {
            throw bad(name, "header has no 'shape'");
        }
        List<Long> dims = new ArrayList<>();
        for (String part : s.group(1).split(",")) {
            String t = part.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(t.replace("L", ""));
                if (v < 0) {
                    throw bad(name, "negative dimension " + v + " in the shape");
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw bad(name, "bad dimension '" + t + "' in the shape");
            }
        }
        return new Header(order, kind, item, "True".equals(f.group(1)), dims.stream().mapToLong(Long::longValue).toArray());
    }

    private static double[] fortranToC(double[] v, long[] shape) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("Fortran-order arrays of more than two dimensions are not supported");
        }
        int r = (int) shape[0];
        int c = (int) shape[1];
        double[] out = new double[v.length];
        for (int j = 0; j < c; j++) {
            for (int i = 0; i < r; i++) {
                out[i * c + j] = v[i + j * r];
            }
        }
        return out;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, String name) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw bad(name, "file ends early");
            }
        }
    }

    private static IllegalArgumentException bad(String name, String what) {
        return new IllegalArgumentException(name + ": " + what);
    }

    private static String shapeText(long[] shape) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /**
     * Writes a matrix as a 2-D little-endian float64 C-order array. The column-major values are
     * transposed a band of rows at a time, so that no second copy of the matrix is made (a
     * row-major copy of an N×N Gram doubled the heap it needs; issue 21).
     */
    public static void write(Matrix m, OutputStream out) throws IOException {
        int rows = m.rows();
        int cols = m.cols();
        double[] data = m.data();
        out.write(header(rows, cols));
        int band = Math.max(1, Math.min(rows, 8192 / Math.max(1, cols)));
        // a band of rows of at most 64 KiB, or one row when a row is wider
        ByteBuffer buf = ByteBuffer.allocate(8 * Math.max(band * cols, 1)).order(ByteOrder.LITTLE_ENDIAN);
        java.nio.DoubleBuffer view = buf.asDoubleBuffer();
        for (int i0 = 0; i0 < rows; i0 += band) {
            int h = Math.min(band, rows - i0);
            for (int j = 0; j < cols; j++) {
                for (int i = 0; i < h; i++) { // contiguous reads down a column
                    view.put(i * cols + j, data[i0 + i + j * rows]);
                }
            }
            out.write(buf.array(), 0, 8 * h * cols);
        }
        out.flush();
    }

    /** Writes a vector as a 1-D float64 array. */
    public static void write(double[] v, OutputStream out) throws IOException {
        write(new long[] {v.length}, v, out);
    }

    /**
     * The header (magic, version 1.0, dictionary padded to a multiple of 64 bytes) of a
     * little-endian float64 C-order array of {@code shape}: the data follow it directly, so a
     * writer may map the file and fill the data region in place.
     */
    public static byte[] header(long... shape) {
        return alignedHeader(64, shape);
    }

    /**
     * {@link #header(long...)} padded so that the data start at a multiple of {@code alignment}
     * bytes (a multiple of 64, at most 65536: the format's 16-bit header length). A mapped writer
     * asks for the page size, so that a page of data never straddles two writers' regions.
     */
    public static byte[] alignedHeader(int alignment, long... shape) {
        if (alignment < 64 || alignment % 64 != 0 || alignment > 65536) {
            throw new IllegalArgumentException("header alignment must be a multiple of 64 up to 65536, got " + alignment);
        }
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shapeText(shape) + ", }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (alignment - unpadded % alignment) % alignment;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer pre = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        pre.put(header.getBytes(StandardCharsets.ISO_8859_1));
        return pre.array();
    }

    private static void write(long[] shape, double[] values, OutputStream out) throws IOException {
        out.write(header(shape));
        ByteBuffer buf = ByteBuffer.allocate(8 * 8192).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            if (!buf.hasRemaining()) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putDouble(values[i]);
        }
        out.write(buf.array(), 0, buf.position());
        out.flush();
    }
}
