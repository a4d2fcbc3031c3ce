package org.ntklab.tools.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated SLURM scripts treat every path as data (issue 21): a property test over random
 * hostile folder names (quotes, $(...), backticks, newlines, globs, spaces, non-ASCII) runs
 * submit.sh against a fake sbatch and the sweep scripts' exec line as printf, and checks the words
 * that arrive are exactly the paths, and that nothing embedded in a name was executed.
 */
class SlurmScriptQuotingTest {

    private static final String ALPHABET = "ab Z9_-.,'\"$`\\;&|*?~!#(){}<>[]=%@\n\té中";
    private static final String[] FIXED = {"$(touch CANARY)", "`touch CANARY`", "a'; touch CANARY; '", "x\"$(touch CANARY)\"",
        "-rf", "new\nline", "  spaced  ", "*"};

    @TempDir
    Path dir;

    @Test
    void everyHostileFolderNameArrivesAsData() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // a fake sbatch: records each call's arguments NUL-separated in a file of its own, and prints a job id
        Path sbatch = Files.writeString(bin.resolve("sbatch"), "#!/bin/bash\nn=$(ls \"$SBATCH_RECORD\" | wc -l)\n"
                + "printf '%s\\0' \"$@\" > \"$SBATCH_RECORD/$n\"\necho 42\n");
        Files.setPosixFilePermissions(sbatch, PosixFilePermissions.fromString("rwxr-xr-x"));
        SweepSpec spec = SweepSpec.parse(SweepFixtures.SMALL, "small.yaml");
        // a tiny class path to freeze (a jar and a folder): the copy lands in the hostile folder, so its paths are tested too
        Path live = Files.createDirectories(dir.resolve("live"));
        Path jar = Files.write(live.resolve("app.jar"), new byte[] {'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        Path classes = Files.createDirectories(live.resolve("classes"));
        Files.writeString(classes.resolve("x.txt"), "x");
        SplittableRandom r = new SplittableRandom(21);
        List<String> names = new ArrayList<>(Arrays.asList(FIXED));
        for (int i = 0; i < 25; i++) {
            StringBuilder b = new StringBuilder();
            int len = 1 + r.nextInt(24);
            for (int k = 0; k < len; k++) {
                b.append(ALPHABET.charAt(r.nextInt(ALPHABET.length())));
            }
            names.add(b.toString());
        }
        int caseNo = 0;
        for (String name : names) {
            Path work = Files.createDirectories(dir.resolve("case" + caseNo++));
            Path sweep = work.resolve(name).toAbsolutePath();
            Files.createDirectories(sweep);
            FrozenCopy frozen = FrozenCopy.freeze(sweep, spec, List.of(jar, classes));
            SlurmScripts.write(sweep, spec, SlurmScripts.plan(spec, 2, 1), null, null, frozen);
            Path slurm = sweep.resolve("slurm");
            Path record = Files.createDirectories(dir.resolve("calls" + caseNo));
            ProcessBuilder pb = new ProcessBuilder("bash", slurm.resolve("submit.sh").toString()).directory(work.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
            pb.environment().put("SBATCH_RECORD", record.toString());
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), show(name) + ": " + out);
            List<List<String>> calls = calls(record);
            assertEquals(2, calls.size(), name + ": " + out);
            assertEquals(List.of("--parsable", "--output=" + slurm.resolve("logs").resolve("shard-%a.out"),
                    slurm.resolve("array.sbatch").toString()), calls.get(0), "name " + show(name));
            assertEquals(List.of("--parsable", "--dependency=afterany:42", "--output=" + slurm.resolve("logs").resolve("merge.out"),
                    slurm.resolve("merge.sbatch").toString()), calls.get(1), "name " + show(name));
            assertTrue(out.endsWith("results in " + sweep.resolve(SweepMerge.RESULTS)), show(name) + ": " + out);

            for (String script : new String[] {"array.sbatch", "merge.sbatch"}) {
                List<String> words = execWords(slurm.resolve(script), work);
                int out1 = words.indexOf("--out");
                String target = script.equals("array.sbatch") ? words.get(out1 + 1) : words.get(words.size() - 1);
                assertEquals(sweep.toString(), target, script + ", name " + show(name) + ": " + words);
                // the job runs in the frozen folder, on its class path (relative to it) and, for the array, its spec
                assertEquals(sweep.resolve(FrozenCopy.FOLDER).toString(), words.get(0), script + ", name " + show(name));
                assertEquals("ntk.jar:lib/classes.jar", words.get(words.indexOf("-cp") + 1), script + ", name " + show(name));
                if (script.equals("array.sbatch")) {
                    assertEquals(sweep.resolve("frozen/spec.yaml").toString(), words.get(words.indexOf("run") + 1), show(name));
                }
            }
            try (var left = Files.list(work)) {
                assertEquals(List.of(sweep), left.toList(), "nothing embedded in " + show(name) + " ran");
            }
            assertFalse(Files.exists(work.resolve("CANARY")));
        }
    }

    private static String show(String s) {
        return "'" + s.replace("\n", "\\n").replace("\t", "\\t") + "'";
    }

    /** The working folder and the words of the script's exec line, by running the script with exec replaced by printf. */
    private List<String> execWords(Path script, Path work) throws Exception {
        String text = Files.readString(script).replace("\nexec ", "\nprintf '%s\\0' \"$PWD\" ");
        Path probe = Files.writeString(work.getParent().resolve("probe.sh"), text);
        ProcessBuilder pb = new ProcessBuilder("bash", probe.toString()).directory(work.toFile());
        pb.environment().put("SLURM_ARRAY_TASK_ID", "0");
        Process p = pb.start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        String all = new String(bytes, StandardCharsets.UTF_8);
        return Arrays.asList(all.substring(0, all.length() - 1).split("\0", -1));
    }

    /** The recorded calls in order (files 0, 1, ...), each its NUL-terminated arguments. */
    private static List<List<String>> calls(Path record) throws IOException {
        List<List<String>> calls = new ArrayList<>();
        for (int i = 0; Files.exists(record.resolve(Integer.toString(i))); i++) {
            String all = Files.readString(record.resolve(Integer.toString(i)));
            calls.add(Arrays.asList(all.substring(0, all.length() - 1).split("\0", -1)));
        }
        return calls;
    }
}
