"""The load test: `python -m loadtest` (docs/reliability.md).

Kept out of planboard/ because its viewers speak Streamlit's websocket protocol
(streamlit.proto) and drive Chromium, and planboard/ imports Streamlit only in ui.py.
"""
