package org.ntklab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The checks every input file passes before it is opened: it exists, it is a regular file (a pipe
 * or a device such as {@code /dev/zero} would be read for ever, a folder is a mistake) and, for text
 * that is parsed whole, it is not larger than a stated bound.
 */
public final class InputFiles {

    private InputFiles() {
    }

    /** Throws unless {@code file} is an existing regular file (symbolic links are followed). */
    public static void requireRegular(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + " is a folder, not a data file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a regular file (a pipe or a device?): give a file on disk");
        }
    }

    /** {@link #requireRegular}, and at most {@code maxBytes} long ({@code what} names the file's role). */
    public static void requireRegular(Path file, long maxBytes, String what) throws IOException {
        requireRegular(file);
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %s is %,d bytes, more than the %,d a %s may have",
                    what, file, size, maxBytes, what));
        }
    }
}
