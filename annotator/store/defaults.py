"""The project opened when none is named: in the user's data folder, seeded with the sample."""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from annotator.core.output_files import remove_stale_temporaries, temporary_name
from annotator.resources import SAMPLE_ARTICLE, resource_path

if TYPE_CHECKING:
    from annotator.store.project import Project

APP_NAME = "annotator"


def default_annotator() -> str:
    """The annotator name used when none is given: the OS user name."""
    try:
        return getpass.getuser() or "annotator"
    except (KeyError, OSError):
        return "annotator"


def default_project_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "default.db"


def open_or_create_sample(path: Path) -> Project:
    """Open `path`; if it does not exist yet, create it with the sample article imported.

    The project is built under a temporary name and renamed into place, so an interruption
    never leaves a half-seeded project that would be opened as it is next time (and the
    next first launch removes what a killed one left).
    """
    # Imported here: the window's process asks this module for names and paths only.
    from annotator.store.importer import import_paths
    from annotator.store.project import create_project, open_project

    if path.exists():
        return open_project(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(path.parent)
    # A name of our own: two first launches at once must not delete each other's work.
    partial = temporary_name(path, ".partial")
    try:
        with create_project(partial) as project:
            import_paths(project, [resource_path(SAMPLE_ARTICLE)])
        try:
            os.link(partial, path)  # unlike rename, never replaces a project made meanwhile
        except FileExistsError:
            pass  # another launch got there first: open its project
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return open_project(path)
