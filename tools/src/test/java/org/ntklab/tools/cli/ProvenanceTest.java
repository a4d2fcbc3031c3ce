package org.ntklab.tools.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ntklab.linalg.Matrix;

/**
 * Provenance and repetition (issue 22): meta.json records every input by absolute path, size and
 * SHA-256; {@code ntk rerun} repeats a run from its meta.json on exactly those inputs (refusing a
 * changed one) and reports whether the output has the same bytes; {@code --json} prints the result
 * as one JSON object.
 */
class ProvenanceTest {

    @TempDir
    Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    @Test
    void metaRecordsEveryInputAbsolutelyWithItsChecksum() throws Exception {
        Matrix x = NpyFiles.points(15, 3);
        Path xf = NpyFiles.write(dir, "x.npy", x);
        Path zf = NpyFiles.write(dir, "z.npy", NpyFiles.points(4, 3));
        Path yf = NpyFiles.write(dir, "y.npy", new double[15]);
        assertEquals(0, CliRun.of("kgf", "--data", xf.toString(), "--labels", yf.toString(), "--test", zf.toString(), "--times", "1",
                "--out", dir.resolve("p.csv").toString()).status());
        JsonNode meta = JSON.readTree(dir.resolve("p.csv.meta.json").toFile());
        for (String[] in : new String[][] {{"--data", "x.npy"}, {"--labels", "y.npy"}, {"--test", "z.npy"}}) {
            JsonNode e = meta.path("inputs").path(in[0]);
            Path f = dir.resolve(in[1]).toAbsolutePath().normalize();
            assertEquals(f.toString(), e.path("path").asText(), in[0]);
            assertEquals(sha256(f), e.path("sha256").asText(), in[0]);
            assertEquals(Files.size(f), e.path("bytes").asLong(), in[0]);
        }
        assertEquals(xf.toAbsolutePath().normalize().toString(), meta.path("data").asText());
        assertEquals(3, meta.path("inputs").size(), "outputs are not inputs: " + meta.path("inputs"));
    }

