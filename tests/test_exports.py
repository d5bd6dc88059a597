"""Exports: the council deck as PPTX and PDF, its charts as PNG and SVG, its tables as CSV and XLSX.

Rendering needs Debian's chromium, fonts-noto-cjk and poppler-utils (scripts/setup.sh --test).
Each deck is rendered once per module, through the command line, and every test reads those files.
Pages of the PDF are saved to /tmp/export_pdf_page-*.png for a person to look at.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from planboard import charts, cli, deck_layout, demo, exports, loaders, notes, slides, store, ui
from planboard.chart_style import CJK_FONT
from planboard.export_pdf import deck_html
from planboard.export_render import ExportError, Render, chromium_path, export_figure, render
from tests.conftest import PLAN_ID, app_test, open_view_options

SAMPLE = "サンプルデータ（架空）"
INJECTION = '=HYPERLINK("http://example.com/x","クリック")'


def _need_renderer() -> None:
    """Skip where Chromium or poppler is missing; CI must have them (scripts/setup.sh --test)."""
    try:
        chromium_path()
        missing = [tool for tool in ("pdftoppm", "pdffonts", "pdfinfo", "fc-match") if shutil.which(tool) is None]
    except ExportError:
        missing = ["chromium"]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs {missing}: scripts/setup.sh --test installs them")
        pytest.skip(f"not installed: {missing} (bash scripts/setup.sh --test)")


def export(*args: str) -> int:
    return cli.main(["export", *map(str, args)])


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    return demo.build_demo_store(tmp_path_factory.mktemp("demo") / "demo.duckdb")


@pytest.fixture(scope="module")
def deck(demo_db) -> list[slides.Slide]:
    """The deck the CLI exports with --demo (Japanese, whole plan, last plan year)."""
    with store.reading(demo_db) as con:
        plan = loaders.plans(con).iloc[0].to_dict()
        data = slides.load_deck_data(con, plan, int(plan["last_fy"]), sample_label=SAMPLE)
    return slides.build_deck(data, "ja")


@pytest.fixture(scope="module")
def pptx_file(demo_db, tmp_path_factory) -> Path:
    _need_renderer()
    out = tmp_path_factory.mktemp("pptx") / "deck.pptx"
    assert export("--format", "pptx", "--out", out, "--db", demo_db, "--demo") == 0
    return out


@pytest.fixture(scope="module")
def pdf_file(demo_db, tmp_path_factory) -> Path:
    _need_renderer()
    out = tmp_path_factory.mktemp("pdf") / "deck.pdf"
    assert export("--format", "pdf", "--out", out, "--db", demo_db, "--demo") == 0
    return out


@pytest.fixture(scope="module")
def pdf_pages(pdf_file) -> list[Path]:
    """Every page at 40 dpi (pdftoppm), saved for people too as /tmp/export_pdf_page-N.png."""
    folder = pdf_file.parent / "pages"
    folder.mkdir()
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf_file), str(folder / "page")], check=True)
    pages = sorted(folder.glob("page-*.png"), key=_page_number)
    for page in pages:
        shutil.copy(page, f"/tmp/export_pdf_page-{_page_number(page)}.png")
    return pages


def _page_number(path: Path) -> int:
    return int(path.stem.rsplit("-", 1)[1])  # pdftoppm pads it (page-01) when there are ten or more


def run(*command) -> str:
    return subprocess.run([str(c) for c in command], check=True, capture_output=True, text=True).stdout


# --- PPTX -------------------------------------------------------------------------------


def test_pptx_has_the_slides_of_presentation_mode(pptx_file, deck):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    pptx = Presentation(pptx_file)
    assert (pptx.slide_width, pptx.slide_height) == (12192000, 6858000)  # 13.333 × 7.5 in: 16:9
    assert len(pptx.slides) == len(deck)
    for page, slide in zip(pptx.slides, deck, strict=True):
        assert page.shapes.title.text_frame.text == slide.title
        texts = [s.text_frame.text for s in page.shapes if s.has_text_frame]
        assert slide.footer in texts and "出典" in slide.footer and SAMPLE in slide.footer
        for line in slide.lines:
            assert any(line in t for t in texts), line
        assert page.notes_slide.notes_text_frame.text == slide.notes != ""
        pictures = [s for s in page.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == (slide.chart is not None)
        if slide.chart is not None:
            assert pictures[0].image.content_type == "image/png"
            assert slide.chart.title in pictures[0]._element.nvPicPr.cNvPr.get("descr")
        grids = [s.table for s in page.shapes if s.has_table]
        assert len(grids) == (slide.table is not None)
        if slide.table is not None:
            grid = grids[0]
            cells = [[grid.cell(r, c).text for c in range(len(grid.columns))] for r in range(len(grid.rows))]
            assert cells[0] == list(slide.table.columns)
            assert cells[1:] == slide.table.astype(str).values.tolist()  # item numbers, titles, ◎ 達成, reasons
    assert any(s.table is not None for s in deck) and sum(s.chart is not None for s in deck) >= 5


def test_pptx_text_is_japanese_in_a_cjk_font_for_east_asian_script(pptx_file):
    from pptx import Presentation

    pptx = Presentation(pptx_file)
    runs = [
        r
        for page in pptx.slides
        for shape in page.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for r in p.runs
    ]
    assert any("練馬区" in r.text for r in runs)
    for r in runs:
        props = r._r.rPr
        typefaces = {el.tag.split("}")[1]: el.get("typeface") for el in props if el.get("typeface")}
        assert typefaces == {"latin": CJK_FONT, "ea": CJK_FONT, "cs": CJK_FONT}, r.text
        assert r.font.size.pt >= 11  # large type: the footer is the smallest


# --- PDF --------------------------------------------------------------------------------


def test_pdf_has_a_16_9_page_per_slide(pdf_file, deck):
    info = run("pdfinfo", pdf_file)
    assert re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1) == str(len(deck))
    assert re.search(r"^Page size:\s+1440 x 810 pts", info, re.M)  # 1920 × 1080 px


def test_pdf_pages_render_and_are_not_blank(pdf_pages, deck):
    from PIL import Image

    assert len(pdf_pages) == len(deck)
    for page in pdf_pages:
        picture = Image.open(page).convert("L")
        assert picture.size == (800, 450)  # 40 dpi of 1440 × 810 pt
        dark = sum(picture.histogram()[:128])
        assert dark > 2_000, page  # title, text and chart, not a white page


def test_pdf_embeds_noto_sans_cjk_and_its_text_is_japanese(pdf_file, deck):
    # Chromium embeds CFF OpenType fonts (Noto Sans CJK is one) as Type 3 fonts: pdffonts lists
    # them without a name, so the font's name is read from their font descriptors.
    fonts = run("pdffonts", pdf_file).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts  # every font embedded
    names = set(re.findall(rb"/FontName\s*/[A-Z]{6}\+([\w-]+)", pdf_file.read_bytes()))
    assert {b"NotoSansCJKjp-Regular", b"NotoSansCJKjp-Bold"} <= names, names
    text = run("pdftotext", "-layout", pdf_file, "-")
    pages = text.split("\f")
    for page, slide in zip(pages, deck, strict=False):
        assert slide.title in re.sub(r"\s*\n\s*", "", page), slide.title  # long titles wrap
        assert "出典" in page and SAMPLE in page


def test_slide_tables_keep_codes_and_statuses_on_one_line(deck):
    for language in ("ja", "en"):
        table = pd.DataFrame(
            {"No.": ["18-6", "2-4"], "Status": ["◎ Achieved" if language == "en" else "◎ 達成", "△ 遅れ"]}
        ).assign(Why=["x" * 200, "y"])
        px = deck_layout.table_px(len(table))
        widths = deck_layout.column_widths(table, 1760, px)
        assert sum(widths) == 1760
        padding = 2 * deck_layout.cell_padding(px)
        for width, column in zip(widths[:2], ["No.", "Status"], strict=True):
            assert width - padding >= max(deck_layout.text_ems(v) for v in table[column]) * px
    assert deck_layout.table_px(4) == 32 and deck_layout.table_px(30) == 16


def test_pdf_html_escapes_every_text_and_loads_nothing_from_outside():
    hostile = slides.Slide(
        title="<script>alert(1)</script>",
        lines=['<img src=x onerror="alert(2)">'],
        table=pd.DataFrame({"<b>": ["</td><script>"]}),
        footer="出典: a & b",
    )
    document = deck_html([hostile], "ja", [None])
    assert "<script>" not in document and "<b>" not in document and 'onerror="' not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document and "a &amp; b" in document
    assert "default-src 'none'" in document  # no fetch, no script, whatever the text says


# --- PNG and SVG ------------------------------------------------------------------------


def test_the_japanese_font_is_installed_and_exports_name_it_first(con):
    _need_renderer()
    assert "NotoSansCJK" in run("fc-match", "-f", "%{file}", CJK_FONT)
    chart = charts.count_chart(loaders.metric_year(con, PLAN_ID, item_no="18-3"), "ja")
    figure = export_figure(chart, SAMPLE)
    assert figure.layout.font.family.startswith(CJK_FONT)
    assert all(a.font.family.startswith(CJK_FONT) for a in figure.layout.annotations)
    assert [a.text for a in figure.layout.annotations].count(SAMPLE) == 1
    assert SAMPLE not in [a.text for a in chart.figure.layout.annotations]  # the screen's figure is untouched


def test_png_draws_japanese_glyphs_not_boxes(con):
    """Three titles in one session: two Japanese, one of private-use characters no font has
    (drawn as empty boxes). The Japanese ones must differ from each other and from the boxes."""
    _need_renderer()
    from PIL import Image, ImageChops

    rows = loaders.metric_year(con, PLAN_ID, item_no="18-3")
    titles = ["相談情報ひろば", "地域文化協働推", "\ue000\ue001\ue002\ue003\ue004\ue005\ue006"]
    drawn = [charts.count_chart(rows, "ja", title=t) for t in titles]
    images = render([Render(c, "png", 800, 450, 1) for c in drawn])
    pictures = [Image.open(io.BytesIO(png)).convert("L") for png in images]
    assert all(p.size == (800, 450) for p in pictures)
    title_region = (0, 0, 800, 40)
    crops = [p.crop(title_region) for p in pictures]

    def differs(a, b):
        return ImageChops.difference(a, b).getbbox() is not None

    assert differs(crops[0], crops[1]) and differs(crops[0], crops[2]) and differs(crops[1], crops[2])
    assert not differs(pictures[0].crop((0, 60, 800, 450)), pictures[1].crop((0, 60, 800, 450)))  # only titles
    Path("/tmp/export_png_title.png").write_bytes(images[0])


def test_chart_png_is_the_size_asked_for(con):
    _need_renderer()
    from PIL import Image

    chart = charts.count_chart(loaders.metric_year(con, PLAN_ID, item_no="18-2"), "ja", big=True)
    png = exports.chart_png(chart, scale=1.2, sample_label=SAMPLE)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)  # 1600 × 900 by default, times the scale
    Path("/tmp/export_png_sample.png").write_bytes(png)


# --- CSV and XLSX -----------------------------------------------------------------------


@pytest.fixture
def hostile_db(fresh_db) -> Path:
    """A store with an actual whose text and note would run as formulas in a spreadsheet."""
    con = store.connect(fresh_db)
    try:
        con.execute(
            """insert into actual_revision (plan_id, item_no, metric_code, fiscal_year, value, value_text, note,
               source, editor, recorded_at, change_kind) values (?, '18-3', '', 2019, 15, ?, ?, ?, 'test', ?, 'import')""",
            [PLAN_ID, INJECTION, INJECTION, "@SUM(A1)", store.now_jst()],
        )
    finally:
        con.close()
    return fresh_db


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # UTF-8 with BOM, CRLF: Excel opens it right
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_is_the_metric_table_with_formulas_neutralised(hostile_db, tmp_path):
    out = tmp_path / "指標.csv"
    assert export("--format", "csv", "--out", out, "--db", hostile_db) == 0
    rows = read_csv(out)
    assert rows[0][:3] == ["番号", "指標", "指標の状況"]
    assert len(rows) - 1 == 20  # one row per metric
    cells = [c for row in rows for c in row]
    assert "'" + INJECTION in cells and INJECTION not in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert SAMPLE not in out.read_text(encoding="utf-8-sig")  # real data is not labelled sample


def test_xlsx_has_items_metrics_and_history_with_formulas_neutralised(hostile_db, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "export.xlsx"
    assert export("--format", "xlsx", "--out", out, "--db", hostile_db, "--dept", "協働推進課") == 0
    book = load_workbook(out)
    assert book.sheetnames == ["取組一覧", "指標ごとの計画と実績", "実績の履歴", "評価・課題の履歴"]
    header = [c.value for c in book["取組一覧"][1]]
    assert header[-4:] == ["31年度目標", "指標数", "取組の状況", "理由"]  # people's words, not column names
    assert not any(h.isascii() for h in header)
    items = [row[header.index("番号")] for row in book["取組一覧"].iter_rows(min_row=2, values_only=True)]
    assert items == ["18-2", "18-3", "18-4"]  # the 課 only
    statuses = [row[header.index("取組の状況")] for row in book["取組一覧"].iter_rows(min_row=2, values_only=True)]
    assert all(s and not s.isascii() for s in statuses)  # icon and words, not a status code
    values = [v for ws in book for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert "'" + INJECTION in values and "'@SUM(A1)" in values
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)
    history = [c.value for c in book["実績の履歴"][1]]
    assert history[:3] == ["版", "番号", "指標"]


def test_demo_tables_carry_the_sample_label_on_every_row(demo_db, tmp_path):
    from openpyxl import load_workbook

    assert export("--format", "csv", "--out", tmp_path / "m.csv", "--db", demo_db, "--demo") == 0
    rows = read_csv(tmp_path / "m.csv")
    assert rows[0][0] == "データの種類" and {r[0] for r in rows[1:]} == {SAMPLE}
    assert export("--format", "xlsx", "--out", tmp_path / "m.xlsx", "--db", demo_db, "--demo", "--lang", "en") == 0
    for ws in load_workbook(tmp_path / "m.xlsx"):
        column = [row[0] for row in ws.iter_rows(values_only=True)]
        assert column[0] == "Kind of data", ws.title
        if ws.title != "History of evaluation notes":  # the sample has no note: that sheet has no row
            assert set(column[1:]) == {"Sample data (fictional)"}, ws.title


# --- 評価・課題 in every export ----------------------------------------------------------

HEADLINE_NOTE = "用地の確保が課題。次年度は2か所を予定。"  # 18-2 has a chart slide of its own
OTHER_NOTE = "窓口の案内を見直した。"  # 18-1 appears only in its goal's table


@pytest.fixture
def notes_db(fresh_db) -> Path:
    notes.write_note(fresh_db, PLAN_ID, "18-2", "", 2019, HEADLINE_NOTE, editor="山田")
    notes.write_note(fresh_db, PLAN_ID, "18-1", "", 2019, OTHER_NOTE, editor="山田")
    return fresh_db


def test_csv_carries_the_notes_of_the_year(notes_db, tmp_path):
    out = tmp_path / "指標.csv"
    assert export("--format", "csv", "--out", out, "--db", notes_db, "--fy", "R1") == 0
    rows = read_csv(out)
    column = rows[0].index("令和元年度（2019年度） 評価・課題")
    by_item = {row[0]: row[column] for row in rows[1:]}
    assert (by_item["18-2"], by_item["18-1"], by_item["18-3"]) == (HEADLINE_NOTE, OTHER_NOTE, "")


def test_xlsx_metric_sheet_carries_the_notes_and_a_sheet_their_history(notes_db, tmp_path):
    from openpyxl import load_workbook

    notes.write_note(notes_db, PLAN_ID, "18-2", "", 2019, "見直した評価", editor="佐藤")
    out = tmp_path / "export.xlsx"
    assert export("--format", "xlsx", "--out", out, "--db", notes_db) == 0
    book = load_workbook(out)
    values = [v for row in book["指標ごとの計画と実績"].iter_rows(values_only=True) for v in row]
    assert "見直した評価" in values and OTHER_NOTE in values
    history = list(book["評価・課題の履歴"].iter_rows(values_only=True))
    header = history[0]
    newest = dict(zip(header, history[1], strict=True))
    assert (newest["番号"], newest["変更前"], newest["変更後"], newest["登録者"]) == (
        "18-2",
        HEADLINE_NOTE,
        "見直した評価",
        "佐藤",
    )
    assert len(history) - 1 == 3


def test_pptx_speaker_notes_and_goal_table_carry_the_notes(notes_db, tmp_path):
    from pptx import Presentation

    _need_renderer()
    out = tmp_path / "deck.pptx"
    assert export("--format", "pptx", "--out", out, "--db", notes_db) == 0
    pages = list(Presentation(out).slides)
    speaker = {page.shapes.title.text_frame.text: page.notes_slide.notes_text_frame.text for page in pages}
    assert any(title.startswith("18-2 ") and HEADLINE_NOTE in text for title, text in speaker.items())
    goal_notes = [text for title, text in speaker.items() if title.startswith("目標")]
    assert any(HEADLINE_NOTE in text for text in goal_notes) and any(OTHER_NOTE in text for text in goal_notes)
    cells = [c.text for page in pages for s in page.shapes if s.has_table for c in s.table.iter_cells()]
    assert "評価・課題" in cells and HEADLINE_NOTE in cells and OTHER_NOTE in cells


def test_pdf_goal_tables_carry_the_notes(notes_db, tmp_path):
    _need_renderer()
    out = tmp_path / "deck.pdf"
    assert export("--format", "pdf", "--out", out, "--db", notes_db) == 0
    # -raw: in the order the page draws its text, so a wrapped cell is not interleaved with its row's others
    text = re.sub(r"\s+", "", run("pdftotext", "-raw", out, "-"))
    assert HEADLINE_NOTE in text and OTHER_NOTE in text


def test_a_long_note_is_cut_on_the_slide_and_whole_in_the_speaker_notes(notes_db):
    long_note = "長い評価。" * 40
    notes.write_note(notes_db, PLAN_ID, "18-1", "", 2019, long_note, editor="山田")
    with store.reading(notes_db) as c:
        plan = loaders.plans(c).iloc[0].to_dict()
        deck = slides.build_deck(slides.load_deck_data(c, plan, 2019), "ja")
    goal = next(s for s in deck if s.table is not None and "18-1" in set(s.table.iloc[:, 0]))
    cell = goal.table.set_index(goal.table.columns[0]).loc["18-1", "評価・課題"]
    assert len(cell) == slides.NOTE_CELL_CHARS and cell.endswith("…")
    assert long_note in goal.notes


# --- XLSX from the app ------------------------------------------------------------------


@pytest.fixture
def clicked_downloads(monkeypatch) -> dict:
    """What each on-click download of an AppTest run would send, by file name."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict = {}
    register = MediaFileManager.add_deferred

    def recorded(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = (mimetype, data_callable)
        return register(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recorded)
    return made


def _workbook(clicked: dict, file_name: str):
    from openpyxl import load_workbook

    mimetype, make = clicked[file_name]
    assert mimetype == ui.XLSX_MIME
    return load_workbook(io.BytesIO(make()))


def _csv_rows(clicked: dict, file_name: str) -> list[list[str]]:
    mimetype, make = clicked[file_name]
    assert mimetype == "text/csv"
    data = make()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _sheet_rows(book) -> list[list]:
    (ws,) = book
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_items_page_offers_its_two_tables_as_xlsx(hostile_db, monkeypatch, clicked_downloads):
    """An analyst downloads both tables of 取組一覧 as XLSX: the rows on screen, formulas neutralised."""
    app = app_test(hostile_db, monkeypatch, page="pages/items.py")
    app.run()
    assert not app.exception
    labels = [b.proto.label for b in app.get("download_button")]
    assert labels.count("Excel（XLSX）をダウンロード") == 2
    items = _workbook(clicked_downloads, "items_2019.xlsx")
    assert items.sheetnames == ["取組一覧"]
    rows = _sheet_rows(items)
    assert rows[0] == list(app.dataframe[0].value.columns)
    assert [r[0] for r in rows[1:]] == list(app.dataframe[0].value["番号"])
    metrics = _workbook(clicked_downloads, "metrics_2019.xlsx")
    assert metrics.sheetnames == ["指標ごとの計画と実績"]
    rows = _sheet_rows(metrics)
    assert len(rows) - 1 == len(app.dataframe[1].value) == 20
    cells = [v for row in rows for v in row if isinstance(v, str)]
    assert "'" + INJECTION in cells
    assert not any(v.startswith(("=", "+", "-", "@")) for v in cells)
    assert SAMPLE not in cells
    # the CSVs are made on click too: the same rows, neutralised the same way
    metric_csv = _csv_rows(clicked_downloads, "metrics_2019.csv")
    assert metric_csv[0] == rows[0] and len(metric_csv) == len(rows)
    assert "'" + INJECTION in {v for row in metric_csv for v in row}
    assert [r[0] for r in _csv_rows(clicked_downloads, "items_2019.csv")[1:]] == list(app.dataframe[0].value["番号"])


def test_history_page_offers_its_table_as_xlsx(hostile_db, monkeypatch, clicked_downloads):
    """Someone downloads the history of actuals as XLSX: every revision shown, formulas neutralised."""
    app = app_test(hostile_db, monkeypatch, page="pages/history.py")
    app.run()
    assert not app.exception
    book = _workbook(clicked_downloads, "history.xlsx")
    assert book.sheetnames == ["実績の履歴"]
    rows = _sheet_rows(book)
    assert rows[0] == list(app.dataframe[0].value.columns)
    assert len(rows) - 1 == len(app.dataframe[0].value)
    cells = [v for row in rows for v in row if isinstance(v, str)]
    assert "'" + INJECTION in cells and "'@SUM(A1)" in cells
    assert not any(v.startswith(("=", "+", "-", "@")) for v in cells)


def test_app_xlsx_carries_the_sample_label_while_demo_mode_is_on(built_db, demo_db, monkeypatch, clicked_downloads):
    """With the fictional sample switched on, every row of each XLSX from the app says so."""
    monkeypatch.setenv("PLANBOARD_DEMO_DB", str(demo_db))
    app = app_test(built_db, monkeypatch, page="pages/items.py")
    app.run()
    open_view_options(app).toggle(key="w_demo").set_value(True).run()
    assert not app.exception
    for name in ("items_2019.xlsx", "metrics_2019.xlsx"):
        rows = _sheet_rows(_workbook(clicked_downloads, name))
        assert rows[0][0] == "データの種類" and {r[0] for r in rows[1:]} == {SAMPLE}, name
    for name in ("items_2019.csv", "metrics_2019.csv"):
        rows = _csv_rows(clicked_downloads, name)
        assert rows[0][0] == "データの種類" and {r[0] for r in rows[1:]} == {SAMPLE}, name
    app.switch_page("pages/history.py").run()
    rows = _sheet_rows(_workbook(clicked_downloads, "history.xlsx"))
    assert rows[0][0] == "データの種類" and {r[0] for r in rows[1:]} == {SAMPLE}
    rows = _csv_rows(clicked_downloads, "history.csv")
    assert rows[0][0] == "データの種類" and {r[0] for r in rows[1:]} == {SAMPLE}


# --- the command line -------------------------------------------------------------------


def test_cli_png_writes_every_chart_of_a_department_deck(built_db, tmp_path, capsys):
    _need_renderer()
    out = tmp_path / "charts"
    assert export("--format", "png", "--out", out, "--db", built_db, "--dept", "地域文化部", "--fy", "R1") == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["02_status.png", "03_18-2.png", "04_18-3.png"]  # 18-4 has no headline chart
    assert all((out / n).read_bytes().startswith(b"\x89PNG") for n in names)
    printed = capsys.readouterr().out
    assert all(f"wrote {out / n} (" in printed for n in names) and "bytes)" in printed


def test_cli_svg_of_the_demo_in_english_for_one_section(demo_db, tmp_path):
    _need_renderer()
    out = tmp_path / "svg"
    args = ["--format", "svg", "--out", out, "--db", demo_db, "--demo", "--dept", "情報政策課", "--lang", "en"]
    assert export(*args, "--high-contrast", "--fy", "平成30年度") == 0
    assert sorted(p.name for p in out.iterdir()) == ["02_status.svg", "03_18-6.svg"]
    svg = (out / "03_18-6.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "Sample data (fictional)" in svg and CJK_FONT in svg
    assert "FY2018" in svg  # English, and the year asked for


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf", "--out", "x.pdf", "--dept", "存在しない課"], "地域文化部"),  # lists valid names
        (["--format", "pdf", "--out", "x.pdf", "--fy", "R9"], "計画の年度ではありません"),
        (["--format", "pdf", "--out", "x.pdf", "--fy", "昭和60年"], "読み取れません"),
        (["--format", "pdf", "--out", "x.pptx"], ".pdf"),
        (["--format", "pdf", "--out", "x.pdf", "--plan", "nope"], "nope"),
        (["--format", "doc", "--out", "x.doc"], "invalid choice"),
    ],
)
def test_cli_usage_errors_exit_2(built_db, tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    assert export(*args, "--db", built_db) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_cli_png_out_must_be_a_folder(built_db, tmp_path, capsys):
    (tmp_path / "file.png").write_bytes(b"")
    assert export("--format", "png", "--out", tmp_path / "file.png", "--db", built_db) == 2
    assert "フォルダ" in capsys.readouterr().err


def test_cli_demo_refuses_the_default_store(tmp_path, monkeypatch):
    default = tmp_path / "planboard.duckdb"
    monkeypatch.setenv("PLANBOARD_DB", str(default))
    assert export("--format", "csv", "--out", tmp_path / "x.csv", "--db", default, "--demo") == 2
    assert not default.exists()


def test_cli_reports_a_missing_browser_and_exits_1(built_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PLANBOARD_CHROMIUM_PATH", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("PATH", str(tmp_path))
    assert export("--format", "pdf", "--out", tmp_path / "x.pdf", "--db", built_db) == 1
    assert "PLANBOARD_CHROMIUM_PATH" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_stuck_chart_renderer_is_given_up_on_and_tried_again(monkeypatch):
    """A Chromium that stops answering never makes an export wait forever: the session is
    abandoned after its time limit and a new one tried; after the last try the export fails
    with a message."""
    import asyncio

    from planboard import export_render

    calls = []

    async def stuck_then_working(jobs, browser):
        calls.append(len(jobs))
        if len(calls) == 1:
            await asyncio.sleep(3600)
        return [b"drawn"] * len(jobs)

    monkeypatch.setattr(export_render, "_render_all", stuck_then_working)
    monkeypatch.setattr(export_render, "RENDER_TIMEOUT_S", 0.2)
    monkeypatch.setattr(export_render, "RENDER_TIMEOUT_PER_CHART_S", 0.0)
    monkeypatch.setattr(export_render, "chromium_path", lambda: "chromium")
    chart = charts.status_summary(pd.DataFrame({"item_no": ["18-2"], "status": ["achieved"]}), "ja")
    request = export_render.Render(chart, "png", 100, 100, 1)
    assert export_render.render([request]) == [b"drawn"] and calls == [1, 1]

    async def always_stuck(jobs, browser):
        await asyncio.sleep(3600)

    monkeypatch.setattr(export_render, "_render_all", always_stuck)
    with pytest.raises(export_render.ExportError, match="0 s"):
        export_render.render([request])


def test_history_page_offers_the_notes_history_as_xlsx(notes_db, monkeypatch, clicked_downloads):
    """The 評価・課題 history downloads as XLSX like the history of actuals: the rows on screen."""
    app = app_test(notes_db, monkeypatch, page="pages/history.py")
    app.run()
    assert not app.exception
    book = _workbook(clicked_downloads, "history_notes.xlsx")
    assert book.sheetnames == ["評価・課題の履歴"]
    rows = _sheet_rows(book)
    shown = app.dataframe[1].value
    assert rows[0] == list(shown.columns) and len(rows) - 1 == len(shown) == 2
    assert {HEADLINE_NOTE, OTHER_NOTE} <= {v for row in rows for v in row}
