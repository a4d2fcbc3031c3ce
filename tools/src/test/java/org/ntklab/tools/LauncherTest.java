package org.ntklab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The {@code ./ntk} launcher refuses to run without a JDK ≥ 25 and says what it needs, and off a
 * terminal drops the JVM's incubator notice (and nothing else) from stderr.
 */
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

    @Test
    void offATerminalTheIncubatorNoticeAloneIsFilteredFromStderr(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path launcher = Path.of("..", "ntk").toAbsolutePath().normalize();
        // a stand-in JDK 25 whose java prints the notice, another warning and a result, and exits 7
        Path jdk = Files.createDirectories(dir.resolve("fake-jdk-25/bin"));
        Files.writeString(dir.resolve("fake-jdk-25/release"), "JAVA_VERSION=\"25.0.1\"\n");
        Path java = Files.writeString(jdk.resolve("java"), "#!/bin/sh\n"
                + "echo 'WARNING: Using incubator modules: jdk.incubator.vector' >&2\n"
                + "echo 'WARNING: something else' >&2\n"
                + "echo result\n"
                + "exit 7\n");
        java.toFile().setExecutable(true);
        Path jar = Files.writeString(dir.resolve("ntk.jar"), "not run");
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "info");
        pb.environment().put("NTK_JDK_DIRS", dir.resolve("fake-jdk-*").toString());
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("NTK_JAR", jar.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(7, p.waitFor(), "the JVM's exit status passes through: " + err);
        assertEquals("result\n", out);
        assertEquals("WARNING: something else\n", err);
    }
}
