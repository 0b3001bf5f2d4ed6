"""File ▸ Open shared project…: a team's project in a PostgreSQL database, by its URL.

The URL is libpq's (`postgresql://[user@]host[:port]/database`, with `?sslmode=…` and the
like); the password comes from `~/.pgpass` or PGSERVICE, never from the app's settings:
the URL offered next time is the last one without its password."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QLineEdit

from annotator.core.errors import AnnotatorError
from annotator.store.locations import display_url, is_url

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

LAST_URL = "shared/last_url"


def ask_url(window: MainWindow) -> str | None:
    """The URL the user typed (None if cancelled); AnnotatorError if it is not one."""
    last = str(window.settings.value(LAST_URL, "", type=str))
    url, ok = QInputDialog.getText(
        window,
        "Open shared project",
        "The project's PostgreSQL URL (postgresql://user@host/database).\n"
        "Passwords come from ~/.pgpass or PGSERVICE, and are never kept here.",
        QLineEdit.EchoMode.Normal,
        last or "postgresql://",
    )
    url = url.strip()
    if not ok or not url:
        return None
    if not is_url(url):
        raise AnnotatorError(f"{url!r} is not a postgresql:// URL")
    window.settings.setValue(LAST_URL, display_url(url))
    return url


def open_shared_project(window: MainWindow) -> None:
    def run() -> None:
        url = ask_url(window)
        if url is not None:
            window.files.switch_project(window.project.open_another(url))  # type: ignore[arg-type]

    window._run(run)
