package org.ntklab.tools.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporary files: swept when their process is gone, kept while it lives or when another host wrote them. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aKilledWritersTemporaryFileIsSweptByTheNextWrite() throws IOException {
        Path target = dir.resolve("k.npy");
        String prefix = AtomicFiles.prefix(target);
        // pid_max is at most 2^22 on Linux: this process cannot exist
        Path dead = Files.writeString(dir.resolve(prefix + "999999999-1.tmp"), "half");
        Path alive = Files.writeString(dir.resolve(prefix + ProcessHandle.current().parent().orElseThrow().pid() + "-2.tmp"), "in flight");
        Path otherHost = Files.writeString(dir.resolve(".k.npy.elsewhere.999999999-3.tmp"), "another node's");
        Path otherTarget = Files.writeString(dir.resolve(AtomicFiles.prefix(dir.resolve("j.npy")) + "999999999-4.tmp"), "j");
        Path notOurs = Files.writeString(dir.resolve(".notes.tmp"), "a user's hidden file");
        AtomicFiles.write(target, false, out -> out.write(42));
        assertFalse(Files.exists(dead), "a dead process's file is removed");
        assertTrue(Files.exists(alive), "a live process's file is kept");
        assertTrue(Files.exists(otherHost), "another host's file is kept");
        assertFalse(Files.exists(otherTarget), "a dead process's file for another target in the folder is removed too");
        assertTrue(Files.exists(notOurs), "a file not named like ours is left alone");
        assertEquals(1, Files.size(target));
        try (var left = Files.list(dir)) {
            assertEquals(4, left.count(), "the written file's own temporary file is gone too");
        }
        Path later = Files.writeString(dir.resolve(prefix + "999999999-5.tmp"), "after the sweep");
        AtomicFiles.write(dir.resolve("m.npy"), false, out -> out.write(1));
        assertTrue(Files.exists(later), "a folder is swept once per process");
    }

    @Test
    void aFolderIsPublishedWholeAndAKilledPublishersFolderIsSwept() throws IOException {
        Path target = dir.resolve("frozen");
        String prefix = AtomicFiles.prefix(target);
        // a folder a SIGKILLed publisher was filling (a dead pid), and one of a live process
        Path dead = Files.createDirectories(dir.resolve(prefix + "999999999-1.tmp").resolve("lib"));
        Files.writeString(dead.resolve("half.jar"), "half");
        Path alive = Files.createDirectories(dir.resolve(prefix + ProcessHandle.current().parent().orElseThrow().pid() + "-2.tmp"));
        assertTrue(AtomicFiles.publishFolder(target, f -> Files.writeString(Files.createDirectories(f.resolve("lib")).resolve("a.jar"), "a")));
        assertEquals("a", Files.readString(target.resolve("lib/a.jar")));
        assertFalse(Files.exists(dead.getParent()), "a dead publisher's folder is removed with its content");
        assertTrue(Files.exists(alive), "a live process's folder is kept");
        assertFalse(AtomicFiles.publishFolder(target, f -> Files.writeString(f.resolve("b"), "b")), "an existing folder is never replaced");
        assertFalse(Files.exists(target.resolve("b")));
        org.junit.jupiter.api.Assertions.assertThrows(org.ntklab.tools.UserError.class,
                () -> AtomicFiles.publishFolder(dir.resolve("failed"), f -> {
                    Files.writeString(f.resolve("part"), "p");
                    throw new IOException("disk gone");
                }));
        try (var left = Files.list(dir)) {
            assertEquals(List.of(alive, target), left.sorted().toList(), "a failed publication leaves nothing");
        }
    }

    @Test
    void onlyRegularFilesAreEverReplaced() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("k.npy"));
        Path kept = Files.writeString(dir.resolve("precious.txt"), "mine");
        Path link = Files.createSymbolicLink(dir.resolve("l.npy"), kept);
        for (Path target : new Path[] {folder, link}) {
            String m = org.junit.jupiter.api.Assertions.assertThrows(org.ntklab.tools.UserError.class,
                    () -> AtomicFiles.write(target, true, out -> out.write(1))).getMessage();
            assertTrue(m.contains("not a regular file"), m);
        }
        assertTrue(Files.isDirectory(folder));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("mine", Files.readString(kept));
        Path file = Files.writeString(dir.resolve("f.npy"), "old");
        AtomicFiles.write(file, true, out -> out.write('n'));
        assertEquals("n", Files.readString(file), "a regular file is replaced with --force");
    }

    @Test
    void aLongTargetNameStillGetsATemporaryFile() throws IOException {
        Path target = dir.resolve("k".repeat(240) + ".npy"); // 244 bytes: with a suffix, one name of 255 bytes could not hold both
        AtomicFiles.write(target, false, out -> out.write(1));
        assertTrue(Files.exists(target));
    }
}
