package org.ntklab.net;

/**
 * Reusable N × m work arrays for repeated passes of one network over the same points, as in
 * training: at N = 4096 and width 1024 each array is 32 MB, and allocating a dozen fresh ones per
 * step costs the JVM a zeroing pass and a humongous allocation each. A {@link Pass} made with
 * buffers stays valid only until the next pass that uses the same buffers; one instance serves
 * one thread at a time.
 */
public final class PassBuffers {

    private double[][] slots = new double[0][];

    /** Empty buffers; arrays are created on first use and kept while their length fits. */
    public PassBuffers() {
    }

    /** The array in {@code slot} with exactly {@code length} entries (contents unspecified). */
    double[] array(int slot, int length) {
        if (slot >= slots.length) {
            slots = java.util.Arrays.copyOf(slots, slot + 1);
        }
        double[] a = slots[slot];
        if (a == null || a.length != length) {
            a = new double[length];
            slots[slot] = a;
        }
        return a;
    }

    /** A fresh array when {@code buffers} is null, else the reusable one in {@code slot}. */
    static double[] of(PassBuffers buffers, int slot, int length) {
        return buffers == null ? new double[length] : buffers.array(slot, length);
    }
}
