#!/usr/bin/env python3
"""Baseline: the sweep of the `sweep` bench suite written as a numpy/scipy loop, as a user would.

For each width in --widths and each seed in 0..--seeds-1: a ReLU MLP with two hidden layers of that
width (NTK parameterisation, `arora` scaling), its structured empirical NTK on N points of the
sphere S^{d-1} (the same points for every network), and λ_min by
scipy.linalg.eigh(subset_by_index=[0, 0]). The whole loop is timed (drawing the networks included,
as the Java tasks include it). Prints one JSON line with the seconds and the mean λ_min per width.
"""
import argparse
import json
import time

import numpy as np
import scipy
import scipy.linalg


def structured_ntk(x, ws, scales):
    gs = [x]
    ds = []
    h = x
    for l, (w, s) in enumerate(zip(ws, scales)):
        pre = s * (h @ w.T)
        if l < len(ws) - 1:
            ds.append((pre > 0).astype(x.dtype))
            h = np.maximum(pre, 0.0)
            gs.append(h)
    n = x.shape[0]
    b = np.ones((n, 1))
    k = scales[-1] ** 2 * (gs[-1] @ gs[-1].T)
    for l in range(len(ws) - 2, -1, -1):
        b = (scales[l + 1] * (b @ ws[l + 1])) * ds[l]
        k += scales[l] ** 2 * (gs[l] @ gs[l].T) * (b @ b.T)
    return k


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--d", type=int, default=50)
    p.add_argument("--depth", type=int, default=2)
    p.add_argument("--widths", type=str, default="16,32,64,128,256,512,1024,2048")
    p.add_argument("--seeds", type=int, default=10)
    a = p.parse_args()
    widths = [int(v) for v in a.widths.split(",")]
    x = np.random.default_rng(12345).standard_normal((a.n, a.d))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    means = {}
    t0 = time.perf_counter()
    for m in widths:
        values = []
        for seed in range(a.seeds):
            rng = np.random.default_rng(seed)
            dims = [a.d] + [m] * a.depth + [1]
            ws = [rng.standard_normal((dims[l + 1], dims[l])) for l in range(len(dims) - 1)]
            scales = [1.0] + [np.sqrt(2.0 / dims[l]) for l in range(1, len(dims) - 1)]
            k = structured_ntk(x, ws, scales)
            values.append(float(scipy.linalg.eigh(k, eigvals_only=True, subset_by_index=[0, 0])[0]))
        means[str(m)] = float(np.mean(values))
    seconds = time.perf_counter() - t0
    print(json.dumps({"n": a.n, "d": a.d, "depth": a.depth, "widths": widths, "seeds": a.seeds, "seconds": seconds,
                      "mean_lambda_min": means, "numpy": np.__version__, "scipy": scipy.__version__}))


if __name__ == "__main__":
    main()
