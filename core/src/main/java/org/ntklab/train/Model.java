package org.ntklab.train;

import java.util.List;
import org.ntklab.linalg.Matrix;
import org.ntklab.net.Network;

/** What the trainer needs from a model: outputs, gradients and the parameter arrays it updates. */
interface Model {

    /** The networks whose θ arrays the optimiser updates (the live copies). */
    List<Network> holders();

    /** f on the training points at the current parameters, N × k (keeps what {@link #gradients} needs). */
    double[] trainOutputs();

    /** Per holder, Σ_i Σ_a r_ia ∂f_a(x_i)/∂θ at the state of the last {@link #trainOutputs} call. */
    List<Network.Gradient> gradients(double[] r);

    /** f on other points. */
    double[] predict(Matrix x);
}
