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

    /**
     * The first {@code n} training images of {@code name}: fashion-mnist or mnist (IDX files, installed or supplied), or the
     * committed samples ({@code sample}: mnist's is balanced over the classes).
     */
    static Images train(String name, int n, boolean sample) throws Exception {
        Path samples = ExperimentResources.samples();
        if (name.equals("mnist") && sample) {
            MnistJson.Digits d = MnistJson.read(samples.resolve("mnist"), (int) Math.min(Integer.MAX_VALUE, (n + 9L) / 10));
            int take = Math.min(n, d.labels().length);
            return new Images(d.images().copyRows(0, take), java.util.Arrays.copyOf(d.labels(), take));
        }
        Path dir = sample ? samples.resolve(name) : (name.equals("mnist") ? Datasets.MNIST : Datasets.FASHION_MNIST).require();
        return new Images(Idx.images(idx(dir, "train-images-idx3-ubyte"), n), Idx.labels(idx(dir, "train-labels-idx1-ubyte"), n));
    }

    /** The first {@code n} test images (t10k files) of the installed or supplied fashion-mnist or mnist. */
    static Images test(String name, int n) throws Exception {
        Path dir = (name.equals("mnist") ? Datasets.MNIST : Datasets.FASHION_MNIST).require();
        return new Images(Idx.images(idx(dir, "t10k-images-idx3-ubyte"), n), Idx.labels(idx(dir, "t10k-labels-idx1-ubyte"), n));
    }

    /** Every image of the supplied CIFAR-10 folder (training batches, then the test batch), at most {@code n}. */
    static Images cifar10(int n) throws Exception {
        Path dir = Datasets.CIFAR_10.require();
        try {
            org.ntklab.data.Cifar10.Batch b = org.ntklab.data.Cifar10.read(dir, n);
            return new Images(b.x(), b.labels());
        } catch (java.io.IOException e) {
            throw new org.ntklab.tools.UserError("cannot read CIFAR-10 from " + dir + ": " + e.getMessage());
        }
    }

    /** The file {@code base}, gzipped or plain, in {@code dir}. */
    private static Path idx(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        return java.nio.file.Files.exists(gz) ? gz : dir.resolve(base);
    }

    /** The first {@code n} test images of the installed Fashion-MNIST. */
    static Images fashionTest(int n) throws Exception {
        return test("fashion-mnist", n);
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
