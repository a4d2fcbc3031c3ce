package org.ntklab.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The file formats of matrices and vectors, told apart by the file name's extension (any case).
 * A name with another extension, or none, is refused rather than guessed: {@code K.txt} written as
 * .npy, or a .npz read as CSV, would each surprise the user later.
 */
public enum FileFormat {
    /** NumPy's .npy: float64 (or a type converted to it), C or Fortran order. */
    NPY(".npy"),
    /** Plain comma-separated numbers, one matrix row per line. */
    CSV(".csv");

    private final String extension;

    FileFormat(String extension) {
        this.extension = extension;
    }

    /** The extension, with its dot. */
    public String extension() {
        return extension;
    }

    /** The format of {@code file} by its extension; an unknown one is an {@link IllegalArgumentException} listing the known. */
    public static FileFormat of(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        for (FileFormat f : values()) {
            if (lower.endsWith(f.extension) && lower.length() > f.extension.length()) {
                return f;
            }
        }
        int dot = name.lastIndexOf('.');
        String what = dot > 0 ? "its extension '" + name.substring(dot) + "' is not a known format" : "it has no extension to tell its format";
        throw new IllegalArgumentException(file + ": " + what + " (known: " + known() + ")");
    }

    /** The known extensions, for messages: ".npy, .csv". */
    public static String known() {
        return Arrays.stream(values()).map(FileFormat::extension).collect(Collectors.joining(", "));
    }
}
