"""Time softmax, log_softmax, logsumexp and cross_entropy against SciPy, PyTorch and plain numpy.

Run with ``make bench`` (or ``python benchmarks/bench_softmax.py --output benchmarks/results.md``).
Everything runs on one thread: the thread-count variables are set before numpy is imported, and
threadpoolctl caps any BLAS or OpenMP pool that starts anyway; torch gets ``set_num_threads(1)``.

Each candidate is timed once per round and the rounds interleave the candidates, so a burst of
load from elsewhere on the machine hits all of them alike; the table reports the fastest of the
rounds (the least disturbed run) in milliseconds, and "ours / x" divides our time by x's.
The floors are one ``np.exp`` and one copy over the same array: no softmax can be faster than
reading the scores and writing one result array, and a stable one needs at least one exp.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse
import datetime as dt
import platform
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import scipy
import scipy.special
from threadpoolctl import threadpool_info, threadpool_limits

import multiclass

try:
    import torch
except ImportError:  # torch is optional: its column is left out
    torch = None

SHAPE = (10_000, 1_000)
ROUNDS = 25
ACCURACY_ROWS = 200  # rows of the same scores whose results are compared with long double
FUNCTIONS = ("softmax", "log_softmax", "logsumexp", "cross_entropy")


def naive_softmax(Z: np.ndarray) -> np.ndarray:
    """The one-liner most code uses: shift by the row maximum, exponentiate, divide."""
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def naive_log_softmax(Z: np.ndarray) -> np.ndarray:
    shifted = Z - Z.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def naive_logsumexp(Z: np.ndarray) -> np.ndarray:
    m = Z.max(axis=1)
    return m + np.log(np.exp(Z - m[:, None]).sum(axis=1))


def candidates(
    Z: np.ndarray, labels: np.ndarray, reduction: str = "mean"
) -> dict[str, dict[str, Callable[[], Any]]]:
    """For each function, the implementations to time, ours first.

    Cross-entropy is the mean over the samples, or with ``reduction="none"`` the loss of each
    sample (used to measure accuracy).
    """
    rows = np.arange(Z.shape[0])

    def mean(losses: Any) -> Any:
        return losses.mean() if reduction == "mean" else losses

    table: dict[str, dict[str, Callable[[], Any]]] = {
        "softmax": {
            "ours": lambda: multiclass.softmax(Z),
            "scipy": lambda: scipy.special.softmax(Z, axis=1),
            "naive": lambda: naive_softmax(Z),
        },
        "log_softmax": {
            "ours": lambda: multiclass.log_softmax(Z),
            "scipy": lambda: scipy.special.log_softmax(Z, axis=1),
            "naive": lambda: naive_log_softmax(Z),
        },
        "logsumexp": {
            "ours": lambda: multiclass.logsumexp(Z),
            "scipy": lambda: scipy.special.logsumexp(Z, axis=1),
            "naive": lambda: naive_logsumexp(Z),
        },
        "cross_entropy": {
            "ours": lambda: multiclass.cross_entropy(Z, labels, reduction=reduction),
            # SciPy has no cross-entropy: its log_softmax, then the entry of each true class.
            "scipy": lambda: mean(-scipy.special.log_softmax(Z, axis=1)[rows, labels]),
            "naive": lambda: mean(-naive_log_softmax(Z)[rows, labels]),
        },
    }
    if torch is not None:
        T = torch.from_numpy(Z)
        y = torch.from_numpy(labels)
        table["softmax"]["torch"] = lambda: torch.softmax(T, dim=1)
        table["log_softmax"]["torch"] = lambda: torch.log_softmax(T, dim=1)
        table["logsumexp"]["torch"] = lambda: torch.logsumexp(T, dim=1)
        table["cross_entropy"]["torch"] = lambda: torch.nn.functional.cross_entropy(
            T, y, reduction=reduction
        )
    return table


def as_numpy(value: Any) -> np.ndarray:
    return value.numpy() if torch is not None and isinstance(value, torch.Tensor) else value


def reference(Z: np.ndarray, labels: np.ndarray) -> dict[str, np.ndarray]:
    """The four functions in long double (64-bit significand on x86), by the accurate formulas.

    Eleven more bits than float64 are enough to measure float64 errors to about 1/1000 ulp.
    """
    Zl = Z.astype(np.longdouble)
    k = Zl.argmax(axis=1)
    rows = np.arange(Zl.shape[0])
    a = Zl[rows, k]
    E = np.exp(Zl - a[:, None])
    E[rows, k] = 0
    s = E.sum(axis=1)
    log1p_s = np.log1p(s)
    E[rows, k] = 1
    log_y = (Zl - a[:, None]) - log1p_s[:, None]
    return {
        "softmax": E / (1 + s)[:, None],
        "log_softmax": log_y,
        "logsumexp": a + log1p_s,
        "cross_entropy": -log_y[rows, labels],
    }


def max_ulps(
    table: dict[str, dict[str, Callable[[], Any]]], exact: dict[str, np.ndarray]
) -> dict[str, dict[str, float]]:
    """Largest error of each implementation in ulps of the output format, per function."""
    errors: dict[str, dict[str, float]] = {}
    for function, impls in table.items():
        want = exact[function]
        errors[function] = {}
        for name, fn in impls.items():
            got = np.asarray(as_numpy(fn()))
            ulp = np.spacing(np.abs(want).astype(got.dtype)).astype(np.longdouble)
            errors[function][name] = float(np.max(np.abs(got.astype(np.longdouble) - want) / ulp))
    return errors


def time_rounds(impls: dict[str, Callable[[], Any]], rounds: int) -> dict[str, float]:
    """Fastest of ``rounds`` interleaved single calls of each implementation, in seconds."""
    best = dict.fromkeys(impls, float("inf"))
    for _ in range(rounds):
        for name, fn in impls.items():
            start = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def machine(rounds: int) -> list[str]:
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    l2 = Path("/sys/devices/system/cpu/cpu0/cache/index2/size")
    blas = [
        f"{info.get('internal_api')} {info.get('version')} ({info.get('architecture', '?')})"
        for info in threadpool_info()
        if info.get("user_api") == "blas"
    ]
    dispatch = np.lib.introspect.opt_func_info(func_name="^exp$", signature="^d")
    exp_target = dispatch.get("exp", {}).get("dd", {}).get("current", "?")
    coretype = os.environ.get("OPENBLAS_CORETYPE", "unset")
    return [
        f"- CPU: {model}, {os.cpu_count()} cores"
        + (f", L2 {l2.read_text().strip()} per core" if l2.exists() else ""),
        "- One thread for every library (thread variables, threadpoolctl, torch.set_num_threads)",
        f"- Python {platform.python_version()}, numpy {np.__version__} (exp dispatched to "
        f"{exp_target}), scipy {scipy.__version__}, "
        + (f"torch {torch.__version__}" if torch is not None else "torch not installed"),
        f"- BLAS: {', '.join(blas) or 'none loaded'}; OPENBLAS_CORETYPE: {coretype}",
        f"- Measured {dt.date.today().isoformat()}, fastest of {rounds} interleaved rounds",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="also write the markdown table to this file")
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    args = parser.parse_args()
    if torch is not None:
        torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    lines = [
        f"Scores of shape {SHAPE}, standard normal times 4; integer labels for cross_entropy.",
        "",
    ]
    lines += machine(args.rounds)
    with threadpool_limits(limits=1):
        for dtype in (np.float64, np.float32):
            Z = (4.0 * rng.standard_normal(SHAPE)).astype(dtype)
            labels = rng.integers(0, SHAPE[1], SHAPE[0])
            table = candidates(Z, labels)
            others = [name for name in table["softmax"] if name != "ours"]
            sample = (Z[:ACCURACY_ROWS], labels[:ACCURACY_ROWS])
            ulps = max_ulps(candidates(*sample, reduction="none"), reference(*sample))
            floors = time_rounds({"exp": lambda Z=Z: np.exp(Z), "copy": Z.copy}, args.rounds)
            header = ["function", "ours (ms)"] + [f"{o} (ms)" for o in others]
            header += [f"ours / {o}" for o in others]
            first = len(lines)
            lines += ["", f"**{np.dtype(dtype).name}**", ""]
            lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            for function, impls in table.items():
                best = time_rounds(impls, args.rounds)
                row = [f"`{function}`", f"{1e3 * best['ours']:.1f}"]
                row += [f"{1e3 * best[o]:.1f}" for o in others]
                row += [f"{best['ours'] / best[o]:.2f}" for o in others]
                lines.append("| " + " | ".join(row) + " |")
            lines += [
                "",
                "Floors: one `np.exp` {:.1f} ms, one copy {:.1f} ms.".format(
                    1e3 * floors["exp"], 1e3 * floors["copy"]
                ),
                "",
                (
                    f"Largest error on the first {ACCURACY_ROWS} rows, in ulps of "
                    f"{np.dtype(dtype).name}, against long double:"
                ),
                "",
            ]
            header = ["function"] + [f"max ulp {o}" for o in ["ours", *others]]
            lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            for function in table:
                row = [f"`{function}`"] + [f"{ulps[function][o]:.1f}" for o in ["ours", *others]]
                lines.append("| " + " | ".join(row) + " |")
            print("\n".join(lines[first:]), flush=True)
    text = "\n".join(lines) + "\n"
    if args.output is not None:
        args.output.write_text(text)
        print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
