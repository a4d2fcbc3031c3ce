package org.ntklab.tools.output;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import org.ntklab.linalg.BackendInfo;
import org.ntklab.linalg.backend.Backends;
import org.ntklab.runtime.ThreadBudget;

/**
 * The facts about this run's machine and software that every result file records: versions, the
 * git commit, the Vector API species, the BLAS/LAPACK backend, the thread budget and the heap.
 */
public final class Environment {

    /** Property the launcher sets to the repository root (where git is asked for the commit). */
    public static final String HOME_PROPERTY = "ntk.home";

    /**
     * Property that fixes the commit reported instead of asking git: the jobs of a sweep run a frozen
     * copy of the jar, and the checkout under {@code ntk.home} may have moved on since it was frozen.
     */
    public static final String COMMIT_PROPERTY = "ntk.git.commit";

    /** The commit lookup, started at most once (by {@link #prefetchGitCommit} or on first use). */
    private static final java.util.concurrent.FutureTask<String> COMMIT = new java.util.concurrent.FutureTask<>(Environment::askGit);
    private static final java.util.concurrent.atomic.AtomicBoolean STARTED = new java.util.concurrent.atomic.AtomicBoolean();

    private Environment() {
    }

    /** The project's version, from the jar manifest (or "dev" when run from classes). */
    public static String ntkVersion() {
        String v = Environment.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** The vector species the kernels use, e.g. "512-bit (8 doubles)". */
    public static String vectorSpecies() {
        var s = DoubleVector.SPECIES_PREFERRED;
        return s.vectorBitSize() + "-bit (" + s.length() + " doubles)";
    }

    /** The git commit of the working tree the program runs from, with "-dirty" if it has local changes. */
    public static String gitCommit() {
        if (STARTED.compareAndSet(false, true)) {
            COMMIT.run();
        }
        try {
            return COMMIT.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        } catch (java.util.concurrent.ExecutionException e) {
            return "unknown";
        }
    }

    /**
     * Starts asking git for the commit on a background thread: the two git processes take a few
     * hundred milliseconds of a cold start, which then overlap with parsing and reading the input.
     */
    public static void prefetchGitCommit() {
        if (STARTED.compareAndSet(false, true)) {
            Thread t = new Thread(COMMIT, "ntk-git-commit");
            t.setDaemon(true);
            t.start();
        }
    }

    private static String askGit() {
        String fixed = System.getProperty(COMMIT_PROPERTY, "");
        if (!fixed.isBlank()) {
            return fixed;
        }
        Path home = Path.of(System.getProperty(HOME_PROPERTY, "."));
        String head = run(home, "git", "rev-parse", "HEAD");
        if (head == null || head.isBlank()) {
            return "unknown";
        }
        String status = run(home, "git", "status", "--porcelain", "--untracked-files=no");
        return head.trim() + (status != null && !status.isBlank() ? "-dirty" : "");
    }

    private static String run(Path dir, String... command) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
            p.getOutputStream().close();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** All facts as an ordered map, ready for JSON or for a CSV header. */
    public static Map<String, Object> facts() {
        BackendInfo b = Backends.current().info();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ntk_version", ntkVersion());
        m.put("git_commit", gitCommit());
        m.put("java_version", System.getProperty("java.runtime.version", System.getProperty("java.version")));
        m.put("java_vendor", System.getProperty("java.vendor"));
        m.put("vector_species", vectorSpecies());
        m.put("backend", b.kind());
        m.put("blas", b.blas());
        m.put("lapack", b.lapack());
        if (b.library() != null) {
            m.put("blas_library", b.library());
            m.put("blas_version", b.version());
            m.put("blas_core_type", b.coreType());
        }
        if (b.note() != null) {
            m.put("backend_note", b.note());
        }
        String coretype = System.getenv("OPENBLAS_CORETYPE");
        m.put("env_OPENBLAS_CORETYPE", coretype == null ? "(unset)" : coretype);
        m.put("threads", ThreadBudget.threads());
        m.put("available_processors", Runtime.getRuntime().availableProcessors());
        m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        return m;
    }
}
