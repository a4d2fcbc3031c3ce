package org.ntklab.tools.sweep;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A one-node SLURM cluster on loopback for tests: its own munged (own key and socket), slurmctld
 * and slurmd (generated slurm.conf, free ports, all state in a scratch folder), run in the
 * foreground so that {@link #close()} stops exactly the processes it started, by PID. Installs the
 * Debian packages slurm-wlm and munge when they are missing and apt-get can (as root).
 */
final class LocalSlurm implements AutoCloseable {

    /** Why SLURM is not available here (the test is skipped with this reason). */
    static final class Unavailable extends Exception {
        Unavailable(String why) {
            super(why);
        }
    }

    private final Path scratch;
    private final Path conf;
    private final List<Process> daemons = new ArrayList<>();

    private LocalSlurm(Path scratch) {
        this.scratch = scratch;
        this.conf = scratch.resolve("slurm.conf");
    }

    /** Starts the cluster (installing SLURM first when needed) and waits until its node is idle. */
    static LocalSlurm start(Path scratch) throws Unavailable, IOException, InterruptedException {
        ensureInstalled();
        LocalSlurm s = new LocalSlurm(scratch);
        try {
            s.startDaemons();
        } catch (Unavailable | IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private static boolean installed() {
        return List.of("munged", "mungekey", "slurmctld", "slurmd", "sbatch", "sinfo", "squeue").stream().allMatch(LocalSlurm::onPath);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool));
    }

    private static void ensureInstalled() throws Unavailable, InterruptedException, IOException {
        if (installed()) {
            return;
        }
        if (!onPath("apt-get")) {
            throw new Unavailable("SLURM is not installed and there is no apt-get to install it");
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new Unavailable("SLURM is not installed and installing it (apt-get) needs root");
        }
        Result install = run(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "slurm-wlm", "munge"), 900);
        if (install.status() != 0) {
            run(List.of("apt-get", "update", "-q"), 600);
            install = run(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", "slurm-wlm", "munge"), 900);
        }
        if (install.status() != 0 || !installed()) {
            throw new Unavailable("installing slurm-wlm and munge failed: " + tail(install.output()));
        }
    }

    private void startDaemons() throws Unavailable, IOException, InterruptedException {
        Files.createDirectories(scratch);
        for (String d : List.of("state", "spool")) {
            Files.createDirectories(scratch.resolve(d));
        }
        Path key = scratch.resolve("munge.key");
        Result k = run(List.of(tool("mungekey"), "-c", "-f", "-k", key.toString()), 60);
        if (k.status() != 0) {
            throw new Unavailable("mungekey failed: " + tail(k.output()));
        }
        Path socket = scratch.resolve("munge.sock");
        daemon("munged", List.of(tool("munged"), "-F", "--force", "-S", socket.toString(), "--key-file", key.toString(),
                "--pid-file", scratch.resolve("munged.pid").toString(), "--log-file", scratch.resolve("munged.log").toString(),
                "--seed-file", scratch.resolve("munged.seed").toString()));
        waitFor(() -> Files.exists(socket), 20, "munged did not create its socket");
        long memMiB = (long) (0.75 * physicalMiB());
        String text = String.join("\n",
                "ClusterName=ntktest",
                "SlurmctldHost=localhost",
                "SlurmctldPort=" + freePort(),
                "SlurmdPort=" + freePort(),
                "AuthType=auth/munge",
                "AuthInfo=socket=" + socket,
                "CredType=cred/munge",
                "SlurmUser=root",
                "SlurmdUser=root",
                "StateSaveLocation=" + scratch.resolve("state"),
                "SlurmdSpoolDir=" + scratch.resolve("spool"),
                "SlurmctldPidFile=" + scratch.resolve("slurmctld.pid"),
                "SlurmdPidFile=" + scratch.resolve("slurmd.pid"),
                "SlurmctldLogFile=" + scratch.resolve("slurmctld.log"),
                "SlurmdLogFile=" + scratch.resolve("slurmd.log"),
                "ProctrackType=proctrack/linuxproc",
                "TaskPlugin=task/none",
                "SelectType=select/cons_tres",
                "SelectTypeParameters=CR_Core_Memory",
                "JobAcctGatherType=jobacct_gather/none",
                "AccountingStorageType=accounting_storage/none",
                "MpiDefault=none",
                "ReturnToService=2",
                "SchedulerType=sched/backfill",
                "SchedulerParameters=sched_interval=1",
                "MinJobAge=600",
                "NodeName=localhost NodeAddr=127.0.0.1 CPUs=" + Runtime.getRuntime().availableProcessors() + " RealMemory=" + memMiB
                        + " State=UNKNOWN",
                "PartitionName=ntktest Nodes=localhost Default=YES MaxTime=INFINITE State=UP",
                "");
        Files.writeString(conf, text);
        daemon("slurmctld", List.of(tool("slurmctld"), "-D", "-c", "-f", conf.toString()));
        daemon("slurmd", List.of(tool("slurmd"), "-D", "-N", "localhost", "-f", conf.toString()));
        waitFor(() -> {
            Result r = client(List.of("sinfo", "-h", "-N", "-o", "%T"), 10);
            return r.status() == 0 && r.output().strip().startsWith("idle");
        }, 60, "the node did not become idle");
    }

    /** Runs a SLURM client command (or a script calling them) against this cluster. */
    Result client(List<String> command, int seconds) throws IOException, InterruptedException {
        return run(command, seconds, environment());
    }

    /** The environment SLURM clients need: SLURM_CONF pointing at this cluster's configuration. */
    Map<String, String> environment() {
        return Map.of("SLURM_CONF", conf.toString());
    }

    private void daemon(String name, List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(scratch.resolve(name + ".out").toFile());
        pb.environment().put("SLURM_CONF", conf.toString());
        daemons.add(pb.start());
    }

    private interface Check {
        boolean ok() throws IOException, InterruptedException;
    }

    private void waitFor(Check check, int seconds, String what) throws Unavailable, IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (check.ok()) {
                return;
            }
            for (Process p : daemons) {
                if (!p.isAlive()) {
                    throw new Unavailable(what + ": a daemon exited: " + logs());
                }
            }
            Thread.sleep(250);
        }
        throw new Unavailable(what + " within " + seconds + " s: " + logs());
    }

    /** The daemons' logs, shortened, for messages. */
    String logs() {
        StringBuilder s = new StringBuilder();
        for (String f : List.of("munged.out", "munged.log", "slurmctld.out", "slurmctld.log", "slurmd.out", "slurmd.log")) {
            try {
                s.append(" [").append(f).append(": ").append(tail(Files.readString(scratch.resolve(f)))).append(']');
            } catch (IOException ignored) {
                // not written
            }
        }
        return s.toString();
    }

    /** Stops the daemons this object started (SIGTERM by PID, then SIGKILL if they linger), newest first. */
    @Override
    public void close() {
        for (int i = daemons.size() - 1; i >= 0; i--) {
            Process p = daemons.get(i);
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        daemons.clear();
    }

    /** PIDs of the running daemons (for the test's check that they are gone). */
    List<ProcessHandle> handles() {
        return daemons.stream().map(Process::toHandle).toList();
    }

    record Result(int status, String output) {
    }

    private static Result run(List<String> command, int seconds) throws IOException, InterruptedException {
        return run(command, seconds, Map.of());
    }

    static Result run(List<String> command, int seconds, Map<String, String> env) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(command);
        cmd.set(0, tool(cmd.get(0)));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Path out = Files.createTempFile("ntk-slurm", ".out");
        try {
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + seconds + " s: " + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String tool(String name) {
        if (name.contains("/")) {
            return name;
        }
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            if (Files.isExecutable(Path.of(dir, name))) {
                return dir + "/" + name;
            }
        }
        return name;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static long physicalMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return 4096;
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() > 600 ? "…" + t.substring(t.length() - 600) : t;
    }
}
