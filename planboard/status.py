"""Planboard's status scale and the pure rules that assign it.

This is Planboard's own scale, not Nerima ward's official evaluation. The rules
(first matching line wins) are explained on screen from the catalogue's
``STATUS_RULES_JA`` / ``STATUS_RULES_EN`` (planboard/i18n.py, which also names each status)
and in docs/schema.md. The store's SQL macro ``planboard_status`` implements the
same rules for analysts; a test checks that both agree on every case.
"""

from __future__ import annotations

from dataclasses import dataclass

from planboard import i18n, settings


@dataclass(frozen=True)
class Status:
    code: str
    label_ja: str
    label_en: str
    icon: str
    colour: str
    severity: int  # lower = needs attention first; an item shows its lowest

    def label(self, language: str = "ja") -> str:
        return self.label_en if language == "en" else self.label_ja

    def badge(self, language: str = "ja") -> str:
        """Icon and words together: colour never carries the meaning alone."""
        return f"{self.icon} {self.label(language)}"


# Colours: the Digital Agency chart palette, plus neutral greys.
STATUSES: dict[str, Status] = {
    code: Status(code, i18n.STATUS_NAMES[code]["ja"], i18n.STATUS_NAMES[code]["en"], icon, colour, severity)
    for code, icon, colour, severity in [
        ("behind", "△", "#FE3939", 1),
        ("not_started", "✕", "#FFBBBB", 2),
        ("no_actual", "？", "#949494", 3),
        ("on_track", "○", "#7096F8", 4),
        ("not_due", "◇", "#C5D7FB", 5),
        ("achieved", "◎", "#0017C1", 6),
        ("no_target", "－", "#E6E6E6", 7),
    ]
}

# The statuses the overview always shows, even at zero, so executives see the whole scale.
HEADLINE_CODES = ("achieved", "on_track", "behind", "not_started", "no_actual")


def rules(language: str = "ja") -> list[str]:
    ratio = float(settings.get("count_on_track_ratio"))
    return [line.format(ratio=ratio) for line in (i18n.STATUS_RULES_EN if language == "en" else i18n.STATUS_RULES_JA)]


def evaluate(
    *,
    rule: str | None,
    planned_value: float | None = None,
    planned_stage_no: int | None = None,
    actual_value: float | None = None,
    actual_stage_no: int | None = None,
    base_value: float | None = None,
    year_ended: bool,
    ratio: float | None = None,
) -> str:
    """Status code of one metric in one fiscal year.

    ``rule`` is the target's comparison: 'at_least' (count against a cumulative
    plan), 'stage' (stage reached against stage planned), 'increase' (more than
    the baseline ``base_value``), 'none' or None (nothing planned).

    >>> evaluate(rule="at_least", planned_value=16, actual_value=14, base_value=12,
    ...          year_ended=True, ratio=0.9)
    'behind'
    """
    if ratio is None:
        ratio = float(settings.get("count_on_track_ratio"))
    if rule not in ("at_least", "stage", "increase"):
        return "no_target"
    if rule == "stage":
        if actual_stage_no is None or planned_stage_no is None:
            return "no_target" if planned_stage_no is None else _missing(year_ended)
        if actual_stage_no >= planned_stage_no:
            return "achieved"
        if actual_stage_no == 0:
            return "not_started"
        if not year_ended and actual_stage_no == planned_stage_no - 1:
            return "on_track"
        return "behind"
    if actual_value is None:
        return _missing(year_ended)
    if rule == "increase":
        if base_value is None:
            return "no_target"
        if actual_value > base_value:
            return "achieved"
        return "behind" if year_ended else "on_track"
    if planned_value is None:
        return "no_target"
    if actual_value >= planned_value:
        return "achieved"
    if base_value is not None and actual_value <= base_value:
        return "not_started"
    if actual_value >= ratio * planned_value:
        return "on_track"
    return "behind"


def _missing(year_ended: bool) -> str:
    return "no_actual" if year_ended else "not_due"


def worst(codes) -> str:
    """The status an item shows: the one among its metrics that needs attention most.

    >>> worst(["achieved", "no_actual", "no_target"])
    'no_actual'
    """
    codes = [c for c in codes if c]
    if not codes:
        return "no_target"
    return min(codes, key=lambda c: STATUSES[c].severity)
