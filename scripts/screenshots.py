"""Take the README's screenshots: the real app on a virtual screen, driven by real keystrokes.

    make screenshots        (or: .venv/bin/python scripts/screenshots.py)

Needs Xvfb, xdotool and ImageMagick's `import` (Debian: apt-get install xvfb xdotool
imagemagick libxcb-cursor0). Builds a demo project from the bundled sample article with a
few spans by two annotators, opens it as "alice", tags a word through Ctrl+F and the "1"
key, opens Review ▸ Agreement and a side-by-side comparison, accepts a version into gold
with one key, deletes the project's -wal as a sync client might (the window's banner), and
saves PNGs under docs/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from annotator.core.model import Span, Status
from annotator.store.defaults import open_or_create_sample

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DOC_ID = "an-opening-on-syria"

# (phrase, occurrence, label, note) for alice; the QUOTE nests an ACTOR.
ALICE = [
    ("Secretary of State John Kerry", 0, "ACTOR", None),
    ("John Kerry", 0, "ACTOR", "Nested inside the title span"),
    ("Moscow", 0, "ACTOR", None),
    ("The United States is ready to start talking to Russia about Syria.", 0, "CLAIM", None),
    (
        "“The president believes that a military-to-military conversation is an important next "
        "step, and I think, hopefully, it will take place very shortly,”",
        0,
        "QUOTE",
        None,
    ),
    ("The president", 0, "ACTOR", None),
    ("Kerry said", 0, "EVENT", None),
    ("Pentagon", 0, "ACTOR", None),
    ("Ash Carter", 0, "ACTOR", None),
    ("constructive conversation", 0, "QUOTE", None),
    ("Sergei Shoygu", 0, "ACTOR", None),
]
# bob agrees on some spans and differs on others in every way the comparison shows.
BOB = [
    ("John Kerry", 0, "ACTOR", None),
    ("Moscow", 0, "ACTOR", None),
    ("Sergei Lavrov", 0, "ACTOR", None),  # only bob
    ("The United States is ready to start talking to Russia about Syria.", 0, "EVENT", None),
    (
        "The president believes that a military-to-military conversation is an important next "
        "step, and I think, hopefully, it will take place very shortly",  # no quote marks
        0,
        "QUOTE",
        None,
    ),
    ("The president", 0, "ACTOR", None),
    ("Pentagon", 0, "ACTOR", None),
    ("Defense Secretary Ash Carter", 0, "ACTOR", None),
    ("“constructive conversation”", 0, "QUOTE", None),
    ("Sergei Shoygu", 0, "ACTOR", None),
]


def build_demo(path: Path) -> None:
    project = open_or_create_sample(path)
    text = project.document(DOC_ID).text
    for annotator, spans in (("alice", ALICE), ("bob", BOB)):
        for phrase, occurrence, label, note in spans:
            start = -1
            for _ in range(occurrence + 1):
                start = text.index(phrase, start + 1)
            project.add_span(Span(DOC_ID, annotator, start, start + len(phrase), label, note))
        project.set_status(DOC_ID, annotator, Status.DONE)
    project.close()


def need(*tools: str) -> None:
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if missing:
        sys.exit(
            f"screenshots need {', '.join(missing)}: apt-get install xvfb xdotool imagemagick "
            "libxcb-cursor0 libxkbcommon-x11-0"
        )


def xdotool(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=False)


def main() -> int:
    need("Xvfb", "xdotool", "import")
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "demo.db"
        build_demo(db)
        display = ":97"
        xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1400x900x24"])
        env = dict(os.environ, DISPLAY=display, XDG_CONFIG_HOME=tmp)
        env.pop("QT_QPA_PLATFORM", None)
        app = subprocess.Popen(
            [sys.executable, "-m", "annotator", str(db), "--annotator", "alice"], env=env
        )
        try:
            window = ""
            for _ in range(80):
                found = subprocess.run(
                    ["xdotool", "search", "--onlyvisible", "--name", "annotator"],
                    capture_output=True,
                    text=True,
                    env=env,
                )
                window = found.stdout.split()[-1] if found.stdout.split() else ""
                if window:
                    break
                time.sleep(0.25)
            if not window:
                print("the app window did not appear", file=sys.stderr)
                return 1
            os.environ["DISPLAY"] = display
            xdotool("windowfocus", "--sync", window)
            time.sleep(1.0)
            # Find "Lavrov", close the find bar (the hit stays selected), tag it ACTOR with "1".
            xdotool("key", "ctrl+f")
            xdotool("type", "--delay", "30", "Lavrov")
            xdotool("key", "Return", "Escape", "1")
            time.sleep(0.8)
            shot(display, DOCS / "main-window.png")
            xdotool("key", "ctrl+f")
            xdotool("type", "--delay", "30", "Syria")
            xdotool("key", "Return")
            time.sleep(0.8)
            shot(display, DOCS / "find.png")
            # Help ▸ Keyboard shortcuts (F1), read from the window's actions.
            xdotool("key", "Escape", "F1")
            time.sleep(1.0)
            shot(display, DOCS / "shortcuts.png")
            xdotool("key", "Escape")
            xdotool("windowfocus", "--sync", window)
            time.sleep(0.3)
            # Review ▸ Agreement: computed in the background; then open the document's
            # comparison from the keyboard and accept bob's version of the first disagreement.
            xdotool("key", "Escape", "ctrl+shift+a")
            time.sleep(2.5)
            shot(display, DOCS / "agreement.png")
            xdotool("key", "alt+d", "Down", "Return")
            time.sleep(2.0)
            xdotool("key", "2")
            time.sleep(0.8)
            shot(display, DOCS / "compare.png")
            # A sync client deletes the project's -wal: the next poll writes a rescue copy
            # and a banner says so, before any edit.
            db.with_name(db.name + "-wal").unlink()
            xdotool("windowraise", window)
            xdotool("windowfocus", "--sync", window)
            time.sleep(2.5)
            shot(display, DOCS / "lost-files.png")
        finally:
            app.terminate()
            app.wait(10)
            xvfb.terminate()
    for name in (
        "main-window.png",
        "find.png",
        "shortcuts.png",
        "agreement.png",
        "compare.png",
        "lost-files.png",
    ):
        print(DOCS / name)
    return 0


def shot(display: str, out: Path) -> None:
    subprocess.run(["import", "-display", display, "-window", "root", str(out)], check=True)


if __name__ == "__main__":
    sys.exit(main())
