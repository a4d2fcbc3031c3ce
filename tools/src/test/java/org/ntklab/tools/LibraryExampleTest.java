package org.ntklab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of using core as a library (examples/library-use) keeps compiling against the
 * current core, runs, and names core's real Maven coordinates.
 */
class LibraryExampleTest {

    private static final Path EXAMPLE = Path.of(System.getProperty("ntk.home", "..")).resolve("examples/library-use");

    @TempDir
    Path classes;

    @Test
    void exampleCompilesRunsAndPointsAtCore() throws Exception {
        Path source = EXAMPLE.resolve("src/main/java/example/LambdaMinExample.java");
        assertTrue(Files.exists(source), source + " exists");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter log = new StringWriter();
        boolean ok = javac.getTask(log, null, null, List.of("--release", "25", "--add-modules", "jdk.incubator.vector", "-Xlint:-incubating",
                "-cp", System.getProperty("java.class.path"), "-d", classes.toString()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source.toFile())).call();
        assertTrue(ok, "the example does not compile against core:\n" + log);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("example.LambdaMinExample").getMethod("main", String[].class).invoke(null, (Object) new String[] {"120"});
        } finally {
            System.setOut(old);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("analytic λ_min ∈ \\[([-0-9.eE+]+), ([-0-9.eE+]+)]").matcher(printed);
        assertTrue(m.find(), printed);
        assertTrue(Double.parseDouble(m.group(1)) > 0 && Double.parseDouble(m.group(1)) <= Double.parseDouble(m.group(2)), printed);
        assertTrue(printed.contains("empirical (width 512)"), printed);
        String pom = Files.readString(EXAMPLE.resolve("pom.xml"));
        String corePom = Files.readString(EXAMPLE.resolve("../../core/pom.xml"));
        Matcher version = Pattern.compile("<artifactId>ntklab-parent</artifactId><version>([^<]+)</version>").matcher(corePom);
        assertTrue(version.find());
        assertTrue(pom.contains("<artifactId>ntklab-core</artifactId>\n      <version>" + version.group(1) + "</version>"),
                "the example's pom names ntklab-core " + version.group(1));
        assertEquals(1, pom.split("<groupId>org.ntklab</groupId>\n      <artifactId>ntklab-core</artifactId>", -1).length - 1);
    }
}
