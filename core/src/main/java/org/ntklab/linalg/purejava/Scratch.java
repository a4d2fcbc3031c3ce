package org.ntklab.linalg.purejava;

/**
 * A per-thread growable {@code double[]} work buffer, so that the packing buffers of gemm are
 * allocated once per thread instead of once per call.
 *
 * <p>A lease is exclusive: if the same thread asks again before closing its lease (which the
 * kernels never do, but a fork-join worker that helps with another task while waiting could),
 * it gets a private buffer rather than a shared one, so correctness never depends on the call
 * pattern.
 */
final class Scratch {

    private final ThreadLocal<Lease> local = ThreadLocal.withInitial(Lease::new);

    /** A buffer of at least {@code size} doubles, held until {@link Lease#close()}. Contents are undefined. */
    Lease lease(int size) {
        Lease lease = local.get();
        if (lease.busy) {
            lease = new Lease();
        }
        lease.busy = true;
        if (lease.data.length < size) {
            lease.data = new double[size];
        }
        return lease;
    }

    /** An exclusive hold on a thread's buffer. */
    static final class Lease implements AutoCloseable {
        private double[] data = new double[0];
        private boolean busy;

        /** The buffer; valid until {@link #close()}. */
        double[] data() {
            return data;
        }

        @Override
        public void close() {
            busy = false;
        }
    }
}
