"""Where the bundled files (default labels, sample article) are.

In a wheel they are package data under `annotator/resources`; in a checkout (editable
install) they are the repository's top-level `resources/` folder.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).parent / "resources"
_CHECKOUT = Path(__file__).parent.parent / "resources"

SAMPLE_ARTICLE = "an-opening-on-syria.txt"


def resource_path(name: str) -> Path:
    """The path of the bundled file `name`; FileNotFoundError if the install lacks it."""
    for folder in (_PACKAGED, _CHECKOUT):
        path = folder / name
        if path.exists():
            return path
    raise FileNotFoundError(f"bundled resource {name!r} is missing from this installation")
