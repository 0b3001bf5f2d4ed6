"""The default label set and the colours given to labels added later."""

from __future__ import annotations

import json

from annotator.core.model import Label
from annotator.resources import resource_path

# Distinct, readable-on-white colours for labels beyond the defaults (Okabe-Ito palette).
_EXTRA_COLORS = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"]


def default_labels() -> list[Label]:
    """ACTOR, QUOTE, EVENT, CLAIM with keys 1-4, read from resources/labels.json."""
    data = json.loads(resource_path("labels.json").read_text(encoding="utf-8"))
    return [Label(**item) for item in data]


def new_label(name: str, existing: list[Label]) -> Label:
    """A label for `name` with a colour and a free digit key not used by `existing`."""
    used_colors = {label.color.lower() for label in existing}
    used_keys = {label.key for label in existing}
    free = [c for c in _EXTRA_COLORS if c.lower() not in used_colors]
    color = free[0] if free else _EXTRA_COLORS[len(existing) % len(_EXTRA_COLORS)]
    key = next((k for k in "123456789" if k not in used_keys), None)
    return Label(name=name, color=color, key=key, description="")
