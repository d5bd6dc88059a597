"""The command line in real processes: a Japanese-Excel CSV, exit codes, two imports at once, a killed import."""

from __future__ import annotations

import signal

import pytest

from planboard import loaders, store
from planboard.cli import main
from tests.conftest import PLAN_ID, table_snapshot
from tests.processes import run_planboard, start_planboard, wait_for_pause

HEADER = "取組番号,指標,年度,実績値,進捗段階,備考,出典\r\n"


def _count(db, source: str) -> int:
    con = store.connect(db, read_only=True)
    try:
        return con.execute("select count(*) from actual_revision where source = ?", [source]).fetchone()[0]
    finally:
        con.close()


def test_a_japanese_excel_csv_imports_through_the_command_line(fresh_db, tmp_path):
    """CP932, CRLF, 和暦 years, full-width digits and ① codes, as Excel on Windows saves 「CSV（コンマ区切り）」."""
    path = tmp_path / "実績報告.csv"
    path.write_bytes(
        (
            HEADER + "１８－３,,平成30年度,１４,,２か所開設,協働推進課報告（㈱髙橋調べ）\r\n"
            "１８－２,,令和元年度,９,,,\r\n"
            "１８－７,①－１,平成３１年度,,運用開始,,\r\n"
            "１８－８,②,Ｈ３０,,連携,,\r\n"
        ).encode("cp932")
    )

    result = run_planboard("import-actuals", str(path), "--user", "山田", "--db", str(fresh_db))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 件を登録しました" in result.stdout
    with store.reading(fresh_db) as con:
        rows = loaders.metric_year(con, PLAN_ID).set_index(["item_no", "metric_code", "fiscal_year"])
    assert rows.loc[("18-3", "", 2018), "actual_value"] == 14
    assert rows.loc[("18-3", "", 2018), "actual_source"] == "協働推進課報告（㈱髙橋調べ）"
    assert rows.loc[("18-2", "", 2019), "actual_value"] == 9
    assert rows.loc[("18-7", "1-1", 2019), "actual_stage_ja"] == "運用開始"
    assert rows.loc[("18-8", "2", 2018), "actual_stage_ja"] == "連携"


def test_exit_codes_dry_run_rejection_and_usage_errors(fresh_db, tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text(HEADER + "18-3,,平成30年度,14,,,\r\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "18-3,,平成30年度,14か所,,,\r\n", encoding="utf-8")
    before = table_snapshot(fresh_db)

    assert main(["import-actuals", str(good), "--dry-run", "--db", str(fresh_db)]) == 0
    assert "（なし） → 14 [新規]" in capsys.readouterr().out
    assert main(["import-actuals", str(bad), "--user", "山田", "--db", str(fresh_db)]) == 1
    assert "2行目「実績値」列（D列）の値「14か所」" in capsys.readouterr().out
    assert main(["import-actuals", str(bad), "--dry-run", "--lang", "en", "--db", str(fresh_db)]) == 1
    assert 'Row 2, column 「実績値」 (D), value "14か所"' in capsys.readouterr().out
    assert main(["import-actuals", str(good), "--db", str(fresh_db)]) == 2  # no --user
    assert main(["import-actuals", str(tmp_path / "none.csv"), "--user", "山田", "--db", str(fresh_db)]) == 2
    assert main(["import-actuals", str(good), "--user", "山田", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert main(["import-actuals", str(good), "--user", "山田", "--plan", "x", "--db", str(fresh_db)]) == 2
    assert table_snapshot(fresh_db) == before
    assert main(["import-actuals", str(good), "--user", "山田", "--db", str(fresh_db)]) == 0


def test_template_and_revert_commands(fresh_db, tmp_path, capsys):
    out = tmp_path / "template.xlsx"
    assert main(["template", "--out", str(out), "--db", str(fresh_db)]) == 0
    assert out.read_bytes().startswith(b"PK")
    assert main(["template", "--out", str(tmp_path / "t.txt"), "--db", str(fresh_db)]) == 2
    assert main(["template", "--out", str(tmp_path / "a.csv"), "--with-actuals", "--db", str(fresh_db)]) == 0

    good = tmp_path / "good.csv"
    good.write_text(HEADER + "18-3,,平成30年度,14,,,\r\n", encoding="utf-8")
    main(["import-actuals", str(good), "--user", "山田", "--db", str(fresh_db)])
    con = store.connect(fresh_db, read_only=True)
    revision_id = con.execute("select max(revision_id) from actual_revision").fetchone()[0]
    con.close()
    capsys.readouterr()
    assert main(["revert", str(revision_id), "--user", "佐藤", "--db", str(fresh_db)]) == 0
    assert "値は「14」→「実績なし」になりました" in capsys.readouterr().out
    assert main(["revert", str(revision_id), "--user", "佐藤", "--db", str(fresh_db)]) == 1
    assert main(["revert", str(revision_id), "--db", str(fresh_db)]) == 2  # no --user


def test_two_imports_at_once_both_land_whole(fresh_db, tmp_path):
    first = tmp_path / "first.csv"
    first.write_text(HEADER + "18-3,,平成30年度,14,,,first\r\n18-2,,平成30年度,6,,,first\r\n", encoding="utf-8")
    second = tmp_path / "second.csv"
    second.write_text(
        HEADER + "".join(f"18-7,1-{i},令和元年度,,運用開始,,second\r\n" for i in range(1, 5)), encoding="utf-8"
    )
    # The first holds the store's write lock for 2.5 s, longer than the second takes to start:
    # the second must wait for the lock, not fail, and then validate against the first's rows.
    a = start_planboard(
        "import-actuals", str(first), "--user", "山田", "--db", str(fresh_db), env={store.PAUSE_ENV: "2.5"}
    )
    wait_for_pause(a)
    b = start_planboard("import-actuals", str(second), "--user", "佐藤", "--db", str(fresh_db))
    outs = [p.communicate(timeout=120) for p in (a, b)]

    assert (a.returncode, b.returncode) == (0, 0), outs
    assert (_count(fresh_db, "first"), _count(fresh_db, "second")) == (2, 4)
    con = store.connect(fresh_db, read_only=True)
    order = con.execute(
        "select source from actual_revision where source in ('first', 'second') order by revision_id"
    ).fetchall()
    con.close()
    assert [s for (s,) in order] == ["first"] * 2 + ["second"] * 4  # one after the other, never interleaved


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_an_import_killed_mid_transaction_leaves_all_or_nothing(fresh_db, tmp_path):
    path = tmp_path / "killed.csv"
    rows = [f"18-7,1-{i},{year},,システム改修,,killed\r\n" for i in range(1, 5) for year in ("H30", "R1")]
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    before = table_snapshot(fresh_db)

    proc = start_planboard(
        "import-actuals", str(path), "--user", "山田", "--db", str(fresh_db), env={store.PAUSE_ENV: "60"}
    )
    wait_for_pause(proc)  # the rows are inserted, the transaction is open
    proc.kill()
    proc.communicate(timeout=30)

    assert _count(fresh_db, "killed") == 0  # none of it ...
    assert table_snapshot(fresh_db) == before
    result = run_planboard("import-actuals", str(path), "--user", "山田", "--db", str(fresh_db))
    assert result.returncode == 0, result.stdout + result.stderr
    assert _count(fresh_db, "killed") == len(rows)  # ... or all of it
