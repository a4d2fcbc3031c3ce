package org.ntklab.train;

import org.ntklab.linalg.Matrix;
import org.ntklab.linalg.SymmetricOperator;
import org.ntklab.net.EmpiricalNtk;
import org.ntklab.net.FiniteNetwork;

/**
 * The default step of gradient descent. For the loss 1/(2n)Σ(f − y)² the linearised dynamics
 * f_{k+1} − y = (I − ηK/n)(f_k − y) are stable for η &lt; 2n/λ_max(K) (2/λ_max for the
 * unnormalised loss); the default takes half that, leaving room for the kernel to move during
 * training and for the power iteration's small underestimate of λ_max.
 */
public final class StepSize {

    /** The fraction of the stability limit used by default. */
    public static final double SAFE_FRACTION = 0.5;

    private StepSize() {
    }

    /**
     * λ_max of the empirical NTK of {@code net} on X (Nk × Nk for k outputs): power iteration to 1e-4
     * relative (dense K for Nk ≤ 4096).
     */
    public static double lambdaMax(FiniteNetwork net, Matrix x) {
        long size = (long) x.rows() * net.outputs();
        SymmetricOperator op;
        if (size <= 4096) {
            Matrix k = EmpiricalNtk.structured(net, x);
            op = dense(k);
        } else {
            op = EmpiricalNtk.operator(net, x);
        }
        return powerIteration(op, 1e-4, 500);
    }

    /** The default step for λ_max and n points. */
    public static double defaultLr(double lambdaMax, int n, boolean meanLoss) {
        if (!(lambdaMax > 0) || !Double.isFinite(lambdaMax)) {
            throw new IllegalArgumentException("the NTK at initialisation has λ_max = " + lambdaMax
                    + ": cannot derive a step; give one explicitly");
        }
        return SAFE_FRACTION * 2 * (meanLoss ? n : 1) / lambdaMax;
    }

    static SymmetricOperator dense(Matrix k) {
        return new SymmetricOperator() {
            @Override
            public int size() {
                return k.rows();
            }

            @Override
            public void apply(double[] v, double[] out) {
                org.ntklab.linalg.backend.Backends.blas().dgemv(org.ntklab.linalg.Trans.N, k.rows(), k.cols(), 1.0, k.data(), 0, k.rows(),
                        v, 0, 0.0, out, 0);
            }
        };
    }

    /** The largest eigenvalue of a PSD operator by power iteration from a fixed start (deterministic). */
    static double powerIteration(SymmetricOperator op, double tol, int maxIter) {
        int n = op.size();
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 1.0 + 0.01 * Math.sin(i + 1.0); // a fixed start with a component along every direction
        }
        normalise(v);
        double[] w = new double[n];
        double lambda = 0;
        for (int it = 0; it < maxIter; it++) {
            op.apply(v, w);
            double rq = dot(v, w);
            double nrm = Math.sqrt(dot(w, w));
            if (nrm == 0) {
                return 0;
            }
            for (int i = 0; i < n; i++) {
                v[i] = w[i] / nrm;
            }
            if (it > 0 && Math.abs(rq - lambda) <= tol * Math.abs(rq)) {
                return rq;
            }
            lambda = rq;
        }
        return lambda;
    }

    private static void normalise(double[] v) {
        double s = Math.sqrt(dot(v, v));
        for (int i = 0; i < v.length; i++) {
            v[i] /= s;
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
