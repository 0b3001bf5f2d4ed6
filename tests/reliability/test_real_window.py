"""The trial of issue 9 end to end, as a person does it: the real app on a virtual screen
(Xvfb), real key presses (xdotool), a real file dialog opened and cancelled, a command run
on the project from a terminal in between, more tagging, Ctrl+Q. Every span is in the file.

On this platform Qt offers only its own file dialog (no desktop portal runs under Xvfb),
so that is the one opened; `test_lost_locks.py` opens the non-native one explicitly.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator.core.model import Document
from annotator.store.project import create_project, open_project

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xdotool")),
    reason="needs Xvfb and xdotool (`make test` installs them where it may)",
)

ARTICLE = "".join(f"Paragraph {i}: Kerry met Lavrov in Geneva on Friday.\n\n" for i in range(40))


@pytest.fixture
def display() -> Iterator[str]:
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as fh:
        number = fh.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(10)


def wait_for(check: Callable[[], object], what: str, seconds: float = 20) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def spans_in_file(path: Path) -> list[str]:
    """The texts of alice's spans, as another program reads them now."""
    out = subprocess.run(
        [sys.executable, "-m", "annotator", "export", str(path), "--annotator", "alice"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted(
        record["text"][s["start"] : s["end"]]
        for line in out.splitlines()
        for record in [json.loads(line)]
        for s in record["spans"]
    )


def test_tagging_around_a_cancelled_file_dialog_and_a_command_loses_nothing(
    tmp_path: Path, display: str
) -> None:
    path = tmp_path / "trial.db"
    with create_project(path) as project:
        project.add_document(Document("doc-1", ARTICLE, "First"))
    env = {key: value for key, value in os.environ.items() if key != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=display, XDG_CONFIG_HOME=str(tmp_path / "config"), HOME=str(tmp_path))

    def xdotool(*args: str) -> str:
        done = subprocess.run(["xdotool", *args], env=env, capture_output=True, text=True)
        return done.stdout.strip()

    def keys(*presses: str) -> None:
        for press in presses:
            if press.startswith("type:"):
                xdotool("type", "--delay", "30", press[5:])
            else:
                xdotool("key", press)
            time.sleep(0.2)

    log = open(tmp_path / "app.log", "wb")  # noqa: SIM115 (closed after the app ends)
    app = subprocess.Popen(
        [sys.executable, "-m", "annotator", str(path), "--annotator", "alice"],
        env=env,
        stdout=log,  # a file, not a pipe: a full pipe would stall the app
        stderr=subprocess.STDOUT,
    )
    try:
        window = str(
            wait_for(lambda: xdotool("search", "--onlyvisible", "--pid", str(app.pid)), "window")
        ).split()[-1]
        # No window manager runs on the virtual screen: give the window focus as a click
        # on it would.
        xdotool("windowfocus", "--sync", window)
        time.sleep(0.5)
        keys("ctrl+f", "type:Kerry", "Return", "Escape", "1")
        wait_for(lambda: spans_in_file(path) == ["Kerry"], "the first span in the file")

        keys("ctrl+e")  # File ▸ Export…, then Browse…: the file dialog lists the project's folder
        wait_for(lambda: xdotool("search", "--onlyvisible", "--name", "^Export$"), "dialog")
        keys("alt+b")
        wait_for(lambda: xdotool("search", "--onlyvisible", "--name", "^Export jsonl$"), "files")
        time.sleep(1.5)  # let it list and look at every file there
        keys("Escape")
        wait_for(
            lambda: not xdotool("search", "--onlyvisible", "--name", "^Export jsonl$"), "closed"
        )
        keys("Escape")
        wait_for(lambda: not xdotool("search", "--onlyvisible", "--name", "^Export$"), "no dialog")
        subprocess.run(
            [sys.executable, "-m", "annotator", "stats", str(path)], check=True, capture_output=True
        )
        xdotool("windowfocus", "--sync", window)
        time.sleep(0.3)

        keys("ctrl+f", "ctrl+a", "type:Lavrov", "Return", "Escape", "1")
        keys("ctrl+f", "ctrl+a", "type:Geneva", "Return", "Escape", "3")
        wait_for(lambda: spans_in_file(path) == ["Geneva", "Kerry", "Lavrov"], "all three spans")
        keys("ctrl+q")
        app.wait(30)
    except AssertionError:
        subprocess.run(["import", "-window", "root", str(tmp_path / "failed.png")], env=env)
        raise
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    log.close()
    output = (tmp_path / "app.log").read_text(encoding="utf-8", errors="replace")
    assert app.returncode == 0, output
    # After the clean quit the .db alone holds every span (no -wal left beside it).
    assert not path.with_name("trial.db-wal").exists()
    shutil.copyfile(path, tmp_path / "copy.db")
    with open_project(tmp_path / "copy.db") as copy:
        assert len(copy.spans("doc-1", "alice")) == 3
