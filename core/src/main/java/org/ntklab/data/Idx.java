package org.ntklab.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.ntklab.linalg.Matrix;

/**
 * Reads the IDX format of (Fashion-)MNIST, plain or gzipped: unsigned-byte images (magic 0x0803,
 * dimensions n × rows × cols) and labels (0x0801, n). The header is checked before anything is
 * allocated and at most {@code limit} items are read, so a header that lies about its size is an
 * error ("file ends early"), never an allocation proportional to the claim.
 */
public final class Idx {

    private Idx() {
    }

    /** The first {@code limit} images as rows of pixel values scaled to [0, 1]. */
    public static Matrix images(Path file, int limit) throws IOException {
        try (DataInputStream in = open(file)) {
            return images(in, file, limit);
        } catch (EOFException | java.util.zip.ZipException e) {
            throw unreadable(file, e);
        }
    }

    private static Matrix images(DataInputStream in, Path file, int limit) throws IOException {
        int magic = in.readInt();
        if (magic != 0x0803) {
            throw bad(file, String.format("magic 0x%04x is not an image file (0x0803)", magic));
        }
        int n = dimension(in, file);
        int rows = dimension(in, file);
        int cols = dimension(in, file);
        long pixels = (long) rows * cols;
        if (pixels > 1 << 20) {
            throw bad(file, "images of " + rows + "×" + cols + " pixels are implausibly large");
        }
        int take = Math.min(n, limit);
        if ((long) take * pixels > Integer.MAX_VALUE) {
            throw bad(file, take + " images of " + pixels + " pixels exceed one Java array; read fewer");
        }
        // the pixels are read before the doubles are allocated: memory follows the bytes that exist, not the header's claim
        java.util.List<byte[]> images = new java.util.ArrayList<>();
        for (int i = 0; i < take; i++) {
            byte[] img = new byte[(int) pixels];
            readFully(in, img, file);
            images.add(img);
        }
        double[] x = new double[take * (int) pixels];
        for (int i = 0; i < take; i++) {
            byte[] img = images.get(i);
            for (int p = 0; p < img.length; p++) {
                x[i + p * take] = (img[p] & 0xff) / 255.0;
            }
        }
        return new Matrix(take, (int) pixels, x);
    }

    /** The first {@code limit} labels. */
    public static int[] labels(Path file, int limit) throws IOException {
        try (DataInputStream in = open(file)) {
            return labels(in, file, limit);
        } catch (EOFException | java.util.zip.ZipException e) {
            throw unreadable(file, e);
        }
    }

    private static int[] labels(DataInputStream in, Path file, int limit) throws IOException {
        int magic = in.readInt();
        if (magic != 0x0801) {
            throw bad(file, String.format("magic 0x%04x is not a label file (0x0801)", magic));
        }
        int n = dimension(in, file);
        int take = Math.min(n, limit);
        // read in chunks, so a header that claims more labels than the file holds costs no more than the file
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        while (got.size() < take) {
            int r = in.read(chunk, 0, Math.min(chunk.length, take - got.size()));
            if (r < 0) {
                throw bad(file, "file ends early (fewer items than its header claims)");
            }
            got.write(chunk, 0, r);
        }
        byte[] b = got.toByteArray();
        int[] y = new int[take];
        for (int i = 0; i < take; i++) {
            y[i] = b[i] & 0xff;
        }
        return y;
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        InputStream in = b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
        return new DataInputStream(in);
    }

    private static int dimension(DataInputStream in, Path file) throws IOException {
        try {
            int v = in.readInt();
            if (v < 0) {
                throw bad(file, "negative dimension " + v);
            }
            return v;
        } catch (EOFException e) {
            throw bad(file, "header ends early");
        }
    }

    private static void readFully(DataInputStream in, byte[] b, Path file) throws IOException {
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw bad(file, "file ends early (fewer items than its header claims)");
        }
    }

    /** A truncated file or corrupt compression, named (the stream's own exceptions may carry no message). */
    private static IllegalArgumentException unreadable(Path file, IOException e) {
        return bad(file, e instanceof EOFException ? "file ends early" : "corrupt gzip data (" + e.getMessage() + ")");
    }

    private static IllegalArgumentException bad(Path file, String what) {
        return new IllegalArgumentException(file.getFileName() + ": " + what);
    }
}
