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
        for (int run = 0; run < 5; run++) {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            Thread.sleep(20);
            // Java's Process stops reading a pipe once the process has exited: the launcher must not exit
            // before the filter has passed on every line (with exec, 66 of 100 runs lost them)
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(7, status, "the JVM's exit status passes through: " + err);
            assertEquals("result\n", out);
            assertEquals("WARNING: something else\n", err, "run " + run);
        }
    }

    @Test
    void offATerminalASignalToTheLauncherReachesTheJvm(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path launcher = Path.of("..", "ntk").toAbsolutePath().normalize();
        Path jdk = Files.createDirectories(dir.resolve("fake-jdk-25/bin"));
        Files.writeString(dir.resolve("fake-jdk-25/release"), "JAVA_VERSION=\"25.0.1\"\n");
        Path hook = dir.resolve("hook");
        // a stand-in JVM whose "shutdown hook" records the SIGTERM it got
        Path fakeJava = Files.writeString(jdk.resolve("java"), "#!/bin/bash\n"
                + "trap 'echo ran > \"" + hook + "\"; exit 143' TERM\n"
                + "echo started\n"
                + "for i in $(seq 1 300); do sleep 0.1; done\n");
        fakeJava.toFile().setExecutable(true);
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "info");
        pb.environment().put("NTK_JDK_DIRS", dir.resolve("fake-jdk-*").toString());
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("NTK_JAR", Files.writeString(dir.resolve("ntk.jar"), "not run").toString());
        Process p = pb.start();
        assertEquals("started", new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine());
        p.destroy(); // SIGTERM to the launcher
        assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "the launcher ends");
        assertEquals(143, p.exitValue());
        assertEquals("ran\n", Files.readString(hook), "the JVM got the signal and ran its hooks");
    }
}
