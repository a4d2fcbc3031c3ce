package org.ntklab.tools.sweep;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A small real sweep and a reader of merged tables for the sweep tests. */
final class SweepFixtures {

    private SweepFixtures() {
    }

    /** 24 quick λ_min tasks (tens of milliseconds each): three widths, four seeds, both initialisations. */
    static final String SMALL = """
            task: lambda-min
            name: small
            base: {kernel: empirical, preset: arora, depth: 2, n: 120, d: 8}
            grid:
              width: [16, 96, 384]
              seed: [0, 1, 2, 3]
              init: [standard, mirrored]
            """;

    static Path write(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    /** The rows of {@code DIR/results.csv} without its comment lines and without the wall-time columns. */
    static List<String> deterministicRows(Path sweepDir) throws IOException {
        List<String> lines = Files.readAllLines(sweepDir.resolve(SweepMerge.RESULTS)).stream().filter(l -> !l.startsWith("#")).toList();
        String[] header = lines.get(0).split(",");
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            if (!header[i].endsWith("seconds")) {
                keep.add(i);
            }
        }
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String[] cells = l.split(",", -1);
            out.add(String.join(",", keep.stream().map(i -> cells[i]).toList()));
        }
        if (Arrays.asList(header).indexOf("lambda_min") < 0) {
            throw new IllegalStateException("no lambda_min column in " + lines.get(0));
        }
        return out;
    }
}
