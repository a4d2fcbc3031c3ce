package org.ntklab.train;

/**
 * The state of a training run at one recorded time. NaN marks what was not measured (no test
 * set, no target, a non-ReLU activation for patterns, drift switched off).
 *
 * @param step            steps taken
 * @param time            t = η · step
 * @param trainLoss       the loss on the training set
 * @param testErrorLabels mean squared error against the test labels (with k outputs: squared errors summed over
 *                        outputs, averaged over points)
 * @param testErrorTarget the same against the noiseless target f*(x) on the test points
 * @param kernelDrift     ‖K_t − K_0‖_F / ‖K_0‖_F of the empirical NTK on the drift points (Nk × Nk for k outputs)
 * @param patternChange   fraction of (hidden unit, training point) ReLU activation patterns changed since t = 0
 * @param maxNeuronMove   max over first-layer neurons r of ‖w_r(t) − w_r(0)‖
 * @param relParamMove    ‖θ_t − θ_0‖ / ‖θ_0‖ over the trainable parameters
 */
public record TrainingRecord(long step, double time, double trainLoss, double testErrorLabels, double testErrorTarget,
                             double kernelDrift, double patternChange, double maxNeuronMove, double relParamMove) {
}
