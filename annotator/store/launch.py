"""Starting the store process (host_server.py), as early as the app can.

`python -m annotator` opening the app calls `start_store_process()` first thing, before Qt
and the window's modules are imported (a few hundred milliseconds), so that the store
process imports its SQLite modules and gets ready meanwhile; `StoreHost` adopts it. This
module imports nothing but the standard library's process basics for that reason.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from typing import Any


class StartedStore:
    """A store process started, with the key its channels are opened with."""

    def __init__(self, process: subprocess.Popen[bytes], authkey: bytes):
        self.process = process
        self.authkey = authkey

    def stop(self) -> None:
        """End the store process: its end of input ends it, once it has closed (and so
        checkpointed) every project it holds."""
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):  # a process already gone: nothing reads it
                self.process.stdin.close()
        self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def start_store_process() -> StartedStore:
    authkey = os.urandom(32)
    # -P: the working folder is not on its import path (a random.py there must not run in
    # the store). A session of its own: Ctrl+C in the app's terminal reaches the app, which
    # quits, and this process then closes every project.
    session: dict[str, Any] = (
        {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)}
        if os.name == "nt"
        else {"start_new_session": True}
    )
    process = subprocess.Popen(
        [sys.executable, "-P", "-m", "annotator.store.host_server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=_same_package_env(),
        **session,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(authkey.hex().encode() + b"\n")
    process.stdin.flush()
    return StartedStore(process, authkey)


def _same_package_env() -> dict[str, str] | None:
    """The environment that makes the store process import this very `annotator` package:
    with -P it would take whichever the interpreter finds, and from a second checkout (a
    git worktree sharing one virtualenv) or a source folder beside an installed copy, that
    is another one. None (the environment as it is) when the package is installed where
    the interpreter looks anyway."""
    import site  # imported at every start already (it set up sys.path)

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    installed = {os.path.abspath(p) for p in site.getsitepackages()}
    installed.add(os.path.abspath(site.getusersitepackages()))
    if root in installed:
        return None
    given = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": root + (os.pathsep + given if given else "")}
