package org.ntklab.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

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
}
