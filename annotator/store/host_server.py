"""The store process: every SQLite connection of the app lives here (`python -m` this module).

Why a process of its own: SQLite guards a project with POSIX advisory locks, and those
belong to the process: closing *any* descriptor of the file in the process drops all of
them. In the window's process a file dialog listing the folder, a type sniffer, a
thumbnailer or a drag and drop opens and closes the `.db`; the next program to close the
project then believes it is the last user, checkpoints and deletes the `-wal` the window
still writes to, and every later edit is lost. This process runs nothing but the store: no
Qt, no dialog, no plug-in, so no code of any kind can open the file behind SQLite's back.

Protocol (one `multiprocessing.connection` channel per client thread, pickled tuples):
    -> ("open", path[, check_pages]) | ("create", path, labels)
                                                       <- ("ok", (path, read_only))
    -> ("call", name_or_function, args, kwargs)        <- ("ok", result) | ("error", exc)
       a callable argument travels as _Callback(i): the process asks the client
       ("callback", i, args) and waits for ("return", value)
    -> ("begin",) / ("end", failed)                    a transaction spanning several calls
    -> ("close",)                                      <- ("ok", None)
The process ends, closing (and so checkpointing) every project, when its standard input
reaches end of file: when the app quits, crashes or is killed. What guards the channel is
its random key (given on standard input, checked by multiprocessing's handshake before any
message is unpickled); the list of modules whose functions may run here only keeps the
app's own code honest.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, Listener
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError, ProjectError
from annotator.store.interface import ProjectStore

# The app's window imports this module for the classes it shares with the store process
# (StoreProcessError, _Callback): the store's own modules are imported where they are used
# here, and by serve() at its start, so the window's start never waits for SQLite modules.

# The client answers a progress callback at most this often; between answers the last
# answer stands (a cancel is seen within this time).
CALLBACK_INTERVAL_S = 0.05
# Only the store's, the core's and the operations' own functions may be run here.
ALLOWED_MODULES = ("annotator.store.", "annotator.core.", "annotator.ops.")
# What a client may call by name: the store interface, not whatever else the SQLite class
# has (its connection, above all).
INTERFACE = frozenset(name for name in dir(ProjectStore) if not name.startswith("_"))


class _Callback:
    """Stands for a callable argument of the client's: called here, run there."""

    def __init__(self, index: int):
        self.index = index


class StoreProcessError(AnnotatorError):
    """A programming error in the store process, with its traceback as text."""


