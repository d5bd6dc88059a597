"""The server runs on uvloop and httptools (requirements.txt; docs/performance.md, change 36).

Both are optional to Streamlit and uvicorn, which quietly fall back to asyncio's loop and the
pure-Python h11 parser when they are missing, so a dropped pin would only show as slower pages.
"""

from __future__ import annotations

from streamlit.web import bootstrap
from uvicorn.protocols.http.auto import AutoHTTPProtocol


def test_streamlit_runs_its_server_on_uvloop():
    factory = bootstrap._get_uvloop_loop_factory()
    assert factory is not None, "uvloop is missing: pip install -r requirements.txt"
    loop = factory()
    try:
        assert type(loop).__module__.startswith("uvloop")
    finally:
        loop.close()


def test_uvicorn_parses_http_with_httptools():
    assert AutoHTTPProtocol.__name__ == "HttpToolsProtocol", "httptools is missing: pip install -r requirements.txt"
