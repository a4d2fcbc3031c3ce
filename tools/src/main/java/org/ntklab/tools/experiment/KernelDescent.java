package org.ntklab.tools.experiment;

import org.ntklab.linalg.Matrix;

/**
 * Gradient descent in function space with a fixed kernel, step by step as a network takes its
 * steps: f ← f − c·K(f − y) on the training points and f* ← f* − c·K(X*, X)(f − y) on test points,
 * c = η/n for the mean loss and η for the sum. It is the network's GD with the kernel frozen, so a
 * comparison with a trained network measures the kernel's drift and fluctuation, not the
 * discretisation error of comparing discrete GD with continuous flow.
 */
final class KernelDescent {

    private KernelDescent() {
    }

    /** Train and test outputs after {@code steps} steps. */
    record Outputs(double[] train, double[] test) {
    }

    /**
     * Runs the iteration from f₀ (train {@code f0}, test {@code f0Test}; test may be empty).
     *
     * @param k     K(X, X), n×n
     * @param kTest K(X*, X), m×n (m may be 0)
     * @param rate  c = η/n (mean loss) or η (sum loss)
     */
    static Outputs run(Matrix k, Matrix kTest, double[] y, double[] f0, double[] f0Test, double rate, long steps) {
        int n = y.length;
        int m = kTest.rows();
        double[] f = f0.clone();
        double[] ft = f0Test.clone();
        double[] r = new double[n];
        double[] kd = k.data();
        double[] td = kTest.data();
        for (long s = 0; s < steps; s++) {
            for (int i = 0; i < n; i++) {
                r[i] = rate * (f[i] - y[i]);
            }
            for (int j = 0; j < n; j++) {
                double rj = r[j];
                for (int i = 0; i < n; i++) {
                    f[i] -= kd[i + j * n] * rj;
                }
                for (int i = 0; i < m; i++) {
                    ft[i] -= td[i + j * m] * rj;
                }
            }
        }
        return new Outputs(f, ft);
    }

    /** ½‖(I − cK)^k r₀‖² (the loss the descent predicts, sum form) for k = 0 … steps, from K's eigensystem. */
    static double[] predictedLoss(double[] eigenvalues, double[] projections, double rate, int[] at) {
        double[] out = new double[at.length];
        for (int a = 0; a < at.length; a++) {
            double s = 0;
            for (int i = 0; i < eigenvalues.length; i++) {
                double factor = Math.pow(1 - rate * eigenvalues[i], at[a]);
                s += factor * factor * projections[i] * projections[i];
            }
            out[a] = 0.5 * s;
        }
        return out;
    }
}
