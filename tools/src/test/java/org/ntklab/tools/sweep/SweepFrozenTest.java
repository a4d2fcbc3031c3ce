package org.ntklab.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.tools.cli.Main;
import org.ntklab.tools.UserError;

/**
 * The SLURM scripts run the sweep's frozen copy of ntk and of the spec (issue 22): they name nothing
 * of the build; replacing or deleting the build after {@code sweep slurm} changes nothing the jobs
 * run; the copy's checksums are recorded; a copy is reused only when identical.
 */
class SweepFrozenTest {

    @TempDir
    Path dir;

    /**
     * A build laid out as tools/target is (ntk.jar whose manifest names lib/*.jar), made from this
     * test JVM's class path; runs {@code sweep slurm} as if started with {@code java -jar} on it,
     * then replaces the build and runs the generated scripts with bash, as slurmd would.
     */
    @Test
    void theScriptsRunTheFrozenCopyAfterTheBuildIsReplaced() throws Exception {
        Path live = Files.createDirectories(dir.resolve("live build"));
        List<Path> libs = liveBuild(live);
        Path spec = SweepFixtures.write(dir, "small.yaml", SweepFixtures.SMALL.replace("seed: [0, 1, 2, 3]", "seed: [0]")
                .replace("init: [standard, mirrored]", "init: [standard]"));
        Path out = dir.resolve("sweep");
        assertEquals(0, slurmAs(live.resolve("ntk.jar"), spec, out));

        Path frozen = out.resolve(FrozenCopy.FOLDER);
        JsonNode record = new ObjectMapper().readTree(frozen.resolve(FrozenCopy.RECORD).toFile());
        List<String> cp = new ArrayList<>();
        record.get("class_path").forEach(n -> cp.add(n.asText()));
        assertEquals("ntk.jar", cp.get(0));
        assertEquals(libs.size() + 1, cp.size(), "the manifest's Class-Path was followed: every library is frozen: " + cp);
        // every recorded checksum is the frozen file's and the original's
        int checked = 0;
        for (JsonNode f : record.get("files")) {
            Path copy = frozen.resolve(f.get("path").asText());
            assertEquals(sha256(Files.readAllBytes(copy)), f.get("sha256").asText(), copy.toString());
            assertEquals(Files.size(copy), f.get("bytes").asLong());
            if (f.get("path").asText().equals(FrozenCopy.SPEC)) {
                assertEquals(sha256(Files.readAllBytes(spec)), f.get("sha256").asText(), "the spec as submitted");
            } else {
                Path origin = Path.of(f.get("from").asText());
                assertTrue(origin.startsWith(live), "frozen from the live build: " + origin);
                assertEquals(sha256(Files.readAllBytes(origin)), f.get("sha256").asText(), origin.toString());
            }
            checked++;
        }
        assertEquals(cp.size() + 1, checked, "class path and spec recorded");

        for (String script : List.of("array.sbatch", "merge.sbatch")) {
            String text = Files.readString(out.resolve("slurm").resolve(script));
            assertFalse(text.contains(live.toString()) || text.contains(live.getFileName().toString()), script + " names the live build:\n" + text);
            for (Path p : FrozenCopy.runningClassPath()) { // nor anything of this JVM's class path (target/classes, the Maven repository)
                assertFalse(text.contains(p.toString()), script + " names " + p);
            }
            assertTrue(text.contains("cd -- " + SlurmScripts.quote(frozen.toString()) + "\n"), text);
            assertTrue(text.contains(" -cp " + SlurmScripts.quote(String.join(":", cp)) + " org.ntklab.tools.cli.Main "), text);
        }
        assertTrue(Files.readString(out.resolve("slurm/array.sbatch")).contains(" sweep run " + frozen.resolve("spec.yaml") + " --out "));

        // rebuild: the live jar replaced by one that is not a jar at all, its libraries gone
        Files.writeString(live.resolve("ntk.jar"), "not a jar any more");
        deleteTree(live.resolve("lib"));
        Files.writeString(spec, SweepFixtures.SMALL); // and the user edits the spec
        for (int shard = 0; shard < 2; shard++) {
            Result r = bash(out.resolve("slurm/array.sbatch"), Map.of("SLURM_ARRAY_TASK_ID", Integer.toString(shard)));
            assertEquals(0, r.status(), "shard " + shard + " on the frozen copy: " + r.output());
        }
        assertEquals(0, Main.execute("sweep", "status", out.toString()), "every task done");
        Result merge = bash(out.resolve("slurm/merge.sbatch"), Map.of());
        assertEquals(0, merge.status(), merge.output());
        assertTrue(merge.output().contains("3 tasks: 3 done, 0 failed, 0 missing"), "the frozen spec's 3 tasks, not the edited one's 6: "
                + merge.output());
        JsonNode meta = new ObjectMapper().readTree(out.resolve("results.meta.json").toFile());
        assertEquals(record.at("/files/0/sha256").asText(), meta.at("/frozen/sha256/ntk.jar").asText(), "the table names the code it ran");
        SweepStatus st = SweepStatus.of(SweepStore.existing(out), SweepStore.existing(out).spec());
        for (TaskRecord t : st.ok()) {
            assertEquals(record.get("git_commit").asText(), t.provenance().get("git_commit"), "records carry the frozen commit");
        }

        // writing the scripts again from the replaced build is refused: the queued jobs run the copy
        assertEquals(2, slurmAs(live.resolve("ntk.jar"), SweepFixtures.write(dir, "small-again.yaml", Files.readString(frozen.resolve("spec.yaml"))),
                out));
        assertEquals(sha256(Files.readAllBytes(frozen.resolve("ntk.jar"))), record.at("/files/0/sha256").asText(), "the copy is untouched");
    }

