"""Planboard's status scale and the pure rules that assign it.

This is Planboard's own scale, not Nerima ward's official evaluation. The rules
(first matching line wins) are explained on screen from ``RULES_JA`` / ``RULES_EN``
and in docs/schema.md. The store's SQL macro ``planboard_status`` implements the
same rules for analysts; a test checks that both agree on every case.
"""

from __future__ import annotations

from dataclasses import dataclass

from planboard import settings


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
    s.code: s
    for s in [
        Status("behind", "遅れ", "Behind", "△", "#FE3939", 1),
        Status("not_started", "未着手", "Not started", "✕", "#FFBBBB", 2),
        Status("no_actual", "実績未報告", "Awaiting actuals", "？", "#949494", 3),
        Status("on_track", "概ね順調", "On track", "○", "#7096F8", 4),
        Status("not_due", "期限前", "Not yet due", "◇", "#C5D7FB", 5),
        Status("achieved", "達成", "Achieved", "◎", "#0017C1", 6),
        Status("no_target", "目標なし", "No target", "－", "#E6E6E6", 7),
    ]
}

# The statuses the overview always shows, even at zero, so executives see the whole scale.
HEADLINE_CODES = ("achieved", "on_track", "behind", "not_started", "no_actual")

RULES_JA = [
    "これは Planboard 独自の判定で、練馬区の公式評価ではありません。",
    "その年度に計画がない（「—」や数値のない「検討」など）→ 目標なし",
    "実績が未登録 → 年度末（3月31日）前なら 期限前、過ぎていれば 実績未報告",
    "件数の指標：その年度末の累計実績が累計計画以上 → 達成；前期末（基準）から増えていない → 未着手；"
    "計画の{ratio:.0%}以上 → 概ね順調；それ未満 → 遅れ",
    "件数で「拡大」だけが目標の指標：基準（前期末）より多い → 達成；年度中 → 概ね順調；それ以外 → 遅れ",
    "段階の指標：到達段階が計画段階以上 → 達成；未着手と報告 → 未着手；年度中で1段階手前 → 概ね順調；それ以外 → 遅れ",
    "取組（事業）の状況は、その指標のうち最も注意が必要なもの（遅れ → 未着手 → 実績未報告 → 概ね順調 → 期限前 → 達成）。",
]
RULES_EN = [
    "This is Planboard's own scale, not Nerima ward's official evaluation.",
    "No plan for that year (a dash, or words such as 'study' with no number) → No target",
    "No actual yet → Not yet due before the year ends (31 March), Awaiting actuals after",
    "Count metrics: cumulative actual at or above the cumulative plan → Achieved; no growth "
    "over the baseline → Not started; at least {ratio:.0%} of plan → On track; less → Behind",
    "Count metrics whose only target is 'expand': above the baseline → Achieved; "
    "during the year → On track; otherwise → Behind",
    "Stage metrics: stage reached at or past the planned stage → Achieved; reported as not "
    "started → Not started; one stage short during the year → On track; otherwise → Behind",
    "An item shows the status of its metric that needs attention most "
    "(Behind → Not started → Awaiting actuals → On track → Not yet due → Achieved).",
]


def rules(language: str = "ja") -> list[str]:
    ratio = float(settings.get("count_on_track_ratio"))
    return [line.format(ratio=ratio) for line in (RULES_EN if language == "en" else RULES_JA)]


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
