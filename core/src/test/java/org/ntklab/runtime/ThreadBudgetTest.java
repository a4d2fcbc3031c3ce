package org.ntklab.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ThreadBudgetTest {

    @Test
    void parallelForVisitsEveryIndexOnceWithFixedBlocks() {
        int before = ThreadBudget.threads();
        try {
            for (int t : new int[] {1, 2, 3}) {
                ThreadBudget.setThreads(t);
                AtomicIntegerArray hits = new AtomicIntegerArray(1003);
                int[] blockStarts = new int[1003];
                ThreadBudget.parallelFor(0, 1003, 100, (lo, hi) -> {
                    blockStarts[lo] = hi - lo;
                    for (int i = lo; i < hi; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < 1003; i++) {
                    assertEquals(1, hits.get(i), "index " + i);
                    assertEquals(i % 100 == 0 ? (i == 1000 ? 3 : 100) : 0, blockStarts[i], "block at " + i);
                }
            }
        } finally {
            ThreadBudget.setThreads(before);
        }
    }

    @Test
    void tasksKnowTheyAreInsideTheBudgetPool() {
        int before = ThreadBudget.threads();
        try {
            ThreadBudget.setThreads(2);
            assertFalse(ThreadBudget.inParallelTask());
            assertEquals(2, ThreadBudget.blasThreadsHere());
            boolean[] inside = new boolean[4];
            int[] blasThreads = new int[4];
            ThreadBudget.parallelFor(0, 4, 1, (lo, hi) -> {
                inside[lo] = ThreadBudget.inParallelTask();
                blasThreads[lo] = ThreadBudget.blasThreadsHere();
            });
            assertArrayEquals(new boolean[] {true, true, true, true}, inside);
            assertArrayEquals(new int[] {1, 1, 1, 1}, blasThreads);
            assertTrue(ThreadBudget.invoke(ThreadBudget::inParallelTask));
        } finally {
            ThreadBudget.setThreads(before);
        }
    }

    @Test
    void exceptionsInTasksReachTheCaller() {
        int before = ThreadBudget.threads();
        try {
            ThreadBudget.setThreads(2);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ThreadBudget.parallelFor(0, 10, 1, (lo, hi) -> {
                        if (lo == 7) {
                            throw new IllegalArgumentException("bad block 7");
                        }
                    }));
            assertEquals("bad block 7", e.getMessage());
        } finally {
            ThreadBudget.setThreads(before);
        }
    }

    @Test
    void invalidBudgetsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ThreadBudget.setThreads(0));
        assertThrows(IllegalArgumentException.class, () -> ThreadBudget.setThreads(-3));
        assertThrows(IllegalArgumentException.class, () -> ThreadBudget.parallelFor(0, 5, 0, (a, b) -> { }));
    }
}
