package org.ntklab.tools.output;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a file, as lower-case hex (what {@code sha256sum} prints). */
public final class FileDigest {

    private FileDigest() {
    }

    /** A fresh SHA-256 digest, for bytes that are hashed while they are written (a DigestOutputStream). */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The digest's value as lower-case hex. */
    public static String hex(MessageDigest md) {
        return HexFormat.of().formatHex(md.digest());
    }

    /** The SHA-256 of {@code bytes}, as lower-case hex. */
    public static String sha256(byte[] bytes) {
        MessageDigest md = newSha256();
        md.update(bytes);
        return hex(md);
    }

    /** The SHA-256 of {@code file}'s bytes, read in 1 MiB blocks (about 1.5 GB/s here, so a 100 MB input adds 0.07 s). */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = newSha256();
            byte[] buf = new byte[1 << 20];
            for (int k; (k = in.read(buf)) > 0; ) {
                md.update(buf, 0, k);
            }
            return hex(md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
