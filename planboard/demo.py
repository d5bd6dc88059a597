"""A separate demo store: the plan plus the fictional sample actuals, for trying the dashboard out.

The sample figures are invented (data/samples/sample_actuals_fictional.csv says so in
its name and in every row's 出典). They go only into the demo store, never into the
default store, which holds what the plan document prints and real reported actuals.
"""

from __future__ import annotations

from pathlib import Path

from planboard import ingest, settings, store
from planboard.settings import PROJECT_ROOT

SAMPLE_FILE = PROJECT_ROOT / "data" / "samples" / "sample_actuals_fictional.csv"
DEMO_EDITOR = "サンプル（架空）"
SAMPLE_SOURCE = "架空のサンプルデータ（実在しない数値）"  # the 出典 of every row of the sample file


class DemoStoreError(ValueError):
    """The demo store cannot be built where asked, or the sample did not import."""


def build_demo_store(path: Path | None = None, plan_dir: Path | None = None, sample: Path | None = None) -> Path:
    """Build (or rebuild from scratch) the demo store at path and import the fictional sample into it.

    Refuses the default store's path (setting `db`), so sample data never lands there.
    Returns the path of the demo store.
    """
    path = Path(path or settings.get("demo_db"))
    if path.resolve() == Path(settings.get("db")).resolve():
        raise DemoStoreError(
            f"{path} は既定のストアです。サンプルデータは別のファイルにしか入れません。"
            f" / {path} is the default store; sample data goes only into a separate file."
        )
    for old in (path, path.with_name(path.name + ".wal")):
        old.unlink(missing_ok=True)  # a demo store is disposable: start again from the plan
    store.build(path, plan_dir)
    report = ingest.import_file(path, sample or SAMPLE_FILE, editor=DEMO_EDITOR)
    if not report.ok:
        raise DemoStoreError("\n".join(p.message_ja for p in report.problems))
    return path
