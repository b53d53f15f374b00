"""Hypothesis profiles: ``ci`` is deterministic and thorough, ``dev`` is quick.

The profile comes from ``HYPOTHESIS_PROFILE`` (the Makefile sets ``ci`` when ``CI`` is set).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,  # the same examples on every run: a red CI is reproducible
    deadline=None,  # timing is for benchmarks, not tests
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=40, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
