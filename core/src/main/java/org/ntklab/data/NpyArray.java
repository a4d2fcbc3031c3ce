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

    /** The array as a matrix: a 2-D array as it is; a 1-D array is refused with a hint to reshape (it is ambiguous). */
    public Matrix toMatrix(String name) {
        if (shape.length == 2) {
            return Matrix.fromRowMajor((int) shape[0], (int) shape[1], values);
        }
        if (shape.length == 1) {
            throw new IllegalArgumentException(name + " is a 1-D array of " + shape[0] + " values, but points need a 2-D array (one row per point): "
                    + "save X.reshape(-1, 1) for " + shape[0] + " points of dimension 1, or X.reshape(1, -1) for one point");
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
