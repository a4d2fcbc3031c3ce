package org.ntklab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's layout rules (issue 23), checked on the compiled classes and the source tree:
 * no package imports a package that imports it back (jdeps on the class files of core, native and
 * tools, so fully qualified uses count as much as imports), and no source folder holds more than
 * 15 files beyond the folders still waiting for their split, which may not grow.
 */
class LayeringTest {

    private static final Path ROOT = Path.of(System.getProperty("ntk.home", "..")).toAbsolutePath().normalize();

    /** Folders above 15 files when the rule was set, and their size then: they may shrink, not grow. */
    private static final Map<String, Integer> WAITING = Map.of(
            "tools/src/main/java/org/ntklab/tools/experiment", 34,
            "core/src/main/java/org/ntklab/eigen", 31,
            "tools/src/test/java/org/ntklab/tools/experiment", 23,
            "tools/src/main/java/org/ntklab/tools/cli", 23,
            "core/src/main/java/org/ntklab/train", 22,
            "core/src/main/java/org/ntklab/kernel", 21);

    /** Package → the project packages its classes use, from {@code jdeps -verbose:package}. */
    static Map<String, Set<String>> packageGraph(List<Path> classDirs) {
        Optional<ToolProvider> jdeps = ToolProvider.findFirst("jdeps");
        assumeTrue(jdeps.isPresent(), "this JDK has no jdeps");
        Map<String, Set<String>> g = new TreeMap<>();
        Pattern edge = Pattern.compile("^\\s+(org\\.ntklab[\\w.]*)\\s+->\\s+(org\\.ntklab[\\w.]*)\\s");
        for (Path dir : classDirs) {
            StringWriter out = new StringWriter();
            int status = jdeps.get().run(new PrintWriter(out), new PrintWriter(new StringWriter()), "-verbose:package", "-filter:none",
                    "--ignore-missing-deps", dir.toString());
            assertEquals(0, status, "jdeps on " + dir);
            for (String line : out.toString().lines().toList()) {
                Matcher m = edge.matcher(line + " ");
                if (m.find() && !m.group(1).equals(m.group(2))) {
                    g.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
                }
            }
        }
        return g;
    }

    /** The strongly connected components with more than one package (Tarjan). */
    static List<Set<String>> cycles(Map<String, Set<String>> g) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> found = new ArrayList<>();
        Set<String> nodes = new TreeSet<>(g.keySet());
        g.values().forEach(nodes::addAll);
        for (String v : nodes) {
            if (!index.containsKey(v)) {
                connect(v, g, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String v, Map<String, Set<String>> g, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, Set<String> onStack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : g.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, g, index, low, stack, onStack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }

    @Test
    void noPackageImportsAPackageThatImportsItBack() {
        List<Path> dirs = Stream.of("core", "native", "tools").map(m -> ROOT.resolve(m).resolve("target/classes"))
                .filter(Files::isDirectory).toList();
        assumeTrue(dirs.size() == 3, "the modules are not all compiled under " + ROOT);
        Map<String, Set<String>> g = packageGraph(dirs);
        Set<String> packages = new TreeSet<>(g.keySet());
        g.values().forEach(packages::addAll);
        assertTrue(packages.size() >= 20 && packages.contains("org.ntklab.runtime"), "jdeps found the packages: " + packages);
        assertEquals(List.of(), cycles(g), "package cycles");
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> g = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a", "d"), "d", Set.of());
        assertEquals(List.of(Set.of("a", "b", "c")), cycles(g));
    }

    @Test
    void noSourceFolderHoldsMoreThanFifteenFiles() throws IOException {
        List<String> over = new ArrayList<>();
        for (String module : List.of("core", "native", "tools", "bench")) {
            for (String set : List.of("src/main/java", "src/test/java")) {
                Path base = ROOT.resolve(module).resolve(set);
                if (!Files.isDirectory(base)) {
                    continue;
                }
                try (Stream<Path> folders = Files.walk(base)) {
                    for (Path folder : folders.filter(Files::isDirectory).toList()) {
                        long files;
                        try (Stream<Path> in = Files.list(folder)) {
                            files = in.filter(Files::isRegularFile).count();
                        }
                        String name = ROOT.relativize(folder).toString().replace('\\', '/');
                        int allowed = WAITING.getOrDefault(name, 15);
                        if (files > allowed) {
                            over.add(name + ": " + files + " files (at most " + allowed + ")");
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), over);
    }
}
