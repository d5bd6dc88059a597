"""The one registry of Planboard's settings: name, default, help text.

Every setting can be overridden by an environment variable named
``PLANBOARD_`` + the upper-case name. ``docs/settings.md`` documents each one;
a test fails when a setting is missing there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str

    @property
    def env_var(self) -> str:
        return "PLANBOARD_" + self.name.upper()


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in [
        Setting(
            "db",
            str(PROJECT_ROOT / "data" / "planboard.duckdb"),
            "Path of the DuckDB store. The command line's --db wins over it.",
        ),
        Setting(
            "demo_db",
            str(PROJECT_ROOT / "data" / "demo" / "planboard-demo.duckdb"),
            "Path of the separate demo store (fictional sample actuals), built when demo mode is first switched on.",
        ),
        Setting(
            "plan_dir",
            str(PROJECT_ROOT / "data" / "plan"),
            "Folder of plan folders (one per plan, CSV files) that `build` loads.",
        ),
        Setting(
            "count_on_track_ratio",
            0.9,
            "Count metrics: a cumulative actual at or above this share of the cumulative "
            "plan (but below the plan) is 'on track' (概ね順調); below it is 'behind' (遅れ).",
        ),
        Setting(
            "default_language",
            "ja",
            "Language of the user interface when the link names none: 'ja' or 'en'.",
        ),
        Setting(
            "default_fiscal_year",
            0,
            "Fiscal year the dashboard opens on; 0 means the last year of the plan.",
        ),
        Setting(
            "max_upload_mb",
            5.0,
            "Largest actuals file (CSV or XLSX) that import accepts, in megabytes; larger files are "
            "refused before they are read.",
        ),
        Setting(
            "max_import_rows",
            10_000,
            "Most data rows an actuals file (CSV or XLSX) may have; a file with more is refused "
            "as most likely the wrong file. Raise it (and max_upload_mb) for bulk loads.",
        ),
        Setting(
            "backup_dir",
            "",
            "Folder of the automatic backups: each store's go to a subfolder named after its file "
            "(backups of data/planboard.duckdb in <backup_dir>/planboard/). Empty: a folder `backups` "
            "next to the store. Put it on another disk than the store in production.",
        ),
        Setting(
            "backup_keep",
            30,
            "How many automatic backups of each store to keep (the newest); 0 turns automatic backups off.",
        ),
        Setting(
            "max_concurrent_runs",
            2,
            "How many page runs the server works on at once; further viewers wait their turn (at most "
            "2 minutes, then run anyway). Python runs one thread at a time, so more only makes everyone "
            "finish late. 0 = no limit.",
        ),
        Setting(
            "login_max_failures",
            5,
            "Editor sign-in: wrong passwords in a row after which the account is locked.",
        ),
        Setting(
            "login_lockout_minutes",
            15,
            "Editor sign-in: how long an account stays locked after too many wrong passwords.",
        ),
        Setting(
            "chromium_path",
            "/usr/bin/chromium",
            "Chromium (or Chrome) that draws chart images (kaleido) and prints the council deck to PDF.",
        ),
    ]
}


def get(name: str):
    """Return a setting's value: the environment variable if set, else the default.

    >>> get("count_on_track_ratio")
    0.9
    """
    setting = SETTINGS[name]
    raw = os.environ.get(setting.env_var)
    if raw is None or raw == "":
        return setting.default
    return type(setting.default)(raw)
