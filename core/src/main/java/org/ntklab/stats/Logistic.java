package org.ntklab.stats;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Logistic regression by Firth's penalised likelihood (Firth 1993; Heinze &amp; Schemper 2002):
 * the likelihood times |I(β)|^{1/2}. Unlike plain maximum likelihood it has a finite estimate
 * when the outcomes are separated — the usual case in a phase-transition grid, where every run on
 * one side of the line succeeds and every run on the other fails — and its first-order bias is
 * removed. Intervals are Wald intervals from the inverse Fisher information.
 */
public final class Logistic {

    /**
     * A fitted model logit P(y = 1) = xᵀβ.
     *
     * @param beta       the coefficients
     * @param covariance the inverse Fisher information at β
     * @param iterations Newton iterations used
     */
    public record Fit(double[] beta, double[][] covariance, int iterations) {

        /** The fitted probability at covariates {@code x}. */
        public double probability(double[] x) {
            double eta = 0;
            for (int j = 0; j < beta.length; j++) {
                eta += beta[j] * x[j];
            }
            return 1 / (1 + Math.exp(-eta));
        }
    }

    private static final int MAX_ITERATIONS = 200;

    private Logistic() {
    }

    /**
     * Fits {@code y[i] ∈ {0, 1}} on the rows {@code x[i]} (include a column of ones for an intercept).
     *
     * @throws IllegalArgumentException on mismatched shapes, non-finite covariates, or a design of
     *                                  less than full column rank
     */
    public static Fit firth(double[][] x, boolean[] y) {
        int n = x.length;
        if (n == 0 || y.length != n) {
            throw new IllegalArgumentException("a logistic fit needs as many outcomes as rows, got " + n + " rows and " + y.length + " outcomes");
        }
        int p = x[0].length;
        for (double[] row : x) {
            if (row.length != p) {
                throw new IllegalArgumentException("every row of a logistic design needs " + p + " covariates");
            }
            for (double v : row) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("covariate " + v + " is not finite");
                }
            }
        }
        if (n <= p) {
            throw new IllegalArgumentException("a logistic fit with " + p + " coefficients needs more than " + p + " runs, got " + n);
        }
        double[] beta = new double[p];
        double current = penalisedLogLikelihood(x, y, beta);
        int it = 0;
        for (; it < MAX_ITERATIONS; it++) {
            double[] pi = probabilities(x, beta);
            RealMatrix inv = inverseInformation(x, pi);
            double[] h = leverages(x, pi, inv);
            double[] score = new double[p];
            for (int i = 0; i < n; i++) {
                double r = (y[i] ? 1 : 0) - pi[i] + h[i] * (0.5 - pi[i]);
                for (int j = 0; j < p; j++) {
                    score[j] += x[i][j] * r;
                }
            }
            double[] step = inv.operate(score);
            double maxStep = 0;
            for (double s : step) {
                maxStep = Math.max(maxStep, Math.abs(s));
            }
            // Damp long steps (the first iterations from β = 0 on separated data) and halve
            // until the penalised likelihood does not fall.
            double scale = maxStep > 5 ? 5 / maxStep : 1;
            double[] next = new double[p];
            double value = Double.NEGATIVE_INFINITY;
            for (int half = 0; half < 30; half++) {
                for (int j = 0; j < p; j++) {
                    next[j] = beta[j] + scale * step[j];
                }
                value = penalisedLogLikelihood(x, y, next);
                if (value >= current - 1e-12) {
                    break;
                }
                scale /= 2;
            }
            beta = next;
            current = value;
            if (maxStep * scale < 1e-10) {
                it++;
                break;
            }
        }
        double[][] cov = inverseInformation(x, probabilities(x, beta)).getData();
        return new Fit(beta, cov, it);
    }

    private static double[] probabilities(double[][] x, double[] beta) {
        double[] pi = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double eta = 0;
            for (int j = 0; j < beta.length; j++) {
                eta += x[i][j] * beta[j];
            }
            pi[i] = 1 / (1 + Math.exp(-eta));
        }
        return pi;
    }

    private static RealMatrix information(double[][] x, double[] pi) {
        int p = x[0].length;
        double[][] info = new double[p][p];
        for (int i = 0; i < x.length; i++) {
            double w = pi[i] * (1 - pi[i]);
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    info[a][b] += w * x[i][a] * x[i][b];
                }
            }
        }
        return new Array2DRowRealMatrix(info, false);
    }

    private static RealMatrix inverseInformation(double[][] x, double[] pi) {
        try {
            return new CholeskyDecomposition(information(x, pi), 1e-12, 1e-14).getSolver().getInverse();
        } catch (NonPositiveDefiniteMatrixException e) {
            throw new IllegalArgumentException("the logistic design is rank deficient (a covariate is constant or collinear)");
        }
    }

    private static double[] leverages(double[][] x, double[] pi, RealMatrix inv) {
        int p = x[0].length;
        double[] h = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double q = 0;
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    q += x[i][a] * inv.getEntry(a, b) * x[i][b];
                }
            }
            h[i] = pi[i] * (1 - pi[i]) * q;
        }
        return h;
    }

    private static double penalisedLogLikelihood(double[][] x, boolean[] y, double[] beta) {
        double ll = 0;
        double[] pi = probabilities(x, beta);
        for (int i = 0; i < x.length; i++) {
            double eta = 0;
            for (int j = 0; j < beta.length; j++) {
                eta += x[i][j] * beta[j];
            }
            // log σ(η) and log(1 − σ(η)) without overflow
            double logP = -Math.log1p(Math.exp(-Math.abs(eta))) + Math.min(eta, 0);
            double logQ = -Math.log1p(Math.exp(-Math.abs(eta))) - Math.max(eta, 0);
            ll += y[i] ? logP : logQ;
        }
        double det;
        try {
            // (w·x_a)·x_b and (w·x_b)·x_a round differently: allow that much asymmetry
            det = new CholeskyDecomposition(information(x, pi), 1e-12, 0).getDeterminant();
        } catch (NonPositiveDefiniteMatrixException e) {
            return Double.NEGATIVE_INFINITY;
        }
        return det > 0 ? ll + 0.5 * Math.log(det) : Double.NEGATIVE_INFINITY;
    }
}
