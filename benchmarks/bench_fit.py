"""Time LinearClassifier.fit against scikit-learn's LogisticRegression (lbfgs), same objective.

Problem: scikit-learn's digits (N = 1797 images of 8x8 pixels, D = 64, K = 10), features
standardised. Objective: the mean cross-entropy plus (lambda / 2) ||W||_F^2, bias not penalised.
scikit-learn minimises sum_n E_n + ||W||_F^2 / (2 C), which is N times ours when
lambda = 1 / (C N); we use its default C = 1.

Each solver is timed at the loosest tolerance of a ladder that brings its objective within 1e-6
(relative) of the optimum f*, the smallest objective any solver reached with its tightest
setting. Runs alternate between the solvers; the table gives the best (least disturbed by
other work on the machine) and the median of the repeats.

    python benchmarks/bench_fit.py           # print the table
    python benchmarks/bench_fit.py --write   # and record it in benchmarks/fit-results.md

BLAS and OpenMP run one thread each by default (``--threads``): on a small shared machine,
threads that wait for a busy core can slow a solver down by a factor of ten or more, which
would measure the machine's load instead of the solvers.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import sklearn
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_info, threadpool_limits

from multiclass import LinearClassifier

TARGET = 1e-6
REPEATS = 21
C = 1.0
LADDER = [1e-3, 1e-4, 5e-5, 2e-5, 1e-5, 5e-6, 2e-6, 1e-6, 1e-8]
RESULTS = Path(__file__).with_name("fit-results.md")


def objective(W: np.ndarray, b: np.ndarray, X: np.ndarray, y: np.ndarray, l2: float) -> float:
    """Mean cross-entropy plus (l2 / 2) ||W||^2, evaluated independently of both solvers."""
    Z = X @ W.T + b
    top = Z.max(axis=1)
    lse = top + np.log(np.exp(Z - top[:, None]).sum(axis=1))
    return float(np.mean(lse - Z[np.arange(len(y)), y]) + 0.5 * l2 * np.sum(W * W))


def ours(X: np.ndarray, y: np.ndarray, l2: float, tol: float) -> tuple[np.ndarray, np.ndarray, int]:
    model = LinearClassifier(10, X.shape[1]).fit(X, y, l2=l2, tol=tol, max_epochs=100_000)
    return model.W, model.b, model.history.epochs


def scikit_learn(
    X: np.ndarray, y: np.ndarray, _l2: float, tol: float
) -> tuple[np.ndarray, np.ndarray, int]:
    model = LogisticRegression(C=C, solver="lbfgs", tol=tol, max_iter=100_000).fit(X, y)
    return model.coef_, model.intercept_, int(model.n_iter_[0])


Solver = Callable[[np.ndarray, np.ndarray, float, float], tuple[np.ndarray, np.ndarray, int]]
SOLVERS: dict[str, tuple[Solver, list[float], str]] = {
    "multiclass LinearClassifier.fit": (ours, LADDER, "tol"),
    "scikit-learn LogisticRegression (lbfgs)": (
        scikit_learn,
        LADDER,
        "tol",
    ),
}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    blas = ", ".join(
        f"{i['internal_api']} {i.get('version')} ({i.get('architecture')}, {i['num_threads']} threads)"
        for i in threadpool_info()
        if i["user_api"] == "blas"
    )
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return (
        f"{cpu}, {os.cpu_count()} cores (load average {load} over 1 / 5 / 15 minutes at the "
        f"end of the run); Python {platform.python_version()}, numpy {np.__version__}, "
        f"scikit-learn {sklearn.__version__}; BLAS: {blas}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="record the table in fit-results.md")
    parser.add_argument("--threads", type=int, default=1, help="BLAS/OpenMP threads (default 1)")
    args = parser.parse_args()
    with threadpool_limits(limits=args.threads):
        run(write=args.write, threads=args.threads)


def run(*, write: bool, threads: int) -> None:
    """Find f*, pick each solver's tolerance, time the solvers and print the table."""

    X, y = load_digits(return_X_y=True)
    std = X.std(axis=0)
    X = (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)
    n = X.shape[0]
    l2 = 1.0 / (C * n)

    # The optimum: the best objective any solver reaches with its tightest setting.
    finals = {}
    for name, (solve, ladder, _) in SOLVERS.items():
        W, b, _ = solve(X, y, l2, ladder[-1])
        finals[name] = objective(W, b, X, y, l2)
    f_star = min(finals.values())

    chosen: dict[str, tuple[float, int, float]] = {}
    for name, (solve, ladder, _) in SOLVERS.items():
        for tol in ladder:
            W, b, iterations = solve(X, y, l2, tol)
            gap = (objective(W, b, X, y, l2) - f_star) / f_star
            if gap <= TARGET:
                chosen[name] = (tol, iterations, gap)
                break
        else:
            msg = f"{name} did not reach {TARGET:g} of the optimum"
            raise SystemExit(msg)

    times: dict[str, list[float]] = {name: [] for name in SOLVERS}
    for _ in range(REPEATS):
        for name, (solve, _, _) in SOLVERS.items():
            start = time.perf_counter()
            solve(X, y, l2, chosen[name][0])
            times[name].append(time.perf_counter() - start)

    sk = "scikit-learn LogisticRegression (lbfgs)"
    best_ref, median_ref = min(times[sk]), statistics.median(times[sk])
    rows = [
        (
            "| solver | setting | iterations | relative gap to f* | best (ms) | median (ms) "
            "| best / scikit-learn | median / scikit-learn |"
        ),
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, (tol, iterations, gap) in chosen.items():
        best, median = min(times[name]), statistics.median(times[name])
        rows.append(
            f"| {name} | tol = {tol:g} | {iterations} | {gap:.1e} | {1e3 * best:.1f} | "
            f"{1e3 * median:.1f} | {best / best_ref:.2f} | {median / median_ref:.2f} |"
        )
    text = (
        f"Digits, N = {n}, D = {X.shape[1]}, K = 10, standardised; lambda = 1 / (C N) with "
        f"C = {C:g}; f* = {f_star:.12f}; each solver at the loosest tolerance reaching "
        f"{TARGET:g} relative; best and median of {REPEATS} alternating runs; {threads} BLAS/OpenMP "
        f"thread(s).\n\n" + "\n".join(rows) + f"\n\nMachine: {machine()}.\n"
    )
    print(text)
    if write:
        # No heading: the file is included whole into docs/training.md.
        RESULTS.write_text(
            "<!-- Written by `python benchmarks/bench_fit.py --write`; `make bench` prints a "
            "fresh table. -->\n\n" + text,
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
