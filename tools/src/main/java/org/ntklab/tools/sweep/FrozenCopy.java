package org.ntklab.tools.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.ntklab.tools.UserError;
import org.ntklab.tools.output.AtomicFiles;
import org.ntklab.tools.output.Environment;
import org.ntklab.tools.output.FileDigest;

/**
 * The frozen copy of the program and the spec that a sweep's SLURM jobs run, in {@code DIR/frozen/}:
 * jobs may wait in the queue for days, and a rebuild of ntk meanwhile must not change the code of
 * the shards still to start (a sweep whose shards ran different code is not one experiment).
 *
 * <p>The folder holds {@code ntk.jar} (the jar this program runs from), {@code lib/} (every other
 * class path entry, including the libraries its manifest's {@code Class-Path} names, transitively,
 * as the JVM resolves them), {@code spec.yaml} (the spec as submitted) and {@code frozen.json}, which
 * records each file's SHA-256, size and origin and the git commit it was frozen at. A class path
 * folder (a build's {@code target/classes}, as when the tests run) is packed into a jar in
 * {@code lib/} with sorted, stored (uncompressed) entries and fixed times, so the same folder always
 * packs to the same bytes and the same checksum. Names in the copy are plain words, so the jobs'
 * class path, relative to the folder, needs no quoting and survives a sweep folder whose name holds
 * a {@code :}, the class path's separator.
 *
 * <p>The folder is published whole ({@link AtomicFiles#publishFolder}). Writing the scripts again into
 * the same sweep folder reuses it only when the program and the spec are still the ones it holds,
 * byte for byte (their checksums equal the recorded ones) and its files are intact; anything else is
 * refused, since the jobs already queued run the copy.
 */
public final class FrozenCopy {

    /** The copy's folder name in the sweep folder. */
    public static final String FOLDER = "frozen";

    /** The record of the copy's files and checksums, in the copy's folder. */
    public static final String RECORD = "frozen.json";

    /** The spec's name in the copy. */
    public static final String SPEC = "spec.yaml";

    /** The running jar's name in the copy (as in the build, {@code tools/target/ntk.jar} beside {@code lib/}). */
    static final String MAIN_JAR = "ntk.jar";

    /** Entry time of packed folders: any fixed time, so that packing is reproducible. */
    private static final LocalDateTime PACKED_TIME = LocalDateTime.of(2000, 1, 1, 0, 0);

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final List<String> classPath;
    private final String gitCommit;
    private final boolean reused;
    private final long bytes;

    private FrozenCopy(Path dir, List<String> classPath, String gitCommit, boolean reused, long bytes) {
        this.dir = dir;
        this.classPath = List.copyOf(classPath);
        this.gitCommit = gitCommit;
        this.reused = reused;
        this.bytes = bytes;
    }

    /** One file of the copy: its name in the folder and the class path entry it comes from (a jar, or a folder to pack). */
    private record Source(String name, Path from, boolean packed) {
    }

    /** A file as {@code frozen.json} records it. */
    private record Checksum(String name, String sha256) {
    }

    /**
     * Freezes this program's class path and {@code spec} into {@code sweepDir/frozen}, or reuses the copy
     * already there when it holds the same bytes.
     *
     * @throws UserError when the folder holds another build or another spec, or has been modified
     */
    public static FrozenCopy freeze(Path sweepDir, SweepSpec spec) {
        return freeze(sweepDir, spec, runningClassPath());
    }

    /** {@link #freeze(Path, SweepSpec)} of the given class path (absolute entries, in order). */
    static FrozenCopy freeze(Path sweepDir, SweepSpec spec, List<Path> classPath) {
        Path dir = sweepDir.toAbsolutePath().normalize().resolve(FOLDER);
        List<Source> sources = sources(classPath);
        if (sources.isEmpty()) {
            throw new UserError("cannot freeze ntk for the SLURM jobs: its class path (" + System.getProperty("java.class.path")
                    + ") names no existing jar or folder");
        }
        byte[] specBytes = spec.text().getBytes(StandardCharsets.UTF_8);
        String commit = Environment.gitCommit();
        boolean made = AtomicFiles.publishFolder(dir, tmp -> write(tmp, sources, spec.source(), specBytes, commit));
        JsonNode record = readRecord(dir);
        if (!made) {
            checkReusable(dir, record, sources, specBytes);
        }
        List<String> cp = new ArrayList<>();
        record.get("class_path").forEach(n -> cp.add(n.asText()));
        long total = 0;
        for (JsonNode f : record.get("files")) {
            total += f.path("bytes").asLong();
        }
        return new FrozenCopy(dir, cp, record.path("git_commit").asText("unknown"), !made, total);
    }

    /** The copy's folder (absolute). */
    public Path dir() {
        return dir;
    }

    /** The class path entries, relative to {@link #dir()}, in order. */
    public List<String> classPath() {
        return classPath;
    }

