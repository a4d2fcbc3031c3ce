package org.ntklab.linalg.tiled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The two tile stores hold the same matrix, entry for entry, whatever the tile edges. */
class TileStoreTest {

    private static final ValueLayout.OfDouble LE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** A symmetric entry function for the lower triangle; any other value would show a mis-placed tile. */
    private static double entry(int i, int j) {
        int a = Math.max(i, j);
        int b = Math.min(i, j);
        return Math.sin(0.37 * a + 1.3) * Math.cos(0.11 * b) + a * 1e-3 + b;
    }

    private static final TiledGram.TileFunction ENTRIES = (i0, j0, h, w, tiles, scratch) -> {
        for (int c = 0; c < w; c++) {
            for (int r = 0; r < h; r++) {
                tiles[0][r + c * h] = entry(i0 + r, j0 + c);
            }
        }
    };

    @Test
    void rowMajorSegmentAndColumnMajorArrayAgreeBitForBit() {
        // edges that are not multiples of the tile, a header-like offset, both shapes
        int[][] shapes = {{437, 437}, {250, 437}, {192, 192}, {1, 1}, {385, 7}, {1750, 1750}, {1750, 200}}; // the last two span super-blocks
        for (int[] s : shapes) {
            int m = s[0];
            int n = s[1];
            boolean symmetric = m == n;
            double[] array = new double[m * n];
            TiledGram.fill(m, n, symmetric, 0, ENTRIES, array);
            long offset = 128;
            try (Arena arena = Arena.ofShared()) {
                MemorySegment seg = arena.allocate(offset + 8L * m * n);
                AtomicLong last = new AtomicLong();
                TiledGram.fill(m, n, symmetric, 0, ENTRIES, d -> last.accumulateAndGet(d, Math::max),
                        TileStore.rowMajor(seg, offset, n));
                assertEquals(TiledGram.tileCount(m, n, symmetric), last.get(), "progress reaches the tile count");
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(Double.doubleToRawLongBits(array[i + j * m]),
                                Double.doubleToRawLongBits(seg.get(LE, offset + 8L * ((long) i * n + j))), m + "x" + n + " at " + i + "," + j);
                        assertEquals(entry(i, j), array[i + j * m], 0.0);
                    }
                }
            }
        }
    }

    @Test
    void setAddressesTheSameEntryInBothLayouts() {
        int m = 3;
        int n = 5;
        double[] array = new double[m * n];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment seg = arena.allocate(8L * m * n);
            TileStore.columnMajor(array, m).set(2, 4, 7.5);
            TileStore.rowMajor(seg, 0, n).set(2, 4, 7.5);
            assertEquals(7.5, array[2 + 4 * m]);
            assertEquals(7.5, seg.get(LE, 8L * (2 * n + 4)));
        }
    }
}
