"""`cardgen lint` on a deck kept in a spreadsheet (cardgen/tools/sheetlint.py): each finding
at the cell its words are in."""

from __future__ import annotations


def test_a_finding_in_a_csv_file_is_said_at_its_cell(tmp_path, cli_run):
    (tmp_path / "l.csv").write_text('kind,text,instead,try\nprompt,Is your son an addict?\n'
                                    'reframe,,He is an addict,"He uses drugs, we love him"\n'
                                    "prompt,Was it the junkie's fault?\n")
    done = cli_run("lint", "l.csv", cwd=tmp_path)
    assert done.exit_code == 1
    assert [line.split(" ")[0] for line in done.output.splitlines()] == ["l.csv:2:2:",
                                                                         "l.csv:4:2:"]
    assert '"addict" -> "person who uses drugs"' in done.output
    assert [path.name for path in tmp_path.iterdir()] == ["l.csv"]  # nothing left beside it


def test_a_workbook_without_findings_says_so(tmp_path, cli_run):
    assert cli_run("new", "--sheet", tmp_path / "n.xlsx").exit_code == 0
    done = cli_run("lint", "n.xlsx", cwd=tmp_path)
    assert "n.xlsx" in done.output