    /** The frozen spec (absolute). */
    public Path spec() {
        return dir.resolve(SPEC);
    }

    /** The git commit the copy was frozen at (as {@link Environment#gitCommit()} said then). */
    public String gitCommit() {
        return gitCommit;
    }

    /** True when an existing copy was reused rather than made now. */
    public boolean reused() {
        return reused;
    }

    /** One line for the console. */
    public String describe() {
        return (reused ? "reused the frozen copy " : "froze ntk and the spec into ") + dir + " (" + (classPath.size() + 1) + " files, "
                + org.ntklab.linalg.MemoryCheck.human(bytes) + ", SHA-256 in " + RECORD + ")";
    }

    /**
     * This process's class path as the JVM resolves it: the entries of {@code java.class.path} and,
     * transitively, the {@code Class-Path} of each jar's manifest (relative to the jar), absolute,
     * without duplicates, and without entries that do not exist (the JVM ignores those too).
     */
    static List<Path> runningClassPath() {
        Set<Path> out = new LinkedHashSet<>();
        for (String e : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!e.isBlank()) {
                add(Path.of(e).toAbsolutePath().normalize(), out);
            }
        }
        return List.copyOf(out);
    }

    private static void add(Path p, Set<Path> out) {
        if (!Files.exists(p) || !out.add(p)) {
            return;
        }
        if (Files.isRegularFile(p)) {
            for (Path dep : manifestClassPath(p)) {
                add(dep, out);
            }
        }
    }

    /** The entries of a jar's manifest {@code Class-Path}: space-separated URLs relative to the jar. */
    static List<Path> manifestClassPath(Path jar) {
        List<Path> deps = new ArrayList<>();
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null || cp.isBlank()) {
                return deps;
            }
            URI base = jar.toUri();
            for (String u : cp.strip().split("\\s+")) {
                try {
                    URI resolved = base.resolve(u);
                    if ("file".equals(resolved.getScheme())) {
                        deps.add(Path.of(resolved).normalize());
                    }
                } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException ignored) {
                    // the JVM skips an entry it cannot parse as well
                }
            }
        } catch (IOException e) {
            // not a jar (the JVM would not load from it either)
        }
        return deps;
    }

    /** Names the copy's files: the first entry, when a jar, is ntk.jar; everything else lib/NAME(.jar), made unique. */
    private static List<Source> sources(List<Path> classPath) {
        List<Source> out = new ArrayList<>();
        Set<String> taken = new HashSet<>(Set.of(MAIN_JAR, SPEC, RECORD));
        for (int i = 0; i < classPath.size(); i++) {
            Path p = classPath.get(i);
            boolean folder = Files.isDirectory(p);
            if (!folder && !Files.isRegularFile(p)) {
                continue;
            }
            if (i == 0 && !folder) {
                out.add(new Source(MAIN_JAR, p, false));
                continue;
            }
            String base = p.getFileName() == null ? "root" : p.getFileName().toString().replaceAll("[^A-Za-z0-9._+-]", "_");
            if (folder || base.isEmpty() || base.startsWith(".")) {
                base = (base.startsWith(".") ? "_" + base.substring(1) : base) + (folder ? ".jar" : "");
            }
            String stem = base.endsWith(".jar") ? base.substring(0, base.length() - 4) : base;
            String ext = base.endsWith(".jar") ? ".jar" : "";
            String name = "lib/" + base;
            for (int k = 2; !taken.add(name); k++) {
                name = "lib/" + stem + "-" + k + ext;
            }
            out.add(new Source(name, p, folder));
        }
        return out;
    }

    /** Fills the temporary folder: the class path's files, the spec, then frozen.json with their checksums. */
    private static void write(Path tmp, List<Source> sources, String specSource, byte[] specBytes, String commit) throws IOException {
        Files.createDirectories(tmp.resolve("lib"));
        ObjectNode record = JSON.createObjectNode();
        record.put("frozen_by", "ntk sweep slurm");
        record.put("created", Instant.now().toString());
        record.put("ntk_version", Environment.ntkVersion());
        record.put("git_commit", commit);
        ArrayNode cp = record.putArray("class_path");
        record.put("spec", SPEC);
        ArrayNode files = record.putArray("files");
        for (Source s : sources) {
            Path target = tmp.resolve(s.name());
            MessageDigest md = FileDigest.newSha256();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target, StandardOpenOption.CREATE_NEW), md)) {
                content(s, out);
            }
            cp.add(s.name());
            files.addObject().put("path", s.name()).put("sha256", FileDigest.hex(md)).put("bytes", Files.size(target))
                    .put("from", s.from().toString()).put("packed_from_folder", s.packed());
        }
        Files.write(tmp.resolve(SPEC), specBytes, StandardOpenOption.CREATE_NEW);
        files.addObject().put("path", SPEC).put("sha256", FileDigest.sha256(specBytes)).put("bytes", specBytes.length).put("from", specSource)
                .put("packed_from_folder", false);
        Files.write(tmp.resolve(RECORD), JSON.writeValueAsBytes(record), StandardOpenOption.CREATE_NEW);
    }

    private static void content(Source s, OutputStream out) throws IOException {
        if (s.packed()) {
            pack(s.from(), out);
        } else {
            Files.copy(s.from(), out);
        }
    }

    /**
     * Packs a class path folder into a jar, reproducibly: entries sorted by name, stored uncompressed
     * (the bytes then depend on no zlib version), every time the same. Links to folders are not followed.
     */
    static void pack(Path folder, OutputStream out) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.filter(p -> !p.equals(folder)).sorted(Comparator.comparing(p -> entryName(folder, p))).toList();
        }
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Path p : paths) {
            boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            if (!dir && !Files.isRegularFile(p)) {
                continue;
            }
            byte[] bytes = dir ? new byte[0] : Files.readAllBytes(p);
            ZipEntry e = new ZipEntry(entryName(folder, p) + (dir ? "/" : ""));
            CRC32 crc = new CRC32();
            crc.update(bytes);
            e.setMethod(ZipEntry.STORED);
            e.setSize(bytes.length);
            e.setCompressedSize(bytes.length);
            e.setCrc(crc.getValue());
            e.setTimeLocal(PACKED_TIME); // no time zone in it, unlike setTime
            zip.putNextEntry(e);
            zip.write(bytes);
            zip.closeEntry();
        }
        zip.finish(); // not close: the caller owns the stream
    }

    private static String entryName(Path folder, Path p) {
        return folder.relativize(p).toString().replace(File.separatorChar, '/');
    }

    private static JsonNode readRecord(Path dir) {
        Path file = dir.resolve(RECORD);
        try {
            JsonNode n = JSON.readTree(file.toFile());
            if (n == null || !n.path("class_path").isArray() || !n.path("files").isArray()) {
                throw new IOException("not a record of a frozen copy");
            }
            return n;
        } catch (IOException e) {
            throw new UserError(dir + " is not a frozen copy ntk can reuse (" + file.getFileName() + " unreadable: "
                    + e.getMessage().lines().findFirst().orElse("") + "); write the scripts into a new --out folder");
        }
    }

    /** Refuses an existing copy unless it holds exactly the running program and spec, and is intact. */
    private static void checkReusable(Path dir, JsonNode record, List<Source> sources, byte[] specBytes) {
        List<Checksum> recorded = new ArrayList<>();
        record.get("files").forEach(f -> recorded.add(new Checksum(f.path("path").asText(), f.path("sha256").asText())));
        List<Checksum> now = new ArrayList<>();
        try {
            for (Source s : sources) {
                MessageDigest md = FileDigest.newSha256();
                try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
                    content(s, out);
                }
                now.add(new Checksum(s.name(), FileDigest.hex(md)));
            }
        } catch (IOException e) {
            throw new UserError("cannot read ntk's class path to compare it with " + dir + ": " + e.getMessage(), e);
        }
        now.add(new Checksum(SPEC, FileDigest.sha256(specBytes)));
        if (!now.equals(recorded)) {
            throw new UserError(dir + " holds a copy of " + difference(recorded, now) + ", not of this command's (SHA-256 differ, see "
                    + RECORD + "); its queued jobs run that copy: write the scripts into a new --out folder");
        }
        for (Checksum c : recorded) {
            Path f = dir.resolve(c.name());
            String actual;
            try {
                actual = FileDigest.sha256(f);
            } catch (java.io.UncheckedIOException e) {
                actual = "unreadable";
            }
            if (!actual.equals(c.sha256())) {
                throw new UserError(f + " does not match its SHA-256 in " + dir.resolve(RECORD)
                        + " (changed since it was frozen); write the scripts into a new --out folder");
            }
        }
    }

    /** What differs, for the message: the spec, or the program (and its first differing file). */
    private static String difference(List<Checksum> recorded, List<Checksum> now) {
        Checksum specThen = recorded.stream().filter(c -> c.name().equals(SPEC)).findFirst().orElse(null);
        boolean specDiffers = specThen == null || !specThen.equals(now.get(now.size() - 1));
        List<Checksum> progThen = recorded.stream().filter(c -> !c.name().equals(SPEC)).toList();
        List<Checksum> progNow = now.subList(0, now.size() - 1);
        if (progThen.equals(progNow)) {
            return "another spec";
        }
        String first = "its class path has " + progThen.size() + " files, this program's " + progNow.size();
        for (int i = 0; i < Math.min(progThen.size(), progNow.size()); i++) {
            if (!progThen.get(i).equals(progNow.get(i))) {
                first = progNow.get(i).name() + " differs";
                break;
            }
        }
        return "another build of ntk (" + first + ")" + (specDiffers ? " and another spec" : "");
    }
}
