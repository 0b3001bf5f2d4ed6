"""The project opened when none is named: in the user's data folder, seeded with the sample."""

from __future__ import annotations

from pathlib import Path

import platformdirs

from annotator.resources import SAMPLE_ARTICLE, resource_path
from annotator.store.importer import import_paths
from annotator.store.project import Project, create_project, open_project

APP_NAME = "annotator"


def default_project_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "default.db"


def open_or_create_sample(path: Path) -> Project:
    """Open `path`; if it does not exist yet, create it with the sample article imported."""
    if path.exists():
        return open_project(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    project = create_project(path)
    import_paths(project, [resource_path(SAMPLE_ARTICLE)])
    return project
