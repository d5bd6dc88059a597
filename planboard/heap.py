"""Memory hygiene for a long-running process: short full garbage collections, and memory a
large import has finished with given back to the system.

A Streamlit server holds hundreds of thousands of long-lived objects (the modules of
Streamlit, pandas, Plotly and DuckDB). Python's full collection walks all of them: a
page run that happens to trigger one waited about 110 ms more (docs/performance.md),
and that was the slowest filter change of the benchmark. Once the process has started,
`settle` collects what is garbage and then freezes the survivors: later full passes
walk only the objects made since, which are the page runs' own.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
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


def release_free_memory() -> None:
    """Collect, then ask the allocators to give the memory they hold free back to the system.

    A million-row file leaves hundreds of MB freed but still held by the process; a server
    that previews a file and then imports it would grow by both (about 100 MB more at the
    peak of a 1-million-row import, docs/performance.md). glibc's malloc_trim does this; on
    other C libraries it is absent and nothing happens.
    """
    import pyarrow as pa

    gc.collect()
    # Arrow's own allocator (mimalloc) keeps freed buffers too: after reading a million-row
    # file that was ~200 MB held until the end of the import.
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(ctypes.util.find_library("c")).malloc_trim(0)