class _Channel:
    """One client's conversation: one project connection, used by one thread."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.project: ProjectStore | None = None
        self.transactions: list[contextlib.AbstractContextManager[None]] = []

    def serve(self) -> None:
        try:
            while True:
                try:
                    message = self.conn.recv()
                except (EOFError, OSError):
                    return
                except Exception as error:  # a request that cannot be read (a function not
                    # in this version of a module): refused, and the channel goes on
                    refused = StoreProcessError(f"the store process cannot read a request: {error}")
                    self.conn.send(("error", refused))
                    continue
                if not self._answer(message):
                    return
        finally:
            self._close_project()
            self.conn.close()

    def _answer(self, message: tuple[Any, ...]) -> bool:
        from annotator.store.defaults import open_or_create_sample
        from annotator.store.locations import create_any, open_any

        kind = message[0]
        try:
            if kind == "open":
                check_pages = message[2] if len(message) > 2 else True
                result: Any = self._set_project(open_any(message[1], check_pages))
            elif kind == "sample":  # the app's default project, made here if it is new
                result = self._set_project(open_or_create_sample(Path(message[1])))
            elif kind == "create":
                result = self._set_project(create_any(message[1], message[2]))
            elif kind == "call":
                result = self._call(*message[1:])
            elif kind == "begin":
                cm = self._project().transaction()
                cm.__enter__()
                self.transactions.append(cm)
                result = None
            elif kind == "end":
                self._end_transaction(failed=message[1])
                result = None
            elif kind == "close":
                self._close_project()
                self.conn.send(("ok", None))
                return False
            else:
                raise StoreProcessError(f"unknown request {kind!r}")
            answer = pickle.dumps(("ok", result))
        except BaseException as error:  # everything goes back to the client
            answer = pickle.dumps(("error", _portable(error)))
        try:
            self.conn.send_bytes(answer)
        except (EOFError, OSError):  # the client went away (a read ahead it dropped)
            return False
        return True

    def _project(self) -> ProjectStore:
        if self.project is None:
            raise StoreProcessError("no project is open on this channel")
        return self.project

    def _set_project(self, project: ProjectStore) -> tuple[str, bool]:
        self.project = project
        return str(project.path), project.read_only

    def _end_transaction(self, failed: bool) -> None:
        cm = self.transactions.pop()
        if not failed:
            cm.__exit__(None, None, None)
            return
        abandoned = _Abandoned()
        with contextlib.suppress(_Abandoned):
            cm.__exit__(_Abandoned, abandoned, None)  # rolls back

    def _close_project(self) -> None:
        while self.transactions:  # a client that went away mid-transaction: roll back
            with contextlib.suppress(BaseException):
                self._end_transaction(failed=True)
        if self.project is not None:
            import sqlite3  # here: the app's process imports this module, not sqlite3

            with contextlib.suppress(AnnotatorError, sqlite3.Error):
                self.project.close()
            self.project = None

    def _call(self, target: str | Callable[..., Any], args: tuple, kwargs: dict) -> Any:
        project = self._project()
        args = tuple(self._local(a) for a in args)
        kwargs = {key: self._local(value) for key, value in kwargs.items()}
        if isinstance(target, str):
            if target not in INTERFACE:
                raise StoreProcessError(f"{target!r} is not part of the project's interface")
            return getattr(project, target)(*args, **kwargs)
        module = getattr(target, "__module__", "") or ""
        if not module.startswith(ALLOWED_MODULES):
            name = getattr(target, "__qualname__", repr(target))
            raise StoreProcessError(f"{module}.{name} may not run in the store")
        return target(project, *args, **kwargs)

    def _local(self, value: Any) -> Any:
        """A _Callback becomes a function that asks the client (at most every
        CALLBACK_INTERVAL_S; in between, the last answer stands)."""
        if not isinstance(value, _Callback):
            return value
        index = value.index
        last: dict[str, Any] = {"at": 0.0, "answer": None}

        def call_back(*args: Any) -> Any:
            now = time.monotonic()
            if last["answer"] is not None and now - last["at"] < CALLBACK_INTERVAL_S:
                return last["answer"]
            self.conn.send(("callback", index, args))
            kind, answer = self.conn.recv()
            if kind == "raise":  # the client's callback failed: so does the call here
                raise answer
            last["at"], last["answer"] = now, answer
            return answer

        return call_back


class _Abandoned(Exception):
    """The client left a transaction by an exception: roll it back."""


def _portable(error: BaseException) -> BaseException:
    """`error` if it survives pickling; otherwise an AnnotatorError that says the same."""
    from annotator.store.project import damage_message

    damage = damage_message(error)
    if damage is not None:
        return ProjectError(damage.rstrip("."))
    if not isinstance(error, AnnotatorError):
        error.add_note("In the store process:\n" + "".join(traceback.format_exception(error)))
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        if isinstance(error, AnnotatorError):
            return AnnotatorError(error.reason, error.path, error.line)
        return StoreProcessError(
            f"{type(error).__name__}: {error}\n" + "".join(traceback.format_exception(error))
        )


def serve(authkey: bytes, out: Any) -> None:
    """Accept channels until standard input closes, then wait for every channel to end.

    A channel ends when its client closes it or goes away (the app's process ending closes
    its end), and closes its project in its own thread (SQLite connections belong to the
    thread that made them): the last close checkpoints the `-wal` into the `.db`."""
    import annotator.store.defaults  # noqa: F401  # the store's modules, before any request
    from annotator.store.sqlite.opening import warm_up

    # Before saying where it listens: the app's first open then waits for nothing. A broken
    # sqlite-utils plug-in is then said by that open, in its words, not by an exit here.
    with contextlib.suppress(Exception):
        warm_up()
    gc.freeze()  # the modules live as long as the process: no collection scans them again

    # On Linux an abstract socket: nothing on disk to leave behind if the process is killed.
    address = f"\0annotator-store-{os.urandom(8).hex()}" if sys.platform == "linux" else None
    listener = Listener(address, authkey=authkey)
    channels: list[threading.Thread] = []
    # A str (a socket's path, a pipe's name) or, for Linux's abstract socket, bytes that
    # begin with a NUL: pickled, as hex on one line.
    out.write(pickle.dumps(listener.address).hex() + "\n")
    out.flush()

    def accept() -> None:
        while True:
            try:
                conn = listener.accept()
            except OSError:
                return
            except Exception:  # a client that failed authentication
                continue
            # Not a daemon (as the accepting thread is): a channel always closes its project.
            thread = threading.Thread(
                target=_Channel(conn).serve, name="store-channel", daemon=False
            )
            channels.append(thread)
            thread.start()

    threading.Thread(target=accept, daemon=True, name="store-accept").start()
    sys.stdin.buffer.read()  # until the app goes away, however it goes
    with contextlib.suppress(OSError):
        listener.close()
    for thread in list(channels):
        thread.join()  # never cut off a write or the checkpoint that closes a project


def main() -> None:
    # Ctrl+C in the app's terminal is for the app: it quits, and this process then closes
    # every project when its standard input closes.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    authkey = bytes.fromhex(sys.stdin.buffer.readline().decode().strip())
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    # Nothing may print on the channel to the app: stray prints go to standard error.
    sys.stdout = sys.stderr
    serve(authkey, out)
    sys.stderr.flush()
    # No finalizer may close a connection kept open on purpose (journal.KEPT_OPEN: closing
    # it would checkpoint a stale journal over others' work).
    os._exit(0)


if __name__ == "__main__":
    # Run as the imported module, not as __main__: the classes the app pickles name it.
    from annotator.store import host_server

    host_server.main()