    @Test
    void aCopyIsReusedOnlyWhenEveryChecksumMatches() throws Exception {
        Path live = Files.createDirectories(dir.resolve("live"));
        Path dep = Files.write(live.resolve("dep.jar"), jar(Map.of("d.txt", "dependency v1"), null));
        Path main = Files.write(live.resolve("main.jar"), jar(Map.of("m.txt", "main"), "dep.jar"));
        Path classes = Files.createDirectories(live.resolve("classes"));
        Files.createDirectories(classes.resolve("org/x"));
        Files.writeString(classes.resolve("org/x/A.class"), "class bytes");
        Files.writeString(classes.resolve("b.properties"), "k=v");
        // as the JVM sees it: main.jar, the folder, and dep.jar through main.jar's manifest
        List<Path> cp = List.of(main, classes);
        Path sweep = Files.createDirectories(dir.resolve("sweep"));
        SweepSpec spec = SweepSpec.parse(SweepFixtures.SMALL, "small.yaml");

        FrozenCopy first = FrozenCopy.freeze(sweep, spec, expand(cp));
        assertFalse(first.reused());
        // the JVM searches a jar's Class-Path right after the jar, before the next entry
        assertEquals(List.of("ntk.jar", "lib/dep.jar", "lib/classes.jar"), first.classPath());
        try (Stream<Path> left = Files.list(sweep)) {
            assertEquals(List.of(sweep.resolve("frozen")), left.toList(), "no temporary folder left beside the copy");
        }
        assertEquals("dependency v1", new String(unzip(sweep.resolve("frozen/lib/dep.jar"), "d.txt"), StandardCharsets.UTF_8));
        assertEquals("class bytes", new String(unzip(sweep.resolve("frozen/lib/classes.jar"), "org/x/A.class"), StandardCharsets.UTF_8));

        // packing a folder is reproducible: file times do not matter
        Files.setLastModifiedTime(classes.resolve("b.properties"), FileTime.fromMillis(1_000_000_000L));
        FrozenCopy again = FrozenCopy.freeze(sweep, spec, expand(cp));
        assertTrue(again.reused(), "the same program and spec: the copy is reused");
        assertEquals(first.classPath(), again.classPath());

        // another spec (same tasks, other text)
        SweepSpec edited = SweepSpec.parse(SweepFixtures.SMALL + "# edited\n", "small.yaml");
        String m = assertThrows(UserError.class, () -> FrozenCopy.freeze(sweep, edited, expand(cp))).getMessage();
        assertTrue(m.contains("another spec") && !m.contains("\n"), m);

        // another build: a library changed
        Files.write(dep, jar(Map.of("d.txt", "dependency v2"), null));
        m = assertThrows(UserError.class, () -> FrozenCopy.freeze(sweep, spec, expand(cp))).getMessage();
        assertTrue(m.contains("another build of ntk (lib/dep.jar differs)") && !m.contains("\n"), m);
        // a class in the folder changed
        Files.write(dep, jar(Map.of("d.txt", "dependency v1"), null));
        Files.writeString(classes.resolve("org/x/A.class"), "other class bytes");
        m = assertThrows(UserError.class, () -> FrozenCopy.freeze(sweep, spec, expand(cp))).getMessage();
        assertTrue(m.contains("lib/classes.jar differs"), m);
        Files.writeString(classes.resolve("org/x/A.class"), "class bytes");
        assertTrue(FrozenCopy.freeze(sweep, spec, expand(cp)).reused(), "the build as frozen again");

        // the copy itself modified
        Files.write(sweep.resolve("frozen/lib/dep.jar"), jar(Map.of("d.txt", "tampered"), null));
        m = assertThrows(UserError.class, () -> FrozenCopy.freeze(sweep, spec, expand(cp))).getMessage();
        assertTrue(m.contains("lib/dep.jar does not match its SHA-256"), m);
    }

