"""The file formats of other annotation tools, one module per format.

Each module defines `FORMAT`, a `Format` (see `base`). Modules are imported only when their
format is used, so an optional dependency (spaCy) costs nothing until then.
"""

from __future__ import annotations

import importlib

from annotator.core.errors import AnnotatorError
from annotator.core.formats.base import Format

# name -> module under annotator.core.formats
MODULES = {
    "jsonl": "jsonl_format",
    "doccano": "doccano",
    "prodigy": "prodigy",
    "labelstudio": "labelstudio",
    "brat": "brat",
    "conll": "conll",
    "spacy": "spacy_docbin",
}


def get_format(name: str) -> Format:
    """The format called `name`; AnnotatorError naming the known ones otherwise."""
    module = MODULES.get(name)
    if module is None:
        known = ", ".join(MODULES)
        raise AnnotatorError(f"unknown format {name!r} (known: {known})")
    format_: Format = importlib.import_module(f"{__name__}.{module}").FORMAT
    return format_
