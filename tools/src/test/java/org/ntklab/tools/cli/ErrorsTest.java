package org.ntklab.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.ntklab.linalg.InsufficientMemoryException;
import org.ntklab.tools.UserError;

/** The mapping from failures to exit statuses and one-line messages, wrapped as pool tasks and I/O layers wrap them. */
class ErrorsTest {

    private record Reported(int status, String text) {
    }

    private static Reported report(Throwable t) {
        StringWriter s = new StringWriter();
        int status = Errors.report(t, new PrintWriter(s, true));
        String text = s.toString().strip();
        assertEquals(1, text.lines().count(), "one line: " + text);
        assertTrue(text.startsWith("ntk: "), text);
        return new Reported(status, text);
    }

    @Test
    void resourceLimitsAreStatusThreeWhereverTheyAreInTheCauseChain() {
        Reported oom = report(new CompletionException(new RuntimeException(new OutOfMemoryError("Java heap space"))));
        assertEquals(3, oom.status());
        assertTrue(oom.text().contains("out of memory") && oom.text().contains("NTK_JAVA_OPTS=-Xmx"), oom.text());
        Reported check = report(new RuntimeException(new InsufficientMemoryException("the 9×9 thing needs 1 TiB\nreally")));
        assertEquals(new Reported(3, "ntk: the 9×9 thing needs 1 TiB; really"), check);
        Reported disk = report(new UncheckedIOException(new IOException("/out/K.npy: No space left on device")));
        assertEquals(3, disk.status());
        assertTrue(disk.text().contains("disk is full") && disk.text().contains("/out/K.npy"), disk.text());
    }

    @Test
    void userErrorsAreStatusTwoAndBugsStatusOne() {
        assertEquals(new Reported(2, "ntk: width must be positive"), report(new UserError("width must be positive")));
        assertEquals(new Reported(2, "ntk: bad size; see the spec"), report(new IllegalArgumentException("bad size\n  see the spec")));
        assertEquals(new Reported(2, "ntk: no such file: x.npy"), report(new java.nio.file.NoSuchFileException("x.npy")));
        Reported bug = report(new IllegalStateException("dpotrs failed\n(info 3)"));
        assertEquals(1, bug.status());
        assertTrue(bug.text().startsWith("ntk: internal error: java.lang.IllegalStateException: dpotrs failed; (info 3)"), bug.text());
    }

    @Test
    void anIoErrorThatIsNotAFullDiskIsNotAResourceLimit() {
        assertEquals(1, report(new UncheckedIOException(new IOException("Input/output error"))).status());
    }
}
