package org.ntklab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ntklab.linalg.Matrix;

/**
 * Reads the binary version of CIFAR-10 ({@code cifar-10-batches-bin}: {@code data_batch_1.bin} …
 * {@code data_batch_5.bin}, {@code test_batch.bin}). Each record is one label byte (0–9) followed
 * by 3072 pixel bytes: the 1024 red values of the 32 × 32 image in row-major order, then the green,
 * then the blue. Images become rows of 3072 values scaled to [0, 1], in that channel-major order.
 * A file whose length is not a whole number of records, or a label outside 0–9, is an error naming
 * the file; nothing is allocated beyond what the files hold.
 */
public final class Cifar10 {

    /** Bytes per image: 3 channels of 32 × 32. */
    public static final int PIXELS = 3 * 32 * 32;
    /** Bytes per record: the label and the image. */
    public static final int RECORD = 1 + PIXELS;

    private Cifar10() {
    }

    /**
     * Images and their labels.
     *
     * @param x      one image per row, {@link #PIXELS} columns, values in [0, 1]
     * @param labels class labels 0–9, one per row
     */
    public record Batch(Matrix x, int[] labels) {
    }

    /** The batch files in {@code dir}: the training batches in order, then the test batch (those that exist). */
    public static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a folder (expected the cifar-10-batches-bin folder with data_batch_1.bin …)");
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("data_batch_\\d+\\.bin")).sorted((a, b) -> Integer.compare(index(a), index(b)))
                    .forEach(out::add);
        }
        Path test = dir.resolve("test_batch.bin");
        if (Files.isRegularFile(test)) {
            out.add(test);
        }
        if (out.isEmpty()) {
            throw new IOException(dir + " holds no data_batch_*.bin or test_batch.bin (the binary version of CIFAR-10)");
        }
        return out;
    }

    private static int index(Path p) {
        String n = p.getFileName().toString();
        return Integer.parseInt(n.substring("data_batch_".length(), n.length() - ".bin".length()));
    }

    /** At most {@code limit} records of the files, in order. */
    public static Batch read(List<Path> files, int limit) throws IOException {
        long total = 0;
        for (Path f : files) {
            long size = Files.size(f);
            if (size == 0 || size % RECORD != 0) {
                throw new IOException(f + ": " + size + " bytes is not a whole number of " + RECORD + "-byte CIFAR-10 records");
            }
            total += size / RECORD;
        }
        int take = (int) Math.min(total, limit);
        if ((long) take * PIXELS > Integer.MAX_VALUE) {
            throw new IOException(take + " CIFAR-10 images exceed one Java array; read fewer");
        }
        double[] x = new double[take * PIXELS];
        int[] labels = new int[take];
        byte[] rec = new byte[RECORD];
        int row = 0;
        for (Path f : files) {
            try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
                while (row < take && in.readNBytes(rec, 0, RECORD) == RECORD) {
                    int label = rec[0] & 0xff;
                    if (label > 9) {
                        throw new IOException(f + ": record " + row + " has label " + label + ", not 0–9");
                    }
                    labels[row] = label;
                    for (int p = 0; p < PIXELS; p++) {
                        x[row + p * take] = (rec[1 + p] & 0xff) / 255.0; // column-major, as Matrix stores
                    }
                    row++;
                }
            }
            if (row == take) {
                break;
            }
        }
        return new Batch(new Matrix(take, PIXELS, x), labels);
    }

    /** Every record of the batch files in {@code dir} (at most {@code limit}). */
    public static Batch read(Path dir, int limit) throws IOException {
        return read(files(dir), limit);
    }
}
