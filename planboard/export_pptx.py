"""The council deck as PowerPoint (python-pptx): the slides of presentation mode, 16:9, large type.

Titles are real title placeholders (the outline and screen readers find them), charts are
kaleido PNGs with alt text, tables are native tables, speaker notes are Slide.notes. Every
run names the Japanese font for Latin and East Asian text (a:latin and a:ea), so PowerPoint
and LibreOffice do not fall back to a font without kanji.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Pt

from planboard import deck_layout as dl
from planboard.chart_style import CJK_FONT
from planboard.export_render import Render, render

EMU_PER_PX = 914400 // 144  # a slide px is 1/144 in (1920 px = 13.333 in)
TITLE_ONLY_LAYOUT = 5  # in python-pptx's default template
CHART_SCALE = 2  # PNG pixels per slide px: sharp on a 4K projector, still a small file
BORDER = "9E9E9E"
HEADER_FILL = "F2F2F2"


def deck_pptx(slides, language: str = "ja", sample_label: str | None = None) -> bytes:
    """The slides as a .pptx file; sample_label also goes on every chart image."""
    placements = [dl.place(s) for s in slides]
    requests = [
        Render(s.chart, "png", p.chart.w, p.chart.h, CHART_SCALE)
        for s, p in zip(slides, placements, strict=True)
        if p.chart
    ]
    images = iter(render(requests, sample_label))
    deck = Presentation()
    deck.slide_width, deck.slide_height = _emu(dl.WIDTH), _emu(dl.HEIGHT)
    lang = "en-US" if language == "en" else "ja-JP"
    for slide, place in zip(slides, placements, strict=True):
        page = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY_LAYOUT])
        _title(page, slide.title, place.title, lang)
        if place.lines:
            _lines(page, slide.lines, place.lines, place.lines_px, lang)
        if place.chart:
            picture = page.shapes.add_picture(io.BytesIO(next(images)), *_rect(place.chart))
            picture._element.nvPicPr.cNvPr.set("descr", f"{slide.chart.title}: {slide.chart.sentence}")
        if place.table:
            _table(page, slide.table, place.table, language, lang)
        _footer(page, slide.footer, place.footer, lang)
        page.notes_slide.notes_text_frame.text = slide.notes
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _title(page, text: str, box: dl.Box, lang: str) -> None:
    shape = page.shapes.title
    shape.left, shape.top, shape.width, shape.height = _rect(box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    frame.margin_left = frame.margin_right = 0
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.LEFT
    paragraph.line_spacing = 1.0
    _run(paragraph, text, dl.TITLE_PX, lang, bold=True)
    _rule(page, box.x, box.y + box.h, box.w, dl.RULE, 4)


def _lines(page, lines: list[str], box: dl.Box, px: int, lang: str) -> None:
    frame = page.shapes.add_textbox(*_rect(box)).text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = 0
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(px * 0.25 / 2)
        _run(paragraph, line, px, lang)


def _table(page, table, box: dl.Box, language: str, lang: str) -> None:
    px = dl.table_px(len(table))
    pad = _emu(dl.cell_padding(px))
    row_height = _emu(int(px * dl.LINE_HEIGHT) + 2 * dl.cell_padding(px))
    frame = page.shapes.add_table(len(table) + 1, len(table.columns), *_rect(box))
    grid = frame.table
    grid.first_row, grid.horz_banding = True, False
    for column, width in zip(grid.columns, dl.column_widths(table, box.w, px), strict=True):
        column.width = _emu(width)
    for row in grid.rows:
        row.height = row_height  # the least; PowerPoint grows a row to fit its wrapped text
    body = [[dl.cell_text(v) for v in record] for record in table.itertuples(index=False)]
    for r, values in enumerate([[str(c) for c in table.columns], *body]):
        for c, value in enumerate(values):
            cell = grid.cell(r, c)
            cell.margin_left = cell.margin_right = cell.margin_top = cell.margin_bottom = pad
            cell.vertical_anchor = MSO_ANCHOR.TOP
            colours = None if r == 0 else dl.badge_colours(value, language)
            fill, colour = colours or (f"#{HEADER_FILL}" if r == 0 else "#FFFFFF", dl.TEXT)
            _borders(cell)
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string(fill.lstrip("#"))
            frame_ = cell.text_frame
            frame_.word_wrap = True
            _run(frame_.paragraphs[0], value, px, lang, bold=r == 0 or colours is not None, colour=colour)


def _footer(page, text: str, box: dl.Box, lang: str) -> None:
    _rule(page, box.x, box.y, box.w, "#C8C8C8", 1)
    frame = page.shapes.add_textbox(*_rect(box)).text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = 0
    _run(frame.paragraphs[0], text, dl.FOOTER_PX, lang, colour=dl.MUTED)


def _run(paragraph, text: str, px: int, lang: str, bold: bool = False, colour: str = dl.TEXT) -> None:
    """Text in the CJK font at px (half a point each), for Latin and East Asian script alike."""
    run = paragraph.add_run()
    run.text = text
    font = run.font
    font.size = Pt(px / 2)
    font.bold = bold
    font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    font.name = CJK_FONT  # a:latin
    props = run._r.get_or_add_rPr()
    props.set("lang", lang)
    props.set("altLang", "en-US" if lang == "ja-JP" else "ja-JP")
    previous = props.find(qn("a:latin"))
    for tag in ("a:ea", "a:cs"):  # after a:latin, in the order the schema wants
        element = props.find(qn(tag))
        if element is None:
            element = OxmlElement(tag)
            previous.addnext(element)
        element.set("typeface", CJK_FONT)
        previous = element


def _borders(cell) -> None:
    """A thin grey line on every side of a cell (the default table style draws white ones)."""
    props = cell._tc.get_or_add_tcPr()
    for i, tag in enumerate(("a:lnL", "a:lnR", "a:lnT", "a:lnB")):
        line = OxmlElement(tag)
        line.set("w", str(Emu(12700)))  # 1 pt
        fill = OxmlElement("a:solidFill")
        rgb = OxmlElement("a:srgbClr")
        rgb.set("val", BORDER)
        fill.append(rgb)
        line.append(fill)
        props.insert(i, line)  # borders come first in a:tcPr, before the cell's fill


def _rule(page, x: int, y: int, w: int, colour: str, px: int) -> None:
    line = page.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, _emu(x), _emu(y), _emu(x + w), _emu(y))
    line.line.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    line.line.width = _emu(px)


def _rect(box: dl.Box) -> tuple[Emu, Emu, Emu, Emu]:
    return _emu(box.x), _emu(box.y), _emu(box.w), _emu(box.h)


def _emu(px: float) -> Emu:
    return Emu(int(px * EMU_PER_PX))
