#!/usr/bin/env python3
"""Baseline: the analytic ReLU NTK Gram matrix written plainly in numpy, as a user would.

Same workload as KernelBench: N points on the unit sphere in d dimensions, the `arora` preset
(Sigma^0 = x.x', Sigma^h = 2 E[relu relu], Sigma-dot^h = (pi - theta)/pi), L hidden layers.
Prints one JSON line: {"n":..., "d":..., "depth":..., "seconds":..., "diag_mean":...}.

With --data X.npy --out K.npy it is the whole job a user runs instead of `ntk gram`: load the
points, compute the Gram, save it as .npy (the cli benchmark times this process from outside).
"""
import argparse
import json
import time

import numpy as np


def ntk_relu(x, depth):
    sigma = x @ x.T
    theta = sigma.copy()
    for _ in range(depth):
        norms = np.sqrt(np.diag(sigma))
        outer = np.outer(norms, norms)
        rho = np.clip(sigma / outer, -1.0, 1.0)
        angle = np.arccos(rho)
        sigma_dot = (np.pi - angle) / np.pi
        sigma = outer * (np.sin(angle) + (np.pi - angle) * np.cos(angle)) / np.pi
        theta = theta * sigma_dot + sigma
    return theta


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=8192)
    p.add_argument("--d", type=int, default=100)
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--repeats", type=int, default=1)
    p.add_argument("--data", help="points to load (.npy); the Gram is computed once and saved to --out")
    p.add_argument("--out", help="where to save the Gram (.npy), with --data")
    a = p.parse_args()
    if a.data:
        x = np.load(a.data)
        np.save(a.out, ntk_relu(x, a.depth))
        return
    rng = np.random.default_rng(42)
    x = rng.standard_normal((a.n, a.d))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    best = float("inf")
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        k = ntk_relu(x, a.depth)
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({"n": a.n, "d": a.d, "depth": a.depth, "seconds": best,
                      "diag_mean": float(np.mean(np.diag(k))), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
