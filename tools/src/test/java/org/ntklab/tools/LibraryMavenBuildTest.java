package org.ntklab.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.Matrix;
import org.ntklab.nativeblas.OpenBlasProvider;

/**
 * The documented way to use ntklab from Maven on a machine whose default JDK is 17
 * (docs/library.md): Maven itself runs on JDK 17, and the example project (examples/library-use)
 * builds either through a JDK 25 toolchain declared by {@code ./ntk toolchains} or with
 * {@code JAVA_HOME=$(./ntk java-home)}; without either it stops with the toolchains plugin's message.
 *
 * <p>The example resolves ntklab's artifacts from a private local repository: the jars of this
 * build's core and native (the reactor's, as on this test's class path) and their poms, so nothing
 * needs to have been installed and the user's repository gets no ntklab files. Every other
 * artifact comes from the repository of the build running this test, through symbolic links
 * (offline when the toolchains plugin is already there). Skipped only when mvn or a JDK 17 is absent.
 */
class LibraryMavenBuildTest {

    private static final Path ROOT = Path.of(System.getProperty("ntk.home", "..")).toAbsolutePath().normalize();
    private static final Path EXAMPLE = ROOT.resolve("examples/library-use");
    private static final long TIMEOUT_SECONDS = 300;

    @TempDir
    static Path work;

    private static Path mvn;
    private static Path jdk17;
    private static Path repo;
    private static Path emptyToolchains;
    private static boolean offline;

