package org.ntklab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The {@code ./ntk} launcher refuses to run without a JDK ≥ 25 and says what it needs. */
class LauncherTest {

    @Test
    void noSuitableJdkIsAClearError() throws IOException, InterruptedException {
        Path launcher = Path.of("..", "ntk").toAbsolutePath().normalize();
        assertTrue(Files.isExecutable(launcher), launcher.toString());
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "info").redirectErrorStream(true);
        pb.environment().put("NTK_JDK_DIRS", "/nonexistent/jdk*");
        pb.environment().put("JAVA_HOME", "/nonexistent");
        // PATH keeps the system tools; its java, if any, is the distribution default (17 here), too old.
        pb.environment().put("PATH", "/usr/bin:/bin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int status = p.waitFor();
        assertEquals(1, status, out);
        assertTrue(out.contains("needs a JDK 25 or newer"), out);
        assertEquals(1, out.strip().lines().count(), out);
    }
}
