#!/usr/bin/env python3
"""Baseline: one lambda-min evaluation (seed 002, bombari preset) written in numpy/scipy, as a user would.

Three layers, sigmoid, widths d, no bias, Kaiming-normal init (std 1/sqrt(fan_in), output std 1),
x ~ N(0, I_d); the partial NTK of the middle layer K = (G1 G1^T) * (B2 B2^T) with G1 = sigmoid(x W1^T),
B2 = sigmoid'(G1 W2^T) * w3; its smallest eigenvalue by scipy.linalg.eigh(subset_by_index=[0, 0]).
Each repeat draws a fresh network and data set and is timed whole (init, kernel, eigenvalue), like the
Java evaluation. Prints one JSON line: the seconds of each repeat and their mean.
"""
import argparse
import json
import os
import time

import numpy as np
import scipy.linalg


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def evaluate(rng, n, d):
    x = rng.standard_normal((n, d))
    w1 = rng.standard_normal((d, d)) / np.sqrt(d)
    w2 = rng.standard_normal((d, d)) / np.sqrt(d)
    w3 = rng.standard_normal(d)
    g1 = sigmoid(x @ w1.T)
    s2 = sigmoid(g1 @ w2.T)
    b2 = s2 * (1.0 - s2) * w3
    k = (g1 @ g1.T) * (b2 @ b2.T)
    return float(scipy.linalg.eigh(k, eigvals_only=True, subset_by_index=[0, 0])[0])


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=3000)
    p.add_argument("--d", type=int, default=316)
    p.add_argument("--repeats", type=int, default=3)
    a = p.parse_args()
    rng = np.random.default_rng(0)
    seconds = []
    values = []
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        values.append(evaluate(rng, a.n, a.d))
        seconds.append(time.perf_counter() - t0)
    print(json.dumps({"n": a.n, "d": a.d, "seconds": seconds, "mean_seconds": sum(seconds) / len(seconds),
                      "lambda_min": values, "numpy": np.__version__, "scipy": scipy.__version__,
                      "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", "")}))


if __name__ == "__main__":
    main()