    @Test
    void rerunRepeatsTheRunOnTheCheckedInputsAndComparesTheBytes() throws Exception {
        Path xf = NpyFiles.write(dir, "x.npy", NpyFiles.points(20, 3));
        Path yf = NpyFiles.write(dir, "y.npy", KgfCommandTest.labels(20, 0.3));
        List<String[]> runs = List.of(
                new String[] {"gram", "--data", xf.toString(), "--depth", "3", "--out", dir.resolve("k.npy").toString()},
                new String[] {"--threads", "1", "train", "--data", xf.toString(), "--labels", yf.toString(), "--widths", "16,16", "--time", "2",
                    "--record", dir.resolve("m.csv").toString()},
                new String[] {"empirical", "--data", xf.toString(), "--widths", "8,8", "--seed", "4", "--out", dir.resolve("e.npy").toString()});
        for (String[] run : runs) {
            assertEquals(0, CliRun.of(run).status(), String.join(" ", run));
            String outName = run[run.length - 1];
            Path again = dir.resolve("again-" + Path.of(outName).getFileName());
            CliRun r = CliRun.of("rerun", outName + ".meta.json", "--out", again.toString());
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("has the same bytes as"), r.out());
            assertTrue(Files.exists(Path.of(again + ".meta.json")));
        }
        // a changed input is refused, and nothing is written
        Matrix edited = NpyFiles.points(20, 3);
        edited.set(0, 0, edited.get(0, 0) + 1);
        NpyFiles.write(dir, "x.npy", edited);
        CliRun changed = CliRun.of("rerun", dir.resolve("k.npy.meta.json").toString(), "--out", dir.resolve("k3.npy").toString());
        assertEquals(2, changed.status());
        assertTrue(changed.err().contains("has changed since the run"), changed.err());
        assertTrue(!Files.exists(dir.resolve("k3.npy")));
        CliRun notOurs = CliRun.of("rerun", Files.writeString(dir.resolve("other.json"), "{\"command\": \"experiment edr\"}").toString(),
                "--out", dir.resolve("k4.npy").toString());
        assertEquals(2, notOurs.status());
        assertTrue(notOurs.err().contains("experiment rerun"), notOurs.err());
    }

    @Test
    void jsonPrintsTheResultAsOneObject() throws Exception {
        Path xf = NpyFiles.write(dir, "x.npy", NpyFiles.points(10, 3));
        Path yf = NpyFiles.write(dir, "y.npy", KgfCommandTest.labels(10, 0.1));
        CliRun gram = CliRun.of("gram", "--data", xf.toString(), "--out", dir.resolve("k.npy").toString(), "--json");
        assertEquals(0, gram.status(), gram.err());
        assertEquals(1, gram.out().strip().lines().count(), gram.out());
        JsonNode g = JSON.readTree(gram.out());
        assertEquals("gram", g.path("command").asText());
        assertEquals(dir.resolve("k.npy").toAbsolutePath().toString(), g.path("out").asText());
        CliRun train = CliRun.of("train", "--data", xf.toString(), "--labels", yf.toString(), "--widths", "8,8", "--time", "1",
                "--check-discretisation", "--record", dir.resolve("m.csv").toString(), "--json");
        assertEquals(0, train.status(), train.err());
        JsonNode t = JSON.readTree(train.out());
        assertTrue(t.path("steps").asInt() > 0 && t.has("final_loss") && t.has("discretisation_gap"), train.out());
        CliRun kgf = CliRun.of("kgf", "--data", xf.toString(), "--labels", yf.toString(), "--times", "1,inf", "--out",
                dir.resolve("p.csv").toString(), "--json");
        assertEquals(2, JSON.readTree(kgf.out()).path("mse").size(), kgf.out());
        CliRun info = CliRun.of("info", "--json");
        assertTrue(JSON.readTree(info.out()).has("ntk_version"), info.out());
    }

    @Test
    void rerunNeverReplacesTheOriginalAndKeepsJsonAndVectorsApart() throws Exception {
        Path xf = NpyFiles.write(dir, "x.npy", NpyFiles.points(12, 3));
        Path k = dir.resolve("K.npy");
        assertEquals(0, CliRun.of("gram", "--data", xf.toString(), "--out", k.toString(), "--json").status());
        byte[] original = Files.readAllBytes(k);
        CliRun onto = CliRun.of("rerun", k + ".meta.json", "--out", k.toString(), "--force");
        assertEquals(2, onto.status());
        assertTrue(onto.err().contains("is the original result"), onto.err());
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(k)));
        // a --json run rerun: stdout stays one JSON object, the verdict goes to stderr
        CliRun json = CliRun.of("rerun", k + ".meta.json", "--out", dir.resolve("K2.npy").toString());
        assertEquals(0, json.status(), json.err());
        assertEquals("gram", JSON.readTree(json.out()).path("command").asText());
        assertTrue(json.err().contains("has the same bytes as"), json.err());
        // eig's vectors, given as --vectors=V: written beside NEW, never over the original
        Path v = dir.resolve("V.npy");
        assertEquals(0, CliRun.of("eig", "--gram", k.toString(), "--which", "all", "--out=" + dir.resolve("ev.npy"), "--vectors=" + v).status());
        byte[] vectors = Files.readAllBytes(v);
        CliRun eig = CliRun.of("rerun", dir.resolve("ev.npy.meta.json").toString(), "--out", dir.resolve("ev2.npy").toString());
        assertEquals(0, eig.status(), eig.err());
        assertTrue(Files.exists(dir.resolve("ev2.npy.vectors.npy")), "the vectors beside NEW");
        assertTrue(java.util.Arrays.equals(vectors, Files.readAllBytes(v)), "the original vectors untouched");
    }
}
