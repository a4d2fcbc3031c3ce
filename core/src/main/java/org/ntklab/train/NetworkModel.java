package org.ntklab.train;

import java.util.ArrayList;
import java.util.List;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.FiniteNetwork;
import org.ntklab.net.Network;
import org.ntklab.net.Pass;
import org.ntklab.net.PassBuffers;

/** The network itself: f = Σ_c w_c f_c over its copies (one, or a mirrored pair). */
final class NetworkModel implements Model {

    private final FiniteNetwork net;
    private final Matrix x;
    private final double[] weights;
    private final List<PassBuffers> buffers = new ArrayList<>();
    private List<Pass> passes;

    NetworkModel(FiniteNetwork net, Matrix x) {
        this.net = net;
        this.x = x;
        this.weights = net.outputWeights();
        for (int c = 0; c < net.copies().size(); c++) {
            // each step's pass overwrites the previous one's arrays: a step allocates no N × m array
            buffers.add(new PassBuffers());
        }
    }

    @Override
    public List<Network> holders() {
        return net.copies();
    }

    /** The passes of the last {@link #trainOutputs} call, one per copy. */
    List<Pass> passes() {
        return passes;
    }

    @Override
    public double[] trainOutputs() {
        passes = new ArrayList<>();
        double[] f = null;
        List<Network> copies = net.copies();
        for (int c = 0; c < copies.size(); c++) {
            Pass p = copies.get(c).forward(x, buffers.get(c));
            passes.add(p);
            double[] fc = p.output();
            f = f == null ? new double[fc.length] : f;
            for (int i = 0; i < f.length; i++) {
                f[i] += weights[c] * fc[i];
            }
        }
        return f;
    }

    @Override
    public List<Network.Gradient> gradients(double[] r) {
        List<Network.Gradient> g = new ArrayList<>();
        List<Network> copies = net.copies();
        for (int c = 0; c < copies.size(); c++) {
            double[] rc = r.clone();
            for (int i = 0; i < rc.length; i++) {
                rc[i] *= weights[c];
            }
            g.add(copies.get(c).gradient(passes.get(c), rc, buffers.get(c)));
        }
        return g;
    }

    @Override
    public double[] predict(Matrix points) {
        return net.output(points);
    }
}
