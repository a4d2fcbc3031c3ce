#!/usr/bin/env python3
"""Baseline: the smallest eigenvalue of the analytic ReLU NTK Gram (arora, N points on the sphere in
d = 100, depth 4 — EigenBench's matrix, passed with --gram so both sides solve the same matrix) by
scipy.linalg.eigh(subset_by_index=[0, 0]), as a user would. Loading is not timed. Prints one JSON line."""
import argparse
import json
import time

import numpy as np
import scipy.linalg


def ntk(x, depth):
    sigma = x @ x.T
    theta = sigma.copy()
    for _ in range(depth):
        nrm = np.sqrt(np.diag(sigma))
        outer = np.outer(nrm, nrm)
        rho = np.clip(sigma / outer, -1.0, 1.0)
        np.fill_diagonal(rho, 1.0)
        a = np.arccos(rho)
        sigma_dot = (np.pi - a) / np.pi
        sigma = outer * (np.sin(a) + (np.pi - a) * np.cos(a)) / np.pi
        theta = theta * sigma_dot + sigma
    return theta


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=8192)
    p.add_argument("--d", type=int, default=100)
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--gram", type=str, default=None, help="a .npy Gram to use instead of building one")
    a = p.parse_args()
    if a.gram:
        k = np.load(a.gram)
    else:
        rng = np.random.default_rng(42)
        x = rng.standard_normal((a.n, a.d))
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        k = ntk(x, a.depth)
    t0 = time.perf_counter()
    w = scipy.linalg.eigh(k, eigvals_only=True, subset_by_index=[0, 0])
    s = time.perf_counter() - t0
    print(json.dumps({"n": k.shape[0], "seconds": s, "lambda_min": float(w[0]), "scipy": scipy.__version__}))


if __name__ == "__main__":
    main()
