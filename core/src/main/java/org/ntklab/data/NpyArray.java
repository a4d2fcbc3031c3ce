package org.ntklab.data;

import java.util.Arrays;
import org.ntklab.linalg.Matrix;

/**
 * An array read from a NumPy {@code .npy} file: its shape and its values in C (row-major) order,
 * converted to double.
 *
 * @param shape  the dimensions
 * @param values the values, row-major
 */
public record NpyArray(long[] shape, double[] values) {

    /** The array as a matrix: 2-D arrays as they are, 1-D arrays as one column. */
    public Matrix toMatrix(String name) {
        if (shape.length == 2) {
            return Matrix.fromRowMajor((int) shape[0], (int) shape[1], values);
        }
        if (shape.length == 1) {
            return new Matrix((int) shape[0], 1, values.clone());
        }
        throw new IllegalArgumentException(name + " has shape " + Arrays.toString(shape) + ": expected a 2-D array (one row per point)");
    }

    /** The values of a 1-D array (or an N×1 / 1×N 2-D array). */
    public double[] toVector(String name) {
        if (shape.length == 1 || (shape.length == 2 && (shape[0] == 1 || shape[1] == 1))) {
            return values.clone();
        }
        throw new IllegalArgumentException(name + " has shape " + Arrays.toString(shape) + ": expected a vector");
    }
}