    @BeforeAll
    static void setUp() throws IOException {
        mvn = onPath("mvn").orElse(null);
        Assumptions.assumeTrue(mvn != null, "no mvn on PATH");
        jdk17 = findJdk17().orElse(null);
        Assumptions.assumeTrue(jdk17 != null, "no JDK 17 installed");
        Path outer = Path.of(System.getProperty("ntk.m2.repo", System.getProperty("user.home") + "/.m2/repository"));
        repo = linkedRepository(outer, work.resolve("repo"));
        emptyToolchains = Files.writeString(work.resolve("no-toolchains.xml"), "<toolchains/>\n");
        String pom = Files.readString(EXAMPLE.resolve("pom.xml"));
        Matcher v = Pattern.compile("<artifactId>maven-toolchains-plugin</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertTrue(v.find(), "the example's pom pins maven-toolchains-plugin");
        offline = Files.isRegularFile(outer.resolve("org/apache/maven/plugins/maven-toolchains-plugin/" + v.group(1)
                + "/maven-toolchains-plugin-" + v.group(1) + ".jar"));
    }

    @Test
    void withoutAJdk25TheBuildStopsAtTheToolchainCheck() throws Exception {
        Path project = copyExample("none");
        Result r = maven(project, jdk17, List.of("-t", emptyToolchains.toString(), "-Dtoolchain.jdk.discover=false", "package"));
        assertNotEquals(0, r.status, r.out);
        assertTrue(r.out.contains("Cannot find matching toolchain definitions for the following toolchain types:{version=[25,)}"), r.out);
        assertTrue(r.out.contains("Define the required toolchains in your ~/.m2/toolchains.xml file."), r.out);
        assertFalse(Files.exists(project.resolve("target/classes")), "nothing compiled");
    }

    @Test
    void mavenOnJdk17BuildsAndRunsTheExampleThroughTheLaunchersToolchain() throws Exception {
        Path jdk25 = launcherJavaHome();
        Result tc = launcher("toolchains");
        assertEquals(0, tc.status, tc.out + tc.err);
        assertTrue(tc.out.contains("<jdkHome>" + jdk25 + "</jdkHome>"), tc.out);
        Path toolchains = Files.writeString(work.resolve("toolchains.xml"), tc.out);
        Path project = copyExample("toolchain");
        Result r = maven(project, jdk17, List.of("-t", toolchains.toString(), "-Dtoolchain.jdk.discover=false",
                "package", "dependency:build-classpath", "-Dmdep.outputFile=target/classpath.txt"));
        assertEquals(0, r.status, r.out);
        // Maven ran on 17: the plugin chose the toolchain rather than the running JDK
        assertTrue(r.out.contains("Selected JDK toolchain: JDK[" + jdk25 + "]"), r.out);
        assertTrue(r.out.contains("Toolchain in maven-compiler-plugin: JDK[" + jdk25 + "]"), r.out);
        String classPath = project.resolve("target/classes") + File.pathSeparator
                + Files.readString(project.resolve("target/classpath.txt")).strip();
        assertTrue(classPath.contains("ntklab-core-") && classPath.contains("ntklab-native-"), classPath);
        Result run = run(project, Map.of(), jdk25.resolve("bin/java").toString(), "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-Dntk.threads=2", "-cp", classPath, "example.LambdaMinExample", "120");
        assertEquals(0, run.status, run.out + run.err);
        Matcher m = Pattern.compile("analytic λ_min ∈ \\[([-0-9.eE+]+), ([-0-9.eE+]+)]").matcher(run.out);
        assertTrue(m.find(), run.out + run.err);
        assertTrue(Double.parseDouble(m.group(1)) > 0 && Double.parseDouble(m.group(1)) <= Double.parseDouble(m.group(2)), run.out);
        assertTrue(run.out.contains("empirical (width 512) λ_min ∈ ["), run.out);
    }

    @Test
    void javaHomeFromTheLauncherBuildsTheExample() throws Exception {
        Path jdk25 = launcherJavaHome();
        Path project = copyExample("java-home");
        Result r = maven(project, jdk25, List.of("-t", emptyToolchains.toString(), "-Dtoolchain.jdk.discover=false", "compile"));
        assertEquals(0, r.status, r.out);
        assertTrue(r.out.contains("Not using an external toolchain as the current JDK"), r.out);
        assertTrue(Files.isRegularFile(project.resolve("target/classes/example/LambdaMinExample.class")));
    }

    /** {@code ./ntk java-home} as on a machine whose JAVA_HOME and java are JDK 17: a JDK ≥ 25, and nothing built. */
    private static Path launcherJavaHome() throws IOException, InterruptedException {
        Result r = launcher("java-home");
        assertEquals(0, r.status, r.out + r.err);
        assertEquals("", r.err, "java-home prints nothing else (and builds nothing)");
        assertEquals(1, r.out.lines().count(), r.out);
        Path home = Path.of(r.out.strip());
        assertTrue(featureVersion(home) >= 25, home + " is a JDK 25 or newer");
        return home;
    }

    private static Result launcher(String command) throws IOException, InterruptedException {
        // The folder holding this test's JDK is scanned (the usual folders, e.g. /usr/lib/jvm, wherever it is installed)
        Path jvms = Path.of(System.getProperty("java.home")).toAbsolutePath().getParent();
        return run(ROOT, Map.of("JAVA_HOME", jdk17.toString(), "PATH", jdk17.resolve("bin") + ":/usr/bin:/bin",
                "NTK_JDK_DIRS", jvms + "/*"), "bash", ROOT.resolve("ntk").toString(), command);
    }

    /** mvn in {@code project} on the JDK at {@code javaHome} (which is also first on PATH). */
    private static Result maven(Path project, Path javaHome, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(mvn.toString(), "-B", "-ntp", "-Dstyle.color=never",
                "-Dmaven.repo.local=" + repo, "-gt", emptyToolchains.toString()));
        if (offline) {
            cmd.add("-o");
        }
        cmd.addAll(args);
        return run(project, Map.of("JAVA_HOME", javaHome.toString(),
                "PATH", javaHome.resolve("bin") + File.pathSeparator + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                // ./ntk's MAVEN_OPTS (--sun-misc-unsafe-memory-access) would stop a JDK 17
                "MAVEN_OPTS", ""), cmd.toArray(String[]::new));
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(Path dir, Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().remove("MAVEN_ARGS");
        pb.environment().putAll(env);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not finish in " + TIMEOUT_SECONDS + " s:\n" + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Path copyExample(String name) throws IOException {
        Path dest = work.resolve("example-" + name);
        try (Stream<Path> files = Stream.concat(Stream.of(EXAMPLE.resolve("pom.xml")), Files.walk(EXAMPLE.resolve("src")))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path to = dest.resolve(EXAMPLE.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to);
                }
            }
        }
        return dest;
    }

    /**
     * A local repository whose every group links to {@code outer}'s, except org.ntklab: that holds
     * this build's parent, core and native, written as if installed.
     */
    private static Path linkedRepository(Path outer, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("org"));
        if (Files.isDirectory(outer)) {
            linkChildren(outer, dir, "org");
            if (Files.isDirectory(outer.resolve("org"))) {
                linkChildren(outer.resolve("org"), dir.resolve("org"), "ntklab");
            }
        }
        String version = version(ROOT.resolve("pom.xml"));
        install(dir, "ntklab-parent", version, ROOT.resolve("pom.xml"), null);
        install(dir, "ntklab-core", version, ROOT.resolve("core/pom.xml"), location(Matrix.class));
        install(dir, "ntklab-native", version, ROOT.resolve("native/pom.xml"), location(OpenBlasProvider.class));
        return dir;
    }

    private static void linkChildren(Path from, Path to, String except) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(from)) {
            for (Path c : children) {
                if (!c.getFileName().toString().equals(except)) {
                    Files.createSymbolicLink(to.resolve(c.getFileName().toString()), c.toAbsolutePath());
                }
            }
        }
    }

    private static void install(Path repo, String artifact, String version, Path pom, Path classes) throws IOException {
        Path dir = Files.createDirectories(repo.resolve("org/ntklab/" + artifact + "/" + version));
        Files.copy(pom, dir.resolve(artifact + "-" + version + ".pom"));
        if (classes == null) {
            return;
        }
        Path jar = dir.resolve(artifact + "-" + version + ".jar");
        if (Files.isRegularFile(classes)) {
            Files.copy(classes, jar);   // the reactor's jar (mvn verify) or the installed one (mvn -pl tools)
            return;
        }
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o);
                Stream<Path> files = Files.walk(classes)) {   // a classes folder (mvn test on the reactor)
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
                Files.copy(f, j);
                j.closeEntry();
            }
        }
    }

    private static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String version(Path parentPom) throws IOException {
        Matcher m = Pattern.compile("<artifactId>ntklab-parent</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(parentPom));
        assertTrue(m.find(), parentPom.toString());
        return m.group(1);
    }

    private static Optional<Path> onPath(String name) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).filter(s -> !s.isEmpty())
                .map(s -> Path.of(s, name)).filter(Files::isExecutable).findFirst();
    }

    private static Optional<Path> findJdk17() throws IOException {
        String given = System.getProperty("ntk.test.jdk17", System.getenv("NTK_TEST_JDK17"));
        if (given != null && !given.isEmpty()) {
            return Optional.of(Path.of(given));
        }
        for (String parent : List.of("/usr/lib/jvm", "/usr/java", "/usr/local/java", "/opt/java", "/opt")) {
            if (!Files.isDirectory(Path.of(parent))) {
                continue;
            }
            try (Stream<Path> s = Files.list(Path.of(parent))) {
                Optional<Path> found = s.filter(p -> !Files.isSymbolicLink(p)).sorted()
                        .filter(p -> Files.isExecutable(p.resolve("bin/java")) && featureVersion(p) == 17).findFirst();
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** The feature version in a JDK's release file, or 0. */
    private static int featureVersion(Path home) {
        try {
            Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
