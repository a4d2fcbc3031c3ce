package org.ntklab.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryCheckTest {

    @Test
    void squareBeyondOneArrayNamesTheLargestSquare() {
        var e = assertThrows(InsufficientMemoryException.class, () -> MemoryCheck.requireArrays(1, 46341, 46341, "the Gram"));
        assertTrue(e.getMessage().contains("at most 46340×46340"), e.getMessage());
        MemoryCheck.requireArrays(0, 46340, 46340, "the Gram"); // fits one array; zero copies need no heap
    }

    @Test
    void rectangleBeyondOneArrayDoesNotClaimASquareLimit() {
        var e = assertThrows(InsufficientMemoryException.class, () -> MemoryCheck.requireArrays(1, 100_000, 30_000, "the Jacobian"));
        assertTrue(e.getMessage().startsWith("the Jacobian (100000×30000"), e.getMessage());
        assertFalse(e.getMessage().contains("46340"), e.getMessage());
    }

    @Test
    void heapBeyondMaxIsRefusedWithTheRemedy() {
        long bytes = Runtime.getRuntime().maxMemory() + 1;
        var e = assertThrows(InsufficientMemoryException.class, () -> MemoryCheck.requireBytes(bytes, "X"));
        assertTrue(e.getMessage().contains("NTK_JAVA_OPTS=-Xmx"), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'));
    }
}
