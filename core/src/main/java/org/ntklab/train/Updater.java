package org.ntklab.train;

import org.ntklab.net.Network;

/** Applies one optimiser step to one network's trainable parameters, keeping the optimiser's state. */
final class Updater {

    private final OptimizerSpec spec;
    private final Network net;
    private final double[][] m1w;
    private final double[][] m1b;
    private final double[][] m2w;
    private final double[][] m2b;
    private long t;

    Updater(OptimizerSpec spec, Network net) {
        this.spec = spec;
        this.net = net;
        int layers = net.layers();
        boolean first = spec.kind() == OptimizerSpec.Kind.MOMENTUM || spec.kind() == OptimizerSpec.Kind.ADAM;
        boolean second = spec.kind() == OptimizerSpec.Kind.ADAM;
        m1w = first ? new double[layers + 1][] : null;
        m1b = first ? new double[layers + 1][] : null;
        m2w = second ? new double[layers + 1][] : null;
        m2b = second ? new double[layers + 1][] : null;
        for (int l = 1; l <= layers && first; l++) {
            m1w[l] = new double[net.weights(l).length];
            m1b[l] = net.biases(l) == null ? null : new double[net.biases(l).length];
            if (second) {
                m2w[l] = new double[net.weights(l).length];
                m2b[l] = net.biases(l) == null ? null : new double[net.biases(l).length];
            }
        }
    }

    void step(double lr, Network.Gradient g) {
        t++;
        for (int l = 1; l <= net.layers(); l++) {
            if (g.weights()[l] == null) {
                continue;
            }
            apply(lr, net.weights(l), g.weights()[l], m1w == null ? null : m1w[l], m2w == null ? null : m2w[l]);
            if (g.biases()[l] != null) {
                apply(lr, net.biases(l), g.biases()[l], m1b == null ? null : m1b[l], m2b == null ? null : m2b[l]);
            }
        }
    }

    private void apply(double lr, double[] theta, double[] grad, double[] m1, double[] m2) {
        switch (spec.kind()) {
            case GD, SGD -> {
                for (int k = 0; k < theta.length; k++) {
                    theta[k] -= lr * grad[k];
                }
            }
            case MOMENTUM -> {
                double beta = spec.beta1();
                for (int k = 0; k < theta.length; k++) {
                    m1[k] = beta * m1[k] + grad[k];
                    theta[k] -= lr * m1[k];
                }
            }
            case ADAM -> {
                double b1 = spec.beta1();
                double b2 = spec.beta2();
                double c1 = 1 - Math.pow(b1, t);
                double c2 = 1 - Math.pow(b2, t);
                for (int k = 0; k < theta.length; k++) {
                    m1[k] = b1 * m1[k] + (1 - b1) * grad[k];
                    m2[k] = b2 * m2[k] + (1 - b2) * grad[k] * grad[k];
                    theta[k] -= lr * (m1[k] / c1) / (Math.sqrt(m2[k] / c2) + spec.eps());
                }
            }
            default -> throw new IllegalStateException();
        }
    }
}
