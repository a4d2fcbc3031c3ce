package org.ntklab.tools.experiment;

import java.nio.file.Path;
import org.ntklab.data.Idx;
import org.ntklab.data.MnistJson;
import org.ntklab.linalg.Matrix;
import org.ntklab.tools.data.Datasets;

/**
 * The image data sets of the experiments: the installed full sets, or the small samples committed
 * in the repository (for tests and --quick runs), as flattened images and class labels.
 */
final class ImageData {

    private ImageData() {
    }

    /** Images (one per row, pixel values as stored) and their class labels 0–9. */
    record Images(Matrix x, int[] labels) {

        /** The rows whose label is {@code a} or {@code b}, in order, at most {@code limit} of them. */
        Images twoClasses(int a, int b, int limit) {
            int count = 0;
            int[] keep = new int[labels.length];
            for (int i = 0; i < labels.length && count < limit; i++) {
                if (labels[i] == a || labels[i] == b) {
                    keep[count++] = i;
                }
            }
            double[] d = new double[count * x.cols()];
            int[] l = new int[count];
            for (int r = 0; r < count; r++) {
                l[r] = labels[keep[r]];
                for (int c = 0; c < x.cols(); c++) {
                    d[r + c * count] = x.get(keep[r], c);
                }
            }
            return new Images(new Matrix(count, x.cols(), d), l);
        }

        /** Rows {@code from … to−1}. */
        Images rows(int from, int to) {
            return new Images(x.copyRows(from, to), java.util.Arrays.copyOfRange(labels, from, to));
        }
    }

    /** The first {@code n} training images of {@code name} (fashion-mnist or mnist; mnist classes balanced). */
    static Images train(String name, int n, boolean sample) throws Exception {
        Path samples = ExperimentResources.samples();
        if (name.equals("fashion-mnist")) {
            Path dir = sample ? samples.resolve("fashion-mnist") : Datasets.FASHION_MNIST.require();
            return new Images(Idx.images(dir.resolve("train-images-idx3-ubyte.gz"), n), Idx.labels(dir.resolve("train-labels-idx1-ubyte.gz"), n));
        }
        Path dir = sample ? samples.resolve("mnist") : Datasets.MNIST.require();
        MnistJson.Digits d = MnistJson.read(dir, (n + 9) / 10);
        int take = Math.min(n, d.labels().length);
        return new Images(d.images().copyRows(0, take), java.util.Arrays.copyOf(d.labels(), take));
    }

    /** The first {@code n} test images of the installed Fashion-MNIST. */
    static Images fashionTest(int n) throws Exception {
        Path dir = Datasets.FASHION_MNIST.require();
        return new Images(Idx.images(dir.resolve("t10k-images-idx3-ubyte.gz"), n), Idx.labels(dir.resolve("t10k-labels-idx1-ubyte.gz"), n));
    }

    /** The rows of x scaled to unit Euclidean norm (zero rows stay zero). */
    static Matrix unitRows(Matrix x) {
        Matrix u = x.copy();
        for (int i = 0; i < u.rows(); i++) {
            double s = 0;
            for (int j = 0; j < u.cols(); j++) {
                s += u.get(i, j) * u.get(i, j);
            }
            double inv = s > 0 ? 1 / Math.sqrt(s) : 0;
            for (int j = 0; j < u.cols(); j++) {
                u.set(i, j, u.get(i, j) * inv);
            }
        }
        return u;
    }
}
