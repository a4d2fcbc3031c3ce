package org.ntklab.tools.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The small data samples shipped inside the program, unpacked once per process into a temporary folder. */
final class ExperimentResources {

    private static final String[] FILES = {"fashion-mnist/train-images-idx3-ubyte.gz", "fashion-mnist/train-labels-idx1-ubyte.gz",
        "mnist/0.json", "mnist/1.json", "mnist/2.json", "mnist/3.json", "mnist/4.json", "mnist/5.json", "mnist/6.json",
        "mnist/7.json", "mnist/8.json", "mnist/9.json"};

    private static Path folder;

    private ExperimentResources() {
    }

    /** The folder holding {@code fashion-mnist/} and {@code mnist/} samples. */
    static synchronized Path samples() throws IOException {
        if (folder == null) {
            Path dir = Files.createTempDirectory("ntk-samples");
            dir.toFile().deleteOnExit();
            for (String f : FILES) {
                Path target = dir.resolve(f);
                Files.createDirectories(target.getParent());
                try (InputStream in = ExperimentResources.class.getResourceAsStream("/samples/" + f)) {
                    if (in == null) {
                        throw new IllegalStateException("sample missing from the program: " + f);
                    }
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
            }
            folder = dir;
        }
        return folder;
    }
}
