package org.ntklab.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.DocumentationTool;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public class, method, field and constructor of core carries a Javadoc comment, and every
 * {@code {@link}} resolves: the JDK's javadoc with doclint "missing" and "reference" over core's
 * sources, failing on "no comment" and unresolved references (missing @param/@return tags are
 * allowed: the descriptions say what the arguments are).
 */
class PublicApiDocumentedTest {

    @TempDir
    Path out;

    @Test
    void everyPublicElementHasAComment() throws Exception {
        Path src = Stream.of(Path.of("src/main/java"), Path.of("../core/src/main/java"))
                .filter(p -> Files.isDirectory(p.resolve("org/ntklab/kernel"))).findFirst().orElse(null);
        assumeTrue(src != null, "core's sources are not beside this test run");
        DocumentationTool tool = ToolProvider.getSystemDocumentationTool();
        StringWriter log = new StringWriter();
        List<String> args = new ArrayList<>(List.of("-quiet", "-Xmaxwarns", "100000", "-Xdoclint:missing,reference",
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), "-d", out.toString(),
                "-sourcepath", src.toString(), "-subpackages", "org.ntklab"));
        var task = tool.getTask(log, null, null, null, args, null);
        assertTrue(task.call(), "javadoc failed:\n" + log);
        List<String> problems = log.toString().lines()
                .filter(l -> l.contains("no comment") || l.contains("not found") || l.contains("default constructor")).toList();
        assertEquals(List.of(), problems, "undocumented public API or broken references");
    }
}
