"""The app's side of the store process (`host_server.py` says why it exists).

`StoreHost()` starts the process; `host.open(path)` and `host.create(path)` give a
`RemoteProject`, which presents the store interface (`interface.ProjectStore`: every
method, `path`, `read_only`, `transaction()`) and runs each call in the store process over
a channel of its own. A channel belongs to one thread: a worker thread takes
`project.reopen()`, as it would open a connection of its own. `project.call(function,
*args)` runs a store function `function(project, *args)` there (gold, agreement, import,
export, backups).
"""

from __future__ import annotations

import contextlib
import pickle
import threading
import weakref
from collections.abc import Callable, Iterator
from multiprocessing.connection import Client, Connection
from pathlib import Path
from typing import Any, cast

from annotator.core.errors import ProjectError
from annotator.core.model import Label
from annotator.store.host_server import StoreProcessError, _Callback
from annotator.store.interface import ProjectStore
from annotator.store.launch import StartedStore, start_store_process
from annotator.store.locations import is_url, location

_GONE = (
    "the app's store process ended unexpectedly: nothing more can be read or saved here "
    "(edits confirmed before are saved); quit and open the project again"
)


class StoreHost:
    """The store process, started at once (it gets ready while the caller goes on: the app
    starts Qt meanwhile); `close()`, or the app's end however it ends, stops it."""

    def __init__(self, started: StartedStore | None = None) -> None:
        """`started`: the process `launch.start_store_process()` started already (the app
        starts it before importing Qt); by default, one is started here."""
        started = started or start_store_process()
        self._started = started
        self._process = started.process
        self._address: str | None = None  # read when first needed
        self._ready = threading.Lock()
        self._authkey = started.authkey
        self._open: weakref.WeakSet[RemoteProject] = weakref.WeakSet()
        self._reads: weakref.WeakSet[ReadAhead] = weakref.WeakSet()  # answers not taken

    @property
    def pid(self) -> int:
        return self._process.pid

    @property
    def address(self) -> str:
        """Where the store process listens (waits until it says so)."""
        with self._ready:
            if self._address is None:
                assert self._process.stdout is not None
                line = self._process.stdout.readline().decode().strip()
                if not line:
                    code = self._process.wait()
                    raise ProjectError(f"the app's store process did not start (exit {code})")
                self._address = pickle.loads(bytes.fromhex(line))  # from our own child
            return self._address

    def connect(self) -> Connection:
        address = self.address
        try:
            return Client(address, authkey=self._authkey)
        except OSError as error:
            raise ProjectError(_GONE) from error

    def open(self, path: str | Path, check_pages: bool = True) -> ProjectStore:
        """The project at `path`, opened in the store process (ProjectError as
        `open_project` raises it). A ProjectStore: `RemoteProject` forwards each of the
        interface's methods by name to the `Project` in the store process.
        `check_pages=False`: the store process has it open, checked, already."""
        return cast(ProjectStore, RemoteProject(self, ("open", str(path), check_pages)))

    def open_sample(self, path: str | Path) -> ProjectStore:
        """The app's default project at `path`, created with the sample article if new."""
        return cast(ProjectStore, RemoteProject(self, ("sample", str(path))))

    def create(self, path: str | Path, labels: list[Label] | None = None) -> ProjectStore:
        return cast(ProjectStore, RemoteProject(self, ("create", str(path), labels)))

    def close(self) -> None:
        """Stop the process, after it has closed (and so checkpointed) every project it
        holds; a channel still open here is cut, which closes its project there."""
        for remote in list(self._open):
            remote._drop()
        for read in list(self._reads):  # its channel would wait to send it for ever
            read.discard()
        self._started.stop()


