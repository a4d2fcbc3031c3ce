#!/usr/bin/env python3
"""Baseline: the structured empirical NTK of a ReLU MLP written in numpy, as a user would.

Same workload as EmpiricalBench: N points, d inputs, hidden widths m (NTK parameterisation,
`arora` scaling), K = sum_l (G_{l-1} G_{l-1}^T) * (B_l B_l^T) with scale factors.
Prints one JSON line with the seconds of the best of `--repeats` runs (network drawn outside the timing).
"""
import argparse
import json
import time

import numpy as np


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
    p.add_argument("--n", type=int, default=4096)
    p.add_argument("--d", type=int, default=100)
    p.add_argument("--widths", type=str, default="1024,1024,1024")
    p.add_argument("--repeats", type=int, default=2)
    a = p.parse_args()
    widths = [int(v) for v in a.widths.split(",")]
    rng = np.random.default_rng(0)
    x = rng.standard_normal((a.n, a.d))
    dims = [a.d] + widths + [1]
    ws = [rng.standard_normal((dims[l + 1], dims[l])) for l in range(len(dims) - 1)]
    scales = [np.sqrt(a.d / dims[0])] + [np.sqrt(2.0 / dims[l]) for l in range(1, len(dims) - 1)]
    best = float("inf")
    for _ in range(a.repeats):
        t0 = time.perf_counter()
        k = structured_ntk(x, ws, scales)
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({"n": a.n, "d": a.d, "widths": widths, "seconds": best, "trace": float(np.trace(k)),
                      "numpy": np.__version__}))


if __name__ == "__main__":
    main()
