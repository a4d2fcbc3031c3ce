package org.ntklab.linalg.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.ntklab.runtime.ThreadBudget;
import org.ntklab.linalg.Backend;
import org.ntklab.linalg.BackendInfo;

class BackendsTest {

    @Test
    void javaBackendIsAlwaysAvailable() {
        Backend b = Backends.javaBackend();
        assertEquals("java", b.info().kind());
        assertTrue(b.blas().name().startsWith("pure Java"), b.blas().name());
    }

    @Test
    void currentBackendIsDescribed() {
        BackendInfo info = Backends.current().info();
        assertTrue(info.kind().equals("java") || info.kind().equals("native"), info.kind());
        if (info.isNative()) {
            assertNotNull(info.library());
        } else {
            assertNotNull(info.note(), "a pure-Java backend says why it was chosen");
        }
    }

    @Test
    void unknownChoiceIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.select("mkl"));
        assertTrue(e.getMessage().contains("auto, native or java"), e.getMessage());
        assertEquals("java", Backends.select("java").info().kind());
    }

    @Test
    void javaEnginePinReachesEveryForkedBlockAndEndsWithTheRegion() {
        Backend process = Backends.current();
        Backend javaEngine = Backends.javaBackend();
        int threads = ThreadBudget.threads();
        ThreadBudget.setThreads(2);
        try {
            Set<Backend> seen = ConcurrentHashMap.newKeySet();
            Set<Thread> workers = ConcurrentHashMap.newKeySet();
            Backends.onJavaEngine(() -> {
                ThreadBudget.parallelFor(0, 64, 1, (a, b) -> {
                    seen.add(Backends.current());
                    workers.add(Thread.currentThread());
                    LockSupport.parkNanos(1_000_000); // long enough for the other worker to steal
                });
                return null;
            });
            assertEquals(Set.of(javaEngine), seen, "every block computed on the Java engine");
            assertTrue(workers.size() > 1, "blocks ran on several workers: " + workers);
            assertTrue(process == Backends.current(), "the pin ends with the region");
            // a region started outside the pin sees the process's backend on its workers
            seen.clear();
            ThreadBudget.parallelFor(0, 64, 1, (a, b) -> seen.add(Backends.current()));
            assertEquals(Set.of(process), seen);
        } finally {
            ThreadBudget.setThreads(threads);
        }
    }
}