class RemoteProject:
    """A project open in the store process. Use it from one thread; see `reopen()`."""

    def __init__(self, host: StoreHost, request: tuple[Any, ...]):
        self.host = host
        self._thread = threading.get_ident()
        self._gone: str | None = None  # why the channel was lost, said again at each call
        self._conn: Connection | None = host.connect()
        host._open.add(self)
        self._request = request
        try:
            path, self.read_only = self._ask(request)
        except BaseException:
            self._drop()
            raise
        self.path = location(path)

    def reopen(self) -> ProjectStore:
        """The same project on a channel (and a connection) of its own, for another thread."""
        # The name it was opened by (a file or a URL); checked when it was.
        return self.host.open(self._request[1], check_pages=False)

    def read_ahead(self, function: Callable[..., Any], *args: Any) -> ReadAhead | None:
        """Start the read `function(project, *args)` (a store function, plain arguments) on
        a channel of its own, and return at once; see ReadAhead. None for a shared project:
        a second server connection (its log-in, its checks) would cost what it saves."""
        name = self._request[1]
        if is_url(name):
            return None
        return ReadAhead(self.host, name, function, args)

    def open_another(self, path: Path) -> ProjectStore:
        """Another project, opened in the same store process."""
        return self.host.open(path)

    def create_another(self, path: Path) -> ProjectStore:
        return self.host.create(path)

    def call(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """`function(project, *args, **kwargs)` run in the store process."""
        return self._ask(("call", function, args, kwargs))

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """As Project.transaction: every call inside is one all-or-nothing unit."""
        self._ask(("begin",))
        try:
            yield
        except BaseException:
            self._ask(("end", True))
            raise
        self._ask(("end", False))

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(ProjectError):
                self._ask(("close",))
            self._drop()

    def __enter__(self) -> RemoteProject:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)

        def method(*args: Any, **kwargs: Any) -> Any:
            return self._ask(("call", name, args, kwargs))

        method.__name__ = name
        return method

    # -- the channel ------------------------------------------------------------------------

    def _ask(self, message: tuple[Any, ...]) -> Any:
        if self._conn is None:
            raise ProjectError(self._gone or "is closed", self._request[1])
        if threading.get_ident() != self._thread:  # two threads would mix their answers
            raise RuntimeError("a RemoteProject is used by the thread that opened it: reopen()")
        callbacks: list[Callable[..., Any]] = []
        if message[0] == "call":
            function, args, kwargs = message[1:]
            args = tuple(_remote(a, callbacks) for a in args)
            kwargs = {key: _remote(value, callbacks) for key, value in kwargs.items()}
            message = ("call", function, args, kwargs)
        failed: BaseException | None = None  # a callback's own error, raised here at the end
        try:
            self._conn.send(message)
            while True:
                answer = self._conn.recv()
                if answer[0] != "callback":
                    break
                try:
                    reply: tuple[str, Any] = ("return", callbacks[answer[1]](*answer[2]))
                except Exception as error:
                    failed = error
                    reply = ("raise", StoreProcessError(f"the caller's callback failed: {error}"))
                self._conn.send(reply)
        except (EOFError, OSError) as error:
            self._drop()
            self._gone = _GONE
            raise ProjectError(_GONE, self._request[1]) from error
        if failed is not None:
            raise failed
        if answer[0] == "error":
            raise answer[1]
        return answer[1]

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
            self._conn = None


class ReadAhead:
    """A read sent at once on a channel (and a connection) of its own, which the store
    process answers while the caller goes on: the window's first document is read so while
    the window builds itself. It sees the project as committed when the store process came
    to it. `result()` waits for the answer (or raises its error) and ends the channel;
    `discard()` ends it unread. One function, so that the store process sends one answer
    once all is read (a large answer waits in the channel until it is taken)."""

    def __init__(
        self, host: StoreHost, name: str, function: Callable[..., Any], args: tuple[Any, ...]
    ):
        if any(callable(arg) for arg in args):
            raise TypeError("a read ahead takes plain arguments, not callbacks")
        self._conn: Connection | None = host.connect()
        host._reads.add(self)
        try:
            self._conn.send(("open", name, False))  # as reopen(): checked when first opened
            self._conn.send(("call", function, args, {}))
        except OSError as error:
            self.discard()
            raise ProjectError(_GONE, name) from error

    def result(self) -> Any:
        if self._conn is None:
            raise ProjectError("this read was discarded")
        try:
            answers = [self._conn.recv(), self._conn.recv()]  # the open's, the read's
        except (EOFError, OSError) as error:
            raise ProjectError(_GONE) from error
        finally:
            self.discard()
        for kind, value in answers:
            if kind == "error":
                raise value
        return answers[1][1]

    def discard(self) -> None:
        """End the channel: the store process closes its connection when it sees the end."""
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.close()
            self._conn = None


def _remote(value: Any, callbacks: list[Callable[..., Any]]) -> Any:
    if callable(value) and not isinstance(value, type):
        callbacks.append(value)
        return _Callback(len(callbacks) - 1)
    return value
