package org.ntklab.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.data.Npy;
import org.ntklab.kernel.Preset;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.Initialisation;
import org.ntklab.net.Network;

class EmpiricalCommandTest {

    @TempDir
    Path dir;

    @Test
    void structuredAndJacobianFilesAgreeAndMatchTheLibrary() throws IOException {
        Matrix x = NpyFiles.points(25, 4);
        Path in = NpyFiles.write(dir, "x.npy", x);
        Path s = dir.resolve("s.npy");
        Path j = dir.resolve("j.npy");
        assertEquals(0, CliRun.of("empirical", "--data", in.toString(), "--preset", "jacot", "--depth", "2", "--widths", "40,30", "--seed", "5",
                "--out", s.toString()).status());
        assertEquals(0, CliRun.of("empirical", "--data", in.toString(), "--preset", "jacot", "--depth", "2", "--widths", "40,30", "--seed", "5",
                "--method", "jacobian", "--out", j.toString()).status());
        Matrix ks = Npy.read(s).toMatrix("s");
        Matrix kj = Npy.read(j).toMatrix("j");
        Matrix lib = EmpiricalNtk.structured(Network.initialise(Preset.JACOT.spec(4, 2, new int[] {40, 30}),
                Initialisation.standard(), 5), x);
        assertEquals(lib, ks);
        for (int k = 0; k < ks.data().length; k++) {
            assertEquals(ks.data()[k], kj.data()[k], 1e-10 * ks.maxAbs());
        }
        assertTrue(Files.readString(dir.resolve("s.npy.meta.json")).contains("\"seed\" : 5"));
    }

    @Test
    void badRequestsAreOneLineErrors() throws IOException {
        Matrix x = NpyFiles.points(5, 2);
        Path in = NpyFiles.write(dir, "x.npy", x);
        Path out = dir.resolve("k.npy");
        String[][] cases = {
            {"empirical", "--data", in.toString(), "--out", out.toString()},
            {"empirical", "--data", in.toString(), "--widths", "10,0", "--out", out.toString()},
            {"empirical", "--data", in.toString(), "--widths", "10,10", "--depth", "3", "--out", out.toString()},
            {"empirical", "--data", in.toString(), "--widths", "10", "--init", "random", "--out", out.toString()},
            {"empirical", "--data", in.toString(), "--widths", "10", "--method", "magic", "--out", out.toString()},
        };
        String[] expected = {"--widths", "width of hidden layer 2", "widths list", "init", "--method"};
        for (int c = 0; c < cases.length; c++) {
            CliRun r = CliRun.of(cases[c]);
            assertEquals(2, r.status(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(expected[c]), expected[c] + " not in " + r.err());
            assertFalse(Files.exists(out));
        }
    }
}