    @Test
    void theCommandRefusesAnotherBuildWithExitStatus2() throws Exception {
        Path live = Files.createDirectories(dir.resolve("live"));
        Path jarA = Files.write(live.resolve("ntk.jar"), jar(Map.of("a.txt", "a"), null));
        Path spec = SweepFixtures.write(dir, "small.yaml", SweepFixtures.SMALL);
        Path out = dir.resolve("sweep");
        assertEquals(0, slurmAs(jarA, spec, out));
        assertEquals(0, slurmAs(jarA, spec, out), "the same build again: reused");
        Files.write(jarA, jar(Map.of("a.txt", "b"), null));
        assertEquals(2, slurmAs(jarA, spec, out), "a rebuilt jar is refused");
    }

    /** {@code ntk sweep slurm} in this JVM as if its class path were {@code jar} (as with {@code java -jar jar}). */
    static int slurmAs(Path jar, Path spec, Path out, String... more) {
        String before = System.getProperty("java.class.path");
        System.setProperty("java.class.path", jar.toString());
        try {
            List<String> args = new ArrayList<>(List.of("sweep", "slurm", spec.toString(), "--out", out.toString()));
            args.addAll(more.length > 0 ? List.of(more) : List.of("--shards", "2", "--cpus", "1"));
            return Main.execute(args.toArray(String[]::new));
        } finally {
            System.setProperty("java.class.path", before);
        }
    }

    private static List<Path> expand(List<Path> cp) {
        String before = System.getProperty("java.class.path");
        System.setProperty("java.class.path", String.join(":", cp.stream().map(Path::toString).toList()));
        try {
            return FrozenCopy.runningClassPath();
        } finally {
            System.setProperty("java.class.path", before);
        }
    }

    /**
     * Lays out LIVE/ntk.jar (this JVM's org.ntklab.tools classes, with Main-Class and a Class-Path of
     * lib/) and LIVE/lib/ (every other entry of this JVM's class path, folders packed); returns the libs.
     */
    static List<Path> liveBuild(Path live) throws Exception {
        Path tools = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path lib = Files.createDirectories(live.resolve("lib"));
        List<Path> libs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int i = 0;
        for (Path p : FrozenCopy.runningClassPath()) {
            if (p.equals(tools)) {
                continue;
            }
            Path target = lib.resolve((i++) + "-" + p.getFileName() + (Files.isDirectory(p) ? ".jar" : ""));
            if (Files.isDirectory(p)) {
                try (OutputStream o = Files.newOutputStream(target)) {
                    FrozenCopy.pack(p, o);
                }
            } else {
                Files.copy(p, target);
            }
            libs.add(target);
            names.add("lib/" + target.getFileName());
        }
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.ntklab.tools.cli.Main");
        mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", names));
        ByteArrayOutputStream classes = new ByteArrayOutputStream();
        FrozenCopy.pack(tools, classes);
        // the packed classes, with the manifest added: copy the entries into a jar stream
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(live.resolve("ntk.jar")), mf);
             var zin = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(classes.toByteArray()))) {
            for (var e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                if (e.getName().equals("META-INF/") || e.getName().equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                jar.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                zin.transferTo(jar);
                jar.closeEntry();
            }
        }
        return libs;
    }

    /** A jar with these text entries and, when given, a manifest Class-Path; the same arguments give the same bytes. */
    private static byte[] jar(Map<String, String> entries, String classPath) throws Exception {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            mf.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(b)) {
            java.util.zip.ZipEntry m = new java.util.zip.ZipEntry("META-INF/MANIFEST.MF");
            m.setTime(0); // JarOutputStream(out, manifest) would stamp it with the current time
            j.putNextEntry(m);
            mf.write(j);
            j.closeEntry();
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                java.util.zip.ZipEntry z = new java.util.zip.ZipEntry(e.getKey());
                z.setTime(0);
                j.putNextEntry(z);
                j.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return b.toByteArray();
    }

    private static byte[] unzip(Path zip, String entry) throws Exception {
        try (var z = new java.util.zip.ZipFile(zip.toFile())) {
            return z.getInputStream(z.getEntry(entry)).readAllBytes();
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static void deleteTree(Path p) throws Exception {
        try (Stream<Path> w = Files.walk(p)) {
            for (Path q : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    record Result(int status, String output) {
    }

    private Result bash(Path script, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), script + " did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

}
