"""The two commands of the README: `make run` imports the history when the data is there, and says how to get it
when it is not. The targets are run with PY=echo, so that they print the commands instead of running them."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "history_state"

MAKE = shutil.which("make")
pytestmark = pytest.mark.skipif(not MAKE, reason="make is not installed")


def make(*arguments):
    return subprocess.run(
        [MAKE, "-s", "--no-print-directory", *arguments, "PY=echo"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_history_is_imported_when_the_data_is_there():
    out = make("history", f"DATA={SAMPLE}")
    assert f"manage.py import_history_state {SAMPLE} --no-progress" in out


def test_without_the_data_one_line_says_how_to_get_it(tmp_path):
    out = make("history", f"DATA={tmp_path / 'nowhere'}")
    assert "import_history_state" not in out
    lines = [line for line in out.splitlines() if "HistoryAtState/visits" in line]
    assert len(lines) == 1 and "travels and people" in lines[0]


def test_run_loads_the_demo_then_the_history():
    out = make("-n", "run", f"DATA={SAMPLE}")
    assert out.index("load_demo") < out.index("import_history_state") < out.index("runserver")
