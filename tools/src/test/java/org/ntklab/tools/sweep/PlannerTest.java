package org.ntklab.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ntklab.tools.UserError;

/** The planner runs together only what fits the heap, gives big tasks all threads, and refuses what cannot fit at all. */
class PlannerTest {

    /** Tasks whose memory and work are their parameters. */
    static final class Sized implements TaskType<Sized.Params> {
        record Params(Long bytes, Double work) {
        }

        @Override
        public String name() {
            return "test-sized";
        }

        @Override
        public Class<Params> paramsType() {
            return Params.class;
        }

        @Override
        public Params resolve(Params p) {
            return p;
        }

        @Override
        public long peakBytes(Params p) {
            return p.bytes();
        }

        @Override
        public double work(Params p) {
            return p.work();
        }

        @Override
        public Outcome run(Params p) {
            return new Outcome(Map.of(), Map.of());
        }

        @Override
        public List<String> resultColumns() {
            return List.of();
        }
    }

    private static List<SweepTask> tasks(long[] bytes, double[] work) {
        List<SweepTask> t = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            t.add(new SweepTask(i, "t" + i, new Sized.Params(bytes[i], work[i]), Map.of("i", i)));
        }
        return t;
    }

    @Test
    void concurrentTasksAlwaysFitTogether() {
        Sized type = new Sized();
        long[] bytes = {51, 40, 40, 30, 30, 30, 20, 10, 10, 10, 49, 45};
        double[] work = new double[bytes.length];
        java.util.Arrays.fill(work, 1.0);
        long budget = 100;
        int threads = 2;
        Planner p = Planner.plan(type, tasks(bytes, work), threads, budget);
        assertEquals(List.of("t0"), p.alone().stream().map(SweepTask::id).toList(), "only the 51 cannot run twice in 100");
        Set<String> seen = new HashSet<>();
        p.concurrent().forEach(t -> assertTrue(seen.add(t.id()), "planned twice: " + t));
        assertEquals(bytes.length - 1, seen.size(), "every other task runs concurrently");
        // any two concurrent tasks may run at once: the two largest must fit
        long largest = Planner.concurrentPeak(type, p.concurrent(), threads);
        assertTrue(largest <= budget, "concurrent tasks need " + largest);
        assertEquals(49 + 45, largest);
    }

    @Test
    void bigTasksRunAloneAndImpossibleOnesAreRefused() {
        Sized type = new Sized();
        // task 0 cannot run twice at once (70 > 100/2); task 1 carries most of the work
        Planner p = Planner.plan(type, tasks(new long[] {70, 10, 10, 10, 10}, new double[] {1, 100, 1, 1, 1}), 2, 100);
        assertEquals(Set.of("t0", "t1"), Set.copyOf(p.alone().stream().map(SweepTask::id).toList()));
        assertEquals(List.of("t2", "t3", "t4"), p.concurrent().stream().map(SweepTask::id).toList());
        // with one thread everything runs in sequence: nothing needs to be alone
        assertTrue(Planner.plan(type, tasks(new long[] {70, 10}, new double[] {1, 100}), 1, 100).alone().isEmpty());
        UserError e = assertThrows(UserError.class,
                () -> Planner.plan(type, tasks(new long[] {10, 300 << 20}, new double[] {1, 1}), 2, 200L << 20));
        assertTrue(e.getMessage().contains("task 1") && e.getMessage().contains("needs about 300.0 MiB"), e.getMessage());
    }
}
