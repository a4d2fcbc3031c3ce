package org.ntklab.linalg;

/**
 * Checks, before a large allocation, that it can succeed: Java arrays hold at most 2³¹ − 1
 * elements, and the heap must have room. Failing early with the size needed beats an
 * {@link OutOfMemoryError} halfway through a long run.
 */
public final class MemoryCheck {

    /** Largest element count of a Java array. */
    public static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private MemoryCheck() {
    }

    /** The heap the JVM may still grow into, in bytes (max heap minus what is in use). */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * The heap a check may promise: {@link #available()} minus a headroom of max(64 MiB, 1/16 of the
     * heap). The headroom is what the checked arrays do not count: each worker's tiles and scratch,
     * the collector's need for a contiguous run of regions for a large array, the output writer's
     * buffers. Without it a 10500² Gram passed its check in a 1 GiB heap and died allocating (issue 21).
     */
    static long promisable() {
        return available() - Math.max(64L << 20, Runtime.getRuntime().maxMemory() / 16);
    }

    /**
     * Throws {@link InsufficientMemoryException} unless {@code count} matrices of rows×cols doubles
     * fit in one array each and together in the heap.
     */
    public static void requireArrays(int count, long rows, long cols, String what) {
        long elements = rows * cols;
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(what + ": negative size " + rows + "×" + cols);
        }
        if (elements > MAX_ARRAY) {
            throw new InsufficientMemoryException(what + " (" + rows + "×" + cols + ", " + human(8.0 * rows * cols * count)
                    + ") would hold more than 2^31 elements in one Java array" + (rows == cols ? " (at most 46340×46340)" : ""));
        }
        requireHeap(8L * elements * count, what, " (" + count + " × " + rows + "×" + cols + " doubles)");
    }

    /**
     * Throws {@link InsufficientMemoryException} unless {@code bytes} more fit in the heap (for
     * storage made of many arrays, each within the array limit).
     */
    public static void requireBytes(long bytes, String what) {
        requireHeap(bytes, what, "");
    }

    /** The heap check of both: {@code detail} follows the size in the message. */
    private static void requireHeap(long bytes, String what, String detail) {
        long free = promisable();
        if (bytes > free) {
            System.gc(); // a full collection may free what the estimate counts as used
            free = promisable();
        }
        if (bytes > free) {
            throw new InsufficientMemoryException(what + " needs " + human(bytes) + detail + " but only " + human(Math.max(free, 0))
                    + " of heap is free (max " + human(Runtime.getRuntime().maxMemory())
                    + "); raise it with NTK_JAVA_OPTS=-Xmx<size> or reduce the size");
        }
    }

    /**
     * Throws {@link InsufficientMemoryException} unless arrays of the given numbers of doubles
     * each fit one Java array and all of them together fit in the heap: the check of a step that
     * allocates several working buffers of different sizes (a copy and a LAPACK workspace, say).
     */
    public static void requireDoubles(String what, long... lengths) {
        long total = 0;
        for (long len : lengths) {
            if (len < 0) {
                throw new IllegalArgumentException(what + ": negative size " + len);
            }
            if (len > MAX_ARRAY) {
                throw new InsufficientMemoryException(what + " (" + human(8.0 * len) + " in one buffer) would hold more than "
                        + "2^31 elements in one Java array");
            }
            total = Math.addExact(total, len);
        }
        requireHeap(Math.multiplyExact(8L, total), what, "");
    }

    /** {@link #requireArrays} for one matrix. */
    public static void requireArray(long rows, long cols, String what) {
        requireArrays(1, rows, cols, what);
    }

    /** A byte count for people: "1.5 GiB". */
    public static String human(long bytes) {
        return human((double) bytes);
    }

    /** {@link #human(long)} for sizes that may not fit a long. */
    static String human(double bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? (long) bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
