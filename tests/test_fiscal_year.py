import datetime as dt

import pytest

from planboard.fiscal_year import (
    FiscalYearError,
    fiscal_year_end,
    fiscal_year_of,
    format_fiscal_year,
    parse_fiscal_year,
)


@pytest.mark.parametrize(
    "text, year",
    [
        ("令和元年度", 2019),
        ("令和1年度", 2019),
        ("R1", 2019),
        ("r1", 2019),
        ("R元", 2019),
        ("平成31年度", 2019),
        ("H31", 2019),
        ("31年度", 2019),
        ("2019", 2019),
        ("2019年度", 2019),
        ("FY2019", 2019),
        ("２０１９", 2019),
        ("令和元年度", 2019),
        ("Ｈ３１", 2019),
        ("３１年度", 2019),
        ("平成30年度", 2018),
        ("H30", 2018),
        ("30年度", 2018),
        ("2018年度", 2018),
        ("平成26年度", 2014),
        ("26年度", 2014),
        ("29年度", 2017),
        ("令和2年度", 2020),
        ("R2", 2020),
        (" 2019 ", 2019),
        ("2019.0", 2019),
        (2019, 2019),
        (2019.0, 2019),
        ("平成元年度", 1989),
        ("令和 元 年度", 2019),
        # the app's own display forms, as chart CSVs write them in their 年度 column
        ("令和元年度（2019年度）", 2019),
        ("平成30年度（2018年度）", 2018),
        ("平成31年度(2019年度)", 2019),
        ("FY2019 (Reiwa 1)", 2019),
        ("FY2018 (Heisei 30)", 2018),
        # the end of a fiscal year, as the plan's 26年度末 / 29年度末 columns print it
        ("令和元年度末", 2019),
        ("平成29年度末", 2017),
        ("29年度末", 2017),
        ("26年度末", 2014),
        ("２９年度末", 2017),
    ],
)
def test_every_alias_is_accepted(text, year):
    assert parse_fiscal_year(text) == year


@pytest.mark.parametrize(
    "text",
    [
        *(
            "",
            None,
            "平成32年度",
            "H0",
            "R100",
            "昭和60年度",
            "2019-20",
            "19",
            "abc",
            "1900",
            "令和",
            "年度",
            True,
            20.5,
        ),
        *(
            "年度末",
            "29末",
            "29年度末末",
            "令和元年度（2019年度",
            "令和元年度（abc）",
            "(2019)",
            "令和元年度（（2019年度））",
        ),
    ],
)
def test_anything_else_is_rejected_with_what_is_accepted(text):
    with pytest.raises(FiscalYearError) as err:
        parse_fiscal_year(text)
    assert "令和元年度" in str(err.value) and "H31" in str(err.value)


@pytest.mark.parametrize("text", ["令和元年度（2018年度）", "平成30年度（2019年度）", "FY2019 (Heisei 30)"])
def test_a_display_form_whose_two_parts_disagree_is_refused(text):
    with pytest.raises(FiscalYearError) as err:
        parse_fiscal_year(text)
    assert "食い違" in str(err.value) and "令和元年度" in str(err.value)


@pytest.mark.parametrize("year", range(2010, 2031))
@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_displayed_year_reads_back(year, language):
    assert parse_fiscal_year(format_fiscal_year(year, language)) == year


def test_display_the_japanese_way():
    assert format_fiscal_year(2019) == "令和元年度（2019年度）"
    assert format_fiscal_year(2018) == "平成30年度（2018年度）"
    assert format_fiscal_year(2020) == "令和2年度（2020年度）"
    assert format_fiscal_year(1989) == "平成元年度（1989年度）"
    assert format_fiscal_year(2019, "en") == "FY2019 (Reiwa 1)"


def test_fiscal_year_runs_april_to_march():
    assert fiscal_year_end(2019) == dt.date(2020, 3, 31)
    assert fiscal_year_of(dt.date(2020, 3, 31)) == 2019
    assert fiscal_year_of(dt.date(2020, 4, 1)) == 2020
