"""``alliancelab report`` and ``alliancelab app``: thin shells, one-line errors, nothing half-written."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from alliancelab.commands.app import LOCAL_HOSTS, available_port, solara_arguments


def test_report_writes_one_html_file(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "korea.html"
    result = cli("report", "korea-1950", "--out", str(out))
    assert result.code == 0, result.err
    assert result.out.strip() == f"coalition operation report written to {out}"
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Korean War coalition" in page
    assert [p.name for p in out.parent.iterdir()] == ["korea.html"]  # no temporary file left behind


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["no-such-case"], "error: 'no-such-case' is neither a file nor a shipped name."),
        (["korea-1950", "--out", "{out}.pdf"], "unsupported file type '.pdf'"),
        (["example-mission", "--rng", "-3"], "error: --rng -3: the seed must be an integer >= 0"),
        (["{tmp}"], "a folder that no report kind reads"),
    ],
)
def test_report_errors_are_one_line_and_write_nothing(
    cli: Any, tmp_path: Path, args: list[str], expected: str
) -> None:
    out = tmp_path / "report"
    filled = [a.format(out=out, tmp=tmp_path) for a in args]
    if "--out" not in filled:
        filled += ["--out", f"{out}.html"]
    result = cli("report", *filled)
    assert result.code == 2
    assert expected in result.err and result.err.count("\n") == 1, result.err
    assert list(tmp_path.iterdir()) == []


def test_the_app_listens_on_this_machine_only_by_default(cli: Any) -> None:
    result = cli("app", "--help")
    assert result.code == 0
    assert "127.0.0.1" in result.out
    args = solara_arguments("127.0.0.1", 8765, open_browser=False)
    assert args[args.index("--host") + 1] in LOCAL_HOSTS
    assert {"--production", "--no-check-version", "--no-open"} <= set(args)


def test_a_busy_port_is_one_line_and_port_zero_picks_a_free_one(cli: Any) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("app", "--port", str(port))
        assert result.code == 2
        assert result.err.startswith(f"error: --port {port}: cannot listen on 127.0.0.1:{port}")
    free = available_port("127.0.0.1", 0)
    assert 0 < free < 65536
