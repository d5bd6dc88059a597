"""What each viewer session reports, and the percentiles of the load test's report."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Every wait of a viewer has an end: a render slower than this counts as failed.
RENDER_TIMEOUT_S = 180


@dataclass
class SessionResult:
    session: int
    kind: str  # 'protocol' (Streamlit's websocket protocol) or 'browser' (a Chromium context)
    renders: list[float] = field(default_factory=list)  # seconds from request to a rendered overview
    errors: list[str] = field(default_factory=list)
    connected_at_end: bool = False


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `share` of the values at or below it.

    >>> percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95), percentile([], 0.5)
    (10, None)
    """
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summary(values: list[float]) -> dict:
    """Count, median, p95 and max, in seconds rounded to 0.01."""

    def rounded(v):
        return None if v is None else round(v, 2)

    return {
        "count": len(values),
        "median_s": rounded(percentile(values, 0.5)),
        "p95_s": rounded(percentile(values, 0.95)),
        "max_s": rounded(max(values) if values else None),
    }
