"""Keep the garbage collector's full passes short in a long-running process.

A Streamlit server holds hundreds of thousands of long-lived objects (the modules of
Streamlit, pandas, Plotly and DuckDB). Python's full collection walks all of them: a
page run that happens to trigger one waited about 110 ms more (docs/performance.md),
and that was the slowest filter change of the benchmark. Once the process has started,
`settle` collects what is garbage and then freezes the survivors: later full passes
walk only the objects made since, which are the page runs' own.
"""

from __future__ import annotations

import gc
import threading

_LOCK = threading.Lock()
_settled = False


def settle() -> bool:
    """Collect, then move every object alive now out of the collector's sight; once per
    process. Returns whether this call did it."""
    global _settled
    with _LOCK:
        if _settled:
            return False
        gc.collect()
        gc.freeze()
        _settled = True
        return True
