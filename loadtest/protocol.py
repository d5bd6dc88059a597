"""Viewer sessions that speak Streamlit's own protocol over its websocket, as the browser does.

Each is a real session of the server: it connects to /_stcore/stream, asks for a script run
of a page (the BackMsg a browser sends when it opens the link), and reads every ForwardMsg
the run produces until the run finishes. The server does all the work it does for a
browser (runs the script, draws every element, sends every delta); only the drawing in a
browser is left out, which happens on the viewer's own PC. Later runs are reruns in the
same session, as when a viewer changes a widget.
"""

from __future__ import annotations

import asyncio
import random
import time

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from loadtest.results import RENDER_TIMEOUT_S, SessionResult


def rerun_message(page: str = "", query: str = "") -> bytes:
    """The BackMsg of a browser opening /<page>?<query> ("" = the default page, the overview)."""
    msg = BackMsg()
    msg.rerun_script.query_string = query
    msg.rerun_script.page_name = page
    msg.rerun_script.context_info.locale = "ja-JP"
    msg.rerun_script.context_info.timezone = "Asia/Tokyo"
    return msg.SerializeToString()


class RunOutcome:
    """What one script run sent: headings, warnings and exceptions, by their text."""

    def __init__(self):
        self.headings: list[str] = []
        self.alerts: list[str] = []
        self.exceptions: list[str] = []
        self.elements = 0

    def add(self, msg: ForwardMsg) -> None:
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            return
        element = msg.delta.new_element
        self.elements += 1
        kind = element.WhichOneof("type")
        if kind == "heading":
            self.headings.append(element.heading.body)
        elif kind == "alert":
            self.alerts.append(element.alert.body)
        elif kind == "exception":
            self.exceptions.append(f"{element.exception.type}: {element.exception.message}"[:300])


async def run_once(ws, page: str = "", query: str = "") -> RunOutcome:
    """Ask for a script run and read its messages until it has finished (not merely been restarted)."""
    await ws.send(rerun_message(page, query))
    outcome = RunOutcome()
    while True:
        msg = ForwardMsg()
        msg.ParseFromString(await ws.recv())
        outcome.add(msg)
        if msg.WhichOneof("type") == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                outcome.exceptions.append("the script did not compile")
                return outcome
            if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return outcome


def connect(base: str):
    """A websocket session with the server at base (http://127.0.0.1:PORT), from its own origin."""
    return websockets.connect(
        base.replace("http://", "ws://", 1) + "/_stcore/stream",
        subprotocols=["streamlit"],
        origin=base,
        max_size=None,
        open_timeout=RENDER_TIMEOUT_S,
        # Browsers never ping; the server pings them. A client ping that a busy server
        # answers late would close the session, which no browser would do.
        ping_interval=None,
    )


async def session(base: str, number: int, start_at: float, deadline: float, think: float, expect: str):
    """One viewer: open the overview, then rerun it after a pause until the deadline."""
    result = SessionResult(number, "protocol")
    rng = random.Random(number)
    await asyncio.sleep(max(0.0, start_at - time.time()))
    try:
        async with connect(base) as ws:
            first = True
            while first or time.time() < deadline:
                started = time.monotonic()
                outcome = await asyncio.wait_for(run_once(ws), RENDER_TIMEOUT_S)
                result.renders.append(time.monotonic() - started)
                result.errors += outcome.exceptions
                if not any(h.startswith(expect) for h in outcome.headings):
                    result.errors.append(f"no heading {expect!r} in the run: {outcome.headings[:3]}")
                first = False
                await asyncio.sleep(min(rng.uniform(0.5, 1.5) * think, max(0.0, deadline - time.time())))
            result.connected_at_end = not result.errors and ws.state == websockets.State.OPEN
    except (OSError, TimeoutError, websockets.WebSocketException) as exc:
        result.errors.append(f"session failed: {type(exc).__name__}: {exc}"[:300])
    return result
