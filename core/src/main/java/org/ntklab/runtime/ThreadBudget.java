package org.ntklab.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * The one thread budget of the process.
 *
 * <p><b>The rule.</b> The budget is a number T of worker threads: the {@code --threads} flag of the
 * command line, else the system property {@value #PROPERTY}, else the number of available
 * processors. All parallel work of the project runs in one {@link ForkJoinPool} of T workers
 * ({@link #pool()}); nothing else starts compute threads. BLAS gets the whole budget only when it
 * is called from outside that pool; while any parallel region is running, native BLAS is switched
 * to one thread and the pure-Java BLAS runs sequentially inside pool tasks, so the process never
 * runs more than T compute threads and BLAS never nests its own threads inside ours.
 *
 * <p>Work is split into blocks whose boundaries do not depend on T, so results do not depend on
 * the thread count.
 *
 * <p>The budget knows nothing of what runs in it: the one piece of per-thread state a task must
 * carry from the thread that started it (the linear-algebra backend pin) is given to it through
 * {@link #registerTaskContext}, so the runtime depends on no other package of the project.
 */
public final class ThreadBudget {

    /** System property that sets the budget when no flag does. */
    public static final String PROPERTY = "ntk.threads";

    private static int threads = initialThreads();
    private static volatile ForkJoinPool pool;
    private static IntConsumer blasThreads = n -> { };
    private static int openRegions;
    private static volatile TaskContext context = TaskContext.NONE;

    /**
     * Per-thread state a parallel task inherits from the thread that submitted it: captured on the
     * submitting thread, re-established around the task's work on the worker.
     */
    public interface TaskContext {
        /** No state to carry. */
        TaskContext NONE = new TaskContext() {
            @Override
            public Object capture() {
                return null;
            }

            @Override
            public <T> T within(Object captured, java.util.function.Supplier<T> work) {
                return work.get();
            }
        };

        /** The current thread's state (may be null). */
        Object capture();

        /** Runs {@code work} with {@code captured} established on the current thread, then restores its own. */
        <T> T within(Object captured, java.util.function.Supplier<T> work);
    }

    private ThreadBudget() {
    }

    private static int initialThreads() {
        String value = System.getProperty(PROPERTY, "").trim();
        if (value.isEmpty()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            return validate(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be a positive integer, got '" + value + "'");
        }
    }

    private static int validate(int t) {
        if (t < 1 || t > 4096) {
            throw new IllegalArgumentException("thread count must be between 1 and 4096, got " + t);
        }
        return t;
    }

    /** The number of worker threads the process may use. */
    public static synchronized int threads() {
        return threads;
    }

    /** Sets the budget (e.g. from {@code --threads}); replaces the pool and re-sizes native BLAS. */
    public static synchronized void setThreads(int t) {
        validate(t);
        if (t == threads) {
            return;
        }
        if (openRegions > 0) {
            throw new IllegalStateException("cannot change the thread budget while parallel work is running");
        }
        threads = t;
        if (pool != null) {
            pool.shutdown();
            pool = null;
        }
        blasThreads.accept(t);
    }

    /**
     * Registers the native library's thread setter (called by the backend that binds it). It is
     * immediately given the whole budget.
     */
    public static synchronized void registerBlasThreadControl(IntConsumer setter) {
        blasThreads = setter;
        setter.accept(openRegions > 0 ? 1 : threads);
    }

    /** Sets the per-thread state every parallel task inherits (one registration per process: the backend's pin). */
    public static void registerTaskContext(TaskContext c) {
        context = java.util.Objects.requireNonNull(c, "context");
    }

    /** The pool every parallel task runs in. */
    public static synchronized ForkJoinPool pool() {
        if (pool == null) {
            java.util.concurrent.atomic.AtomicInteger serial = new java.util.concurrent.atomic.AtomicInteger();
            pool = new ForkJoinPool(threads, p -> {
                ForkJoinWorkerThread w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                w.setName("ntk-worker-" + serial.getAndIncrement());
                return w;
            }, null, false);
        }
        return pool;
    }

    /** True on a worker thread of the budget's pool: BLAS called here must run single-threaded. */
    public static boolean inParallelTask() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool;
    }

    /** How many threads a BLAS call made from the current thread may use. */
    public static int blasThreadsHere() {
        return inParallelTask() ? 1 : threads();
    }

    /**
     * Runs {@code work} as a parallel region in the pool (or inline when already inside one or when
     * the budget is one thread), with native BLAS single-threaded for its duration.
     */
    public static <T> T invoke(Callable<T> work) {
        if (inParallelTask() || threads() == 1) {
            return call(work);
        }
        enterRegion();
        TaskContext ctx = context;
        Object pin = ctx.capture();
        try {
            return pool().submit(() -> ctx.within(pin, () -> call(work))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } finally {
            leaveRegion();
        }
    }

    /** A body over a half-open index range. */
    @FunctionalInterface
    public interface RangeBody {
        /** Processes indices {@code from} (inclusive) to {@code to} (exclusive). */
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over [from, to) split into blocks of {@code grain} indices (the last may be
     * shorter), in parallel under the budget. Block boundaries depend only on {@code grain}.
     */
    public static void parallelFor(int from, int to, int grain, RangeBody body) {
        if (grain < 1) {
            throw new IllegalArgumentException("grain must be positive");
        }
        int blocks = (int) (((long) to - from + grain - 1) / grain);
        if (blocks <= 0) {
            return;
        }
        if (blocks == 1 || threads() == 1) {
            for (int b = 0; b < blocks; b++) {
                int lo = from + b * grain;
                body.run(lo, Math.min(to, lo + grain));
            }
            return;
        }
        RecursiveAction root = new Blocks(from, to, grain, 0, blocks, body, context, context.capture());
        if (inParallelTask()) {
            try {
                root.invoke();
            } catch (RuntimeException | Error e) {
                throw rethrow(e);
            }
        } else {
            invoke(() -> {
                root.invoke();
                return null;
            });
        }
    }

    private static final class Blocks extends RecursiveAction {
        private final int from, to, grain, lo, hi;
        private final RangeBody body;
        private final TaskContext ctx;
        /** The caller's state (its backend pin): a block stolen by another worker computes on the same engine. */
        private final Object pin;

        Blocks(int from, int to, int grain, int lo, int hi, RangeBody body, TaskContext ctx, Object pin) {
            this.from = from;
            this.to = to;
            this.grain = grain;
            this.lo = lo;
            this.hi = hi;
            this.body = body;
            this.ctx = ctx;
            this.pin = pin;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                int start = from + lo * grain;
                ctx.within(pin, () -> {
                    body.run(start, Math.min(to, start + grain));
                    return null;
                });
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Blocks(from, to, grain, lo, mid, body, ctx, pin), new Blocks(from, to, grain, mid, hi, body, ctx, pin));
        }
    }

    /**
     * Runs {@code work} with native BLAS single-threaded, from the calling thread: for a step whose
     * native code would split its work by the thread count and so round differently on each.
     */
    public static int withSerialBlas(java.util.function.IntSupplier work) {
        if (inParallelTask()) {
            return work.getAsInt(); // BLAS is single-threaded here already
        }
        enterRegion();
        try {
            return work.getAsInt();
        } finally {
            leaveRegion();
        }
    }

    private static synchronized void enterRegion() {
        if (openRegions++ == 0) {
            blasThreads.accept(1);
        }
    }

    private static synchronized void leaveRegion() {
        if (--openRegions == 0) {
            blasThreads.accept(threads);
        }
    }

    /**
     * The exception a task threw, as the caller should see it. Fork-join re-creates a task's
     * exception in the joining thread as a new instance of the same class whose message is the
     * original's {@code toString()}; peel those copies off so user-facing messages stay clean.
     */
    private static RuntimeException rethrow(Throwable t) {
        while (t.getCause() != null && t.getCause().getClass() == t.getClass()
                && String.valueOf(t.getMessage()).equals(t.getCause().toString())) {
            t = t.getCause();
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(t);
    }

    private static <T> T call(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
