package org.ntklab.linalg.tiled;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Where {@link TiledGram} puts each finished tile of an m×n matrix. A store addresses entries by
 * long offsets, so a matrix held outside the Java heap (a memory-mapped .npy file) may exceed the
 * 2³¹ elements of one array.
 */
public interface TileStore {

    /**
     * Stores the h×w column-major tile (leading dimension h) at rows i0…, columns j0…, and, when
     * {@code mirrored}, its transpose at rows j0…, columns i0….
     */
    void put(double[] tile, int i0, int j0, int h, int w, boolean mirrored);

    /** Sets one entry (for the few entries fixed after the tiles). */
    void set(int i, int j, double value);

    /** A column-major m-row matrix in a Java array. */
    static TileStore columnMajor(double[] out, int m) {
        return new ArrayStore(out, m);
    }

    /**
     * A row-major (C-order) matrix of n columns in {@code segment}, from byte {@code offset} on,
     * little-endian or native order as the segment's writer chose: the layout of a .npy file.
     */
    static TileStore rowMajor(MemorySegment segment, long offset, int n) {
        return new SegmentStore(segment, offset, n);
    }

    /** Column-major array storage. */
    final class ArrayStore implements TileStore {
        private final double[] out;
        private final int m;

        ArrayStore(double[] out, int m) {
            this.out = out;
            this.m = m;
        }

        @Override
        public void put(double[] tile, int i0, int j0, int h, int w, boolean mirrored) {
            for (int col = 0; col < w; col++) {
                System.arraycopy(tile, col * h, out, i0 + (j0 + col) * m, h);
            }
            if (mirrored) {
                // 8×8 blocks: every cache line read from the tile and written to the output is used whole
                for (int rb = 0; rb < h; rb += 8) {
                    int re = Math.min(h, rb + 8);
                    for (int cb = 0; cb < w; cb += 8) {
                        int ce = Math.min(w, cb + 8);
                        for (int r = rb; r < re; r++) {
                            int base = j0 + (i0 + r) * m;
                            for (int col = cb; col < ce; col++) {
                                out[base + col] = tile[r + col * h];
                            }
                        }
                    }
                }
            }
        }

        @Override
        public void set(int i, int j, double value) {
            out[i + j * m] = value;
        }
    }

    /** Row-major storage in a memory segment, with long offsets. */
    final class SegmentStore implements TileStore {
        private static final ValueLayout.OfDouble LE = ValueLayout.JAVA_DOUBLE_UNALIGNED
                .withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
        private final MemorySegment segment;
        private final long offset;
        private final long rowBytes;

        SegmentStore(MemorySegment segment, long offset, int n) {
            this.segment = segment;
            this.offset = offset;
            this.rowBytes = 8L * n;
        }

        @Override
        public void put(double[] tile, int i0, int j0, int h, int w, boolean mirrored) {
            // entry (i0 + r, j0 + c) lives at row i0 + r: a tile row is a strided read, a contiguous write
            for (int r = 0; r < h; r++) {
                long at = offset + (i0 + r) * rowBytes + 8L * j0;
                for (int c = 0; c < w; c++) {
                    segment.set(LE, at + 8L * c, tile[r + c * h]);
                }
            }
            if (mirrored) {
                // the transpose's row j0 + c is the tile's column c: one contiguous copy each
                for (int c = 0; c < w; c++) {
                    MemorySegment.copy(tile, c * h, segment, LE, offset + (j0 + c) * rowBytes + 8L * i0, h);
                }
            }
        }

        @Override
        public void set(int i, int j, double value) {
            segment.set(LE, offset + i * rowBytes + 8L * j, value);
        }
    }
}
