package org.ntklab.linalg;

import java.util.Arrays;

/**
 * A dense matrix of doubles stored column-major, so that its array goes to BLAS and LAPACK
 * without copying: element (i, j) is {@code data()[i + j * rows()]}. Data sets are matrices with
 * one row per point.
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    private final double[] data;

    /** Wraps {@code data} (column-major, length rows·cols) without copying. */
    public Matrix(int rows, int cols, double[] data) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("matrix dimensions must be non-negative, got " + rows + "×" + cols);
        }
        if ((long) rows * cols != data.length) {
            throw new IllegalArgumentException("a " + rows + "×" + cols + " matrix needs " + (long) rows * cols
                    + " values, got " + data.length);
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** A zero matrix, after checking that it fits the heap ({@link MemoryCheck}). */
    public static Matrix zeros(int rows, int cols, String what) {
        MemoryCheck.requireArray(rows, cols, what);
        return new Matrix(rows, cols, new double[rows * cols]);
    }

    /** A matrix from row-major values (e.g. a NumPy C-order array), copied into column-major order. */
    public static Matrix fromRowMajor(int rows, int cols, double[] rowMajor) {
        if ((long) rows * cols != rowMajor.length) {
            throw new IllegalArgumentException("a " + rows + "×" + cols + " matrix needs " + (long) rows * cols
                    + " values, got " + rowMajor.length);
        }
        double[] d = new double[rowMajor.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                d[i + j * rows] = rowMajor[i * cols + j];
            }
        }
        return new Matrix(rows, cols, d);
    }

    /** A matrix from an array of rows (copied). */
    public static Matrix of(double[]... rowValues) {
        int r = rowValues.length;
        int c = r == 0 ? 0 : rowValues[0].length;
        double[] d = new double[r * c];
        for (int i = 0; i < r; i++) {
            if (rowValues[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has " + rowValues[i].length + " values, row 0 has " + c);
            }
            for (int j = 0; j < c; j++) {
                d[i + j * r] = rowValues[i][j];
            }
        }
        return new Matrix(r, c, d);
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Number of columns. */
    public int cols() {
        return cols;
    }

    /** The backing column-major array (not a copy). */
    public double[] data() {
        return data;
    }

    /** Element (i, j). */
    public double get(int i, int j) {
        return data[i + j * rows];
    }

    /** Sets element (i, j). */
    public void set(int i, int j, double v) {
        data[i + j * rows] = v;
    }

    /** Row i as a new array. */
    public double[] row(int i) {
        double[] r = new double[cols];
        for (int j = 0; j < cols; j++) {
            r[j] = data[i + j * rows];
        }
        return r;
    }

    /** The diagonal of a square matrix. */
    public double[] diagonal() {
        int n = Math.min(rows, cols);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = data[i + i * rows];
        }
        return d;
    }

    /** Rows {@code from} … {@code to − 1} as a new matrix. */
    public Matrix copyRows(int from, int to) {
        int r = to - from;
        double[] d = new double[r * cols];
        for (int j = 0; j < cols; j++) {
            System.arraycopy(data, from + j * rows, d, j * r, r);
        }
        return new Matrix(r, cols, d);
    }

    /** The rows {@code indices} (in that order) as a new matrix. */
    public Matrix selectRows(int[] indices) {
        double[] out = new double[Math.multiplyExact(indices.length, cols)];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < indices.length; i++) {
                out[i + j * indices.length] = get(indices[i], j);
            }
        }
        return new Matrix(indices.length, cols, out);
    }

    /** A deep copy. */
    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    /** The transpose, as a new matrix. */
    public Matrix transpose() {
        double[] t = new double[data.length];
        for (int j = 0; j < cols; j++) {
            for (int i = 0; i < rows; i++) {
                t[j + i * cols] = data[i + j * rows];
            }
        }
        return new Matrix(cols, rows, t);
    }

    /** True when square and equal to its transpose bit for bit. */
    public boolean isExactlySymmetric() {
        if (rows != cols) {
            return false;
        }
        for (int j = 0; j < cols; j++) {
            for (int i = j + 1; i < rows; i++) {
                if (Double.doubleToRawLongBits(data[i + j * rows]) != Double.doubleToRawLongBits(data[j + i * rows])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The Frobenius norm. */
    public double frobeniusNorm() {
        double scale = 0, ssq = 1;
        for (double v : data) {
            if (v != 0) {
                double a = Math.abs(v);
                if (scale < a) {
                    ssq = 1 + ssq * (scale / a) * (scale / a);
                    scale = a;
                } else {
                    ssq += (a / scale) * (a / scale);
                }
            }
        }
        return scale * Math.sqrt(ssq);
    }

    /** The largest absolute entry. */
    public double maxAbs() {
        double m = 0;
        for (double v : data) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && m.rows == rows && m.cols == cols && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + "×" + cols + "]";
    }
}
