package org.ntklab.train;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Network;
import org.ntklab.net.Pass;

/**
 * The network linearised around its initial parameters θ₀:
 * f_lin(x; θ) = f(x; θ₀) + ∇_θ f(x; θ₀) (θ − θ₀). Its gradient is the initial Jacobian's, so
 * gradient descent on it is exactly kernel gradient descent with the empirical NTK at t = 0.
 */
final class LinearisedModel implements Model {

    private final FiniteNetwork live;
    private final List<Network> initial;
    private final double[] weights;
    private final Matrix x;
    private final List<Pass> trainPasses;
    private final Map<Matrix, List<Pass>> otherPasses = new IdentityHashMap<>();

    LinearisedModel(FiniteNetwork net, Matrix x) {
        this.live = net;
        this.initial = new ArrayList<>();
        for (Network c : net.copies()) {
            initial.add(c.copy());
        }
        this.weights = net.outputWeights();
        this.x = x;
        this.trainPasses = passesAt(x);
    }

    private List<Pass> passesAt(Matrix points) {
        List<Pass> ps = new ArrayList<>();
        for (Network c : initial) {
            ps.add(c.forward(points));
        }
        return ps;
    }

    @Override
    public List<Network> holders() {
        return live.copies();
    }

    @Override
    public double[] trainOutputs() {
        return outputs(trainPasses);
    }

    private double[] outputs(List<Pass> passes) {
        List<Network> now = live.copies();
        double[] f = new double[passes.get(0).output().length];
        for (int c = 0; c < initial.size(); c++) {
            Network base = initial.get(c);
            Network cur = now.get(c);
            double[][] dw = new double[base.layers() + 1][];
            double[][] db = new double[base.layers() + 1][];
            for (int l = 1; l <= base.layers(); l++) {
                dw[l] = difference(cur.weights(l), base.weights(l));
                db[l] = cur.biases(l) == null ? null : difference(cur.biases(l), base.biases(l));
            }
            double[] f0 = passes.get(c).output();
            double[] df = base.jvp(passes.get(c), dw, db);
            for (int i = 0; i < f.length; i++) {
                f[i] += weights[c] * (f0[i] + df[i]);
            }
        }
        return f;
    }

    private static double[] difference(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int k = 0; k < d.length; k++) {
            d[k] = a[k] - b[k];
        }
        return d;
    }

    @Override
    public List<Network.Gradient> gradients(double[] r) {
        List<Network.Gradient> g = new ArrayList<>();
        for (int c = 0; c < initial.size(); c++) {
            double[] rc = r.clone();
            for (int i = 0; i < rc.length; i++) {
                rc[i] *= weights[c];
            }
            g.add(initial.get(c).gradient(trainPasses.get(c), rc));
        }
        return g;
    }

    @Override
    public double[] predict(Matrix points) {
        if (points == x) {
            return trainOutputs();
        }
        return outputs(otherPasses.computeIfAbsent(points, this::passesAt));
    }
}
