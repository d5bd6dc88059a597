"""The council deck: one message per slide, the same slides on screen and in PPTX/PDF.

Pure: data in, Slide objects out. Presentation mode draws them with Streamlit;
the exporters write them to PowerPoint and PDF, so every figure matches the dashboard.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from planboard import charts, i18n, item_charts, loaders, status
from planboard.chart_text import shortened
from planboard.fiscal_year import format_fiscal_year


@dataclass
class Slide:
    title: str
    lines: list[str] = field(default_factory=list)  # large text, one idea a line
    chart: charts.Chart | None = None
    table: pd.DataFrame | None = None
    notes: str = ""  # speaker notes, carried into the PPTX
    footer: str = ""  # source and as-of date, on every slide
    name: str = ""  # what the slide is about, for file names: title, status, an item number, goal-N


@dataclass
class DeckData:
    """Everything a deck is drawn from, as the loaders return it."""

    plan: dict
    items: pd.DataFrame
    rows: pd.DataFrame
    stages: dict[str, pd.DataFrame]
    facets: dict[str, pd.DataFrame]
    fiscal_year: int
    scope: str | None  # the department filter, None for the whole plan
    as_of: dt.datetime | None
    sample_label: str | None = None  # set while demo data is shown
    notes: pd.DataFrame | None = None  # 評価・課題 (loaders.metric_notes) of the deck's items
    plan_stages: pd.DataFrame | None = None  # every milestone's stages, to name them in the reasons


def load_deck_data(
    con,
    plan: dict,
    fiscal_year: int,
    bureau: str | None = None,
    section: str | None = None,
    as_of: dt.datetime | None = None,
    sample_label: str | None = None,
) -> DeckData:
    """Read what a deck needs from the store (the CLI export and the app's deck downloads; the
    app's presentation mode reads the same through its cached loaders)."""
    return deck_data_from(
        lambda name, **params: getattr(loaders, name)(con, **params),
        plan,
        fiscal_year,
        bureau,
        section,
        as_of,
        sample_label,
    )


def deck_data_from(load, plan, fiscal_year, bureau=None, section=None, as_of=None, sample_label=None) -> DeckData:
    """DeckData through `load(name, **params)`, a loader by name (cached or not)."""
    plan_id = plan["plan_id"]
    items = load("items", plan_id=plan_id, fiscal_year=fiscal_year, as_of=as_of, bureau=bureau, section=section)
    rows = load("metric_year", plan_id=plan_id, as_of=as_of, bureau=bureau, section=section, item_no=None)
    headline = items.loc[items["headline_order"].notna(), "item_no"]
    notes = load("metric_notes", plan_id=plan_id, item_no=None, as_of=as_of)
    return DeckData(
        plan=plan,
        items=items,
        rows=rows,
        stages={i: load("metric_stages", plan_id=plan_id, item_no=i) for i in headline},
        facets={i: load("metric_facets", plan_id=plan_id, item_no=i) for i in headline},
        fiscal_year=fiscal_year,
        scope=" ".join(x for x in (bureau, section) if x) or None,
        as_of=load("data_as_of", plan_id=plan_id, as_of=as_of),
        sample_label=sample_label,
        notes=notes[notes["item_no"].isin(items["item_no"])].reset_index(drop=True),
        plan_stages=load("metric_stages", plan_id=plan_id, item_no=None),
    )


# A goal slide's 評価・課題 cell is cut here (the whole text is in the speaker notes):
# a note may run to thousands of characters, a slide row holds two lines.
NOTE_CELL_CHARS = 60


def item_notes(data: DeckData, item_no: str, language: str) -> list[str]:
    """The 評価・課題 of one item for the deck's year, one line per metric that has one
    ("metric: text" where the item has several metrics)."""
    if data.notes is None or data.notes.empty:
        return []
    mine = data.notes[(data.notes["item_no"] == item_no) & (data.notes["fiscal_year"] == data.fiscal_year)]
    label = "metric_label_en" if language == "en" else "metric_label_ja"
    metrics = data.rows.loc[data.rows["item_no"] == item_no, "metric_code"].nunique()
    if metrics <= 1:
        return list(mine["note_text"])
    return [f"{n[label] or n['metric_label_ja']}: {n['note_text']}" for n in mine.to_dict("records")]


def build_deck(data: DeckData, language: str = "ja", high_contrast: bool = False) -> list[Slide]:
    """Title, status summary, one slide per headline chart, one per goal with its items."""
    t = lambda key, **v: i18n.t(key, language, **v)  # noqa: E731
    fy = format_fiscal_year(data.fiscal_year, language)
    scope = data.scope or t("overview_scope_all")
    as_of = f"{t('as_of')}: {data.as_of:%Y-%m-%d}" if data.as_of else t("as_of_none")
    footer = f"{t('source')}: {data.plan['source_document']}　／　{as_of}"
    if data.sample_label:
        footer = f"{data.sample_label}　／　{footer}"
    title_key = "title_en" if language == "en" else "title_ja"
    plan_title = data.plan[title_key] or data.plan["title_ja"]
    municipality = data.plan["municipality_en" if language == "en" else "municipality_ja"]

    slides = [
        Slide(
            title=plan_title,
            lines=[municipality, t("deck_scope", scope=scope), fy, as_of, t("not_official")],
            notes=t("deck_title_notes", fy=fy, scope=scope),
            footer=footer,
            name="title",
        )
    ]
    summary = charts.status_summary(data.items, language, big=True, high_contrast=high_contrast)
    slides.append(
        Slide(
            title=t("deck_summary_title", fy=fy),
            lines=[summary.sentence],
            chart=summary,
            notes="\n".join(status.rules(language)),
            footer=footer,
            name="status",
        )
    )
    headline = data.items[data.items["headline_order"].notna()].sort_values("headline_order")
    for item in headline.itertuples():
        rows = data.rows[data.rows["item_no"] == item.item_no]
        for chart in item_charts.charts_for_item(
            rows,
            data.stages[item.item_no],
            data.facets[item.item_no],
            language,
            data.fiscal_year,
            big=True,
            high_contrast=high_contrast,
        ):
            slides.append(
                Slide(
                    title=f"{item.item_no} {getattr(item, title_key)}",
                    lines=[chart.sentence],
                    chart=chart,
                    notes="\n".join(
                        [
                            chart.title,
                            chart.sentence,
                            t("metric_goal", goal=item.goal_text),
                            *_notes_lines(item_notes(data, item.item_no, language), t),
                        ]
                    ),
                    footer=footer,
                    name=item.item_no,
                )
            )
    goal_key = "goal_title_en" if language == "en" else "goal_title_ja"
    for goal_no, goal_items in data.items.groupby("goal_no", sort=True):
        notes = {i: item_notes(data, i, language) for i in goal_items["item_no"]}
        table = pd.DataFrame(
            {
                t("col_item_no"): goal_items["item_no"],
                t("col_title"): goal_items[title_key],
                t("col_status"): goal_items["status"].map(lambda c: status.STATUSES[c].badge(language)),
                t("col_reason"): [
                    item_charts.reason(
                        data.rows[(data.rows["item_no"] == i.item_no) & (data.rows["fiscal_year"] == data.fiscal_year)],
                        i.status,
                        language,
                        data.plan_stages,
                    )
                    for i in goal_items.itertuples()
                ],
            }
        )
        if any(notes.values()):
            # The column only when some item has a note: without one, the slide stays as it was.
            table[t("item_notes")] = [shortened(" ／ ".join(notes[i]), NOTE_CELL_CHARS) for i in goal_items["item_no"]]
        speaker = []
        for r in table.itertuples(index=False):
            speaker += [f"{r[0]} {r[1]}: {r[2]} — {r[3]}", *_notes_lines(notes[r[0]], t)]
        slides.append(
            Slide(
                title=t("item_goal", goal_no=int(goal_no), goal=goal_items[goal_key].iloc[0]),
                table=table,
                notes="\n".join(speaker),
                footer=footer,
                name=f"goal-{int(goal_no)}",
            )
        )
    return slides


def _notes_lines(notes: list[str], t) -> list[str]:
    """Speaker-note lines of an item's 評価・課題, in full."""
    return [f"{t('item_notes')}: {note}" for note in notes]
