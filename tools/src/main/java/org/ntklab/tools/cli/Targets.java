package org.ntklab.tools.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.ntklab.data.VectorFiles;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.UserError;

/**
 * Label files of kgf and train, read by column ({@link VectorFiles#readColumns}): a 1-D .npy or a
 * one-column file is one output, an N × k file k outputs (as neural-tangents' targets).
 */
final class Targets {

    private Targets() {
    }

    /** The labels in {@code file}, one row per point of {@code pointsFile}, every value finite. */
    static Matrix read(Path file, int points, Path pointsFile) throws IOException {
        Matrix m = VectorFiles.readColumns(file, points);
        if (m.rows() != points) {
            throw new UserError(file.getFileName() + " has " + m.rows() + " labels but " + pointsFile.getFileName() + " has "
                    + points + " points");
        }
        for (int i = 0; i < m.rows(); i++) {
            for (int c = 0; c < m.cols(); c++) {
                if (!Double.isFinite(m.get(i, c))) {
                    throw new UserError(file.getFileName() + ": label " + i + (m.cols() > 1 ? " of output " + c : "") + " is " + m.get(i, c));
                }
            }
        }
        return m;
    }

    /** The same, and with as many output columns as the training labels {@code like} read from {@code likeFile}. */
    static Matrix readLike(Path file, int points, Path pointsFile, Matrix like, Path likeFile) throws IOException {
        Matrix m = read(file, points, pointsFile);
        if (m.cols() != like.cols()) {
            throw new UserError(file.getFileName() + " has " + m.cols() + " output column" + (m.cols() == 1 ? "" : "s") + " but "
                    + likeFile.getFileName() + " has " + like.cols());
        }
        return m;
    }
}
