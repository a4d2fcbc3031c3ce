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
            double[] x = new double[Math.multiplyExact(take, (int) pixels)];
            byte[] img = new byte[(int) pixels];
            for (int i = 0; i < take; i++) {
                readFully(in, img, file);
                for (int p = 0; p < img.length; p++) {
                    x[i + p * take] = (img[p] & 0xff) / 255.0;
                }
            }
            return new Matrix(take, (int) pixels, x);
        }
    }

    /** The first {@code limit} labels. */
    public static int[] labels(Path file, int limit) throws IOException {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 0x0801) {
                throw bad(file, String.format("magic 0x%04x is not a label file (0x0801)", magic));
            }
            int n = dimension(in, file);
            int take = Math.min(n, limit);
            byte[] b = new byte[take];
            readFully(in, b, file);
            int[] y = new int[take];
            for (int i = 0; i < take; i++) {
                y[i] = b[i] & 0xff;
            }
            return y;
        }
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

    private static IllegalArgumentException bad(Path file, String what) {
        return new IllegalArgumentException(file.getFileName() + ": " + what);
    }
}
