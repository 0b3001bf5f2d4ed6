"""Where a project lives, from the name a user gives: a `postgresql://` URL is a shared
project in that database (store/postgres/), anything else a SQLite file. The command line,
the store process and the app open projects through these, so that every command and the
window take either."""

from __future__ import annotations

from pathlib import Path, PurePath, PurePosixPath
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from annotator.core.errors import ProjectError
from annotator.core.model import Label, RelationType
from annotator.store.interface import ProjectStore

URL_SCHEMES = ("postgresql://", "postgres://")


class UrlPath(PurePosixPath):
    """A shared project's URL where a `Path` names a project (messages, titles, the
    command line's arguments): it prints as the URL, without its password. Nothing treats
    it as a file: every file check asks `is_url` first."""

    _url: str

    def __new__(cls, url: str) -> UrlPath:
        self = super().__new__(cls, url)
        self._url = url
        return self

    def __str__(self) -> str:
        return display_url(getattr(self, "_url", super().__str__()))

    def __repr__(self) -> str:
        return f"UrlPath({str(self)!r})"

    @property
    def url(self) -> str:
        """The URL as given (with its password, if it had one): for connecting only."""
        return getattr(self, "_url", super().__str__())


def display_url(url: str) -> str:
    """The URL without its password, in the user part (`user:secret@`) or the query
    (`?password=secret`), for messages, titles and settings."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        credentials, host = netloc.rsplit("@", 1)
        netloc = credentials.split(":", 1)[0] + "@" + host
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def location(name: str) -> Path:
    """A project named on the command line: a `UrlPath` for a URL, else a `Path` (an
    argparse type)."""
    return UrlPath(name) if is_url(name) else Path(name)  # type: ignore[return-value]


def connect_name(name: str | PurePath) -> str:
    """What to open: the URL of a `UrlPath` (with its password), else the name itself."""
    return name.url if isinstance(name, UrlPath) else str(name)


def is_url(name: str | Path) -> bool:
    """Does `name` name a shared (PostgreSQL) project?"""
    return str(name).startswith(URL_SCHEMES)


def _postgres() -> Any:
    try:
        from annotator.store.postgres import opening
    except ImportError as error:  # psycopg is an optional extra
        raise ProjectError(
            "needs PostgreSQL support, which is not installed: pip install 'annotator[postgres]'",
            Path("postgresql:"),
        ) from error
    return opening


def open_any(name: str | Path, check_pages: bool = True) -> ProjectStore:
    """The project `name` names, opened in this process (`check_pages`: see
    `sqlite.opening.open_project`)."""
    if is_url(name):
        return _postgres().open_postgres(connect_name(name))
    from annotator.store.sqlite.opening import open_project

    return open_project(name, check_pages)


def create_any(
    name: str | Path,
    labels: list[Label] | None = None,
    relation_types: list[RelationType] | None = None,
) -> ProjectStore:
    """A new project where `name` says, with `labels` (default: ACTOR, QUOTE, EVENT, CLAIM)
    and `relation_types` (default: those of the defaults whose labels it has)."""
    if is_url(name):
        opening: Any = _postgres()
        return opening.create_postgres(connect_name(name), labels, relation_types)
    from annotator.store.sqlite.opening import create_project

    return create_project(name, labels, relation_types)


def discard_any(name: str | Path) -> None:
    """Remove a project just created at `name` whose filling failed (a copy, say)."""
    if is_url(name):
        _postgres().drop_postgres(connect_name(name))
    else:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
