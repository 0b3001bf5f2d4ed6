"""Worker processes for a large run of the suggesters (`ops.suggest_runs`).

Each worker is a fresh interpreter (`python -P -m annotator.ops.suggest_workers`: nothing
is forked from a process that may hold SQLite connections or Qt, and the caller's main
module is never imported again, guarded or not). It reads pickled messages on its standard
input: first its set-up (the suggesters, the known names, the spaCy model's name), from
which it builds the automaton and the pipeline once; then batches of (document id, text),
answering each on its standard output, in order, with ("ok", each document's suggestions
as tuples of their fields) or ("error", exception, traceback). The end of its input ends
it.

`Workers(count, setup)` runs `count` of them: `send(texts)` hands a batch to the next
worker in turn, `receive()` gives the answers back in the order the batches were sent (so
the caller stores documents in order). `close()` ends them at once, whatever they were
doing: Cancel and errors leave no process behind. A worker that dies is an error, never
a wait forever.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import signal
import site
import subprocess
import sys
import threading
import traceback
from collections import deque
from pathlib import Path
from typing import Any

from annotator.core.errors import AnnotatorError
from annotator.core.model import Suggestion

Setup = tuple[tuple[str, ...], list[str], str | None]
Texts = list[tuple[str, str]]


class Workers:
    def __init__(self, count: int, setup: Setup) -> None:
        env = _environment()
        self._workers: list[_Worker] = []
        self._order: deque[_Worker] = deque()  # who answers next, one entry per batch sent
        self._turn = 0
        try:
            for _ in range(count):
                self._workers.append(_Worker(env, setup))
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, texts: Texts) -> None:
        worker = self._workers[self._turn % len(self._workers)]
        self._turn += 1
        worker.send(texts)
        self._order.append(worker)

    def receive(self) -> list[list[Suggestion]]:
        """The answer to the oldest batch not yet received; its error raised here."""
        return self._order.popleft().receive()

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers.clear()


def _environment() -> dict[str, str]:
    """The workers' environment: this one, with the folder this very package was imported
    from first on their path (a checkout, or another install than the interpreter's own);
    an installed package's site-packages stays where the interpreter puts it, after the
    standard library."""
    import annotator

    here = str(Path(annotator.__file__).resolve().parent.parent)
    installed = {str(Path(folder).resolve()) for folder in site.getsitepackages()}
    paths = list(filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep)))
    if here not in installed and here not in paths:
        paths.insert(0, here)
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


class _Worker:
    def __init__(self, env: dict[str, str], setup: Setup) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-P", "-m", "annotator.ops.suggest_workers"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        # A thread writes the batches and another reads the answers: a worker never waits
        # for the caller (an answer is larger than a pipe holds, and the caller reads them
        # in order, storing in between), and the caller never blocks on a busy worker.
        self._inbox: queue.Queue[bytes | None] = queue.Queue()
        self._answers: queue.Queue[tuple[Any, ...]] = queue.Queue()
        self._threads = [
            threading.Thread(target=self._write, daemon=True, name="suggest-worker-in"),
            threading.Thread(target=self._read, daemon=True, name="suggest-worker-out"),
        ]
        for thread in self._threads:
            thread.start()
        self._inbox.put(pickle.dumps(setup, pickle.HIGHEST_PROTOCOL))

    def send(self, texts: Texts) -> None:
        self._inbox.put(pickle.dumps(texts, pickle.HIGHEST_PROTOCOL))

    def receive(self) -> list[list[Suggestion]]:
        reply = self._answers.get()
        if reply[0] == "lost":  # its output ended, or could not be read
            try:
                code = self._process.wait(timeout=5 if reply[1] is None else 0)
            except subprocess.TimeoutExpired:
                self._process.kill()
                code = self._process.wait()
            why = f": {reply[1]}" if reply[1] is not None else f" (exit code {code})"
            raise AnnotatorError(
                f"a suggester worker process stopped{why}; the documents suggested before "
                "are stored"
            ) from None
        if reply[0] == "ok":
            return [[Suggestion(*row) for row in rows] for rows in reply[1]]
        _, error, trace = reply
        if isinstance(error, AnnotatorError):
            raise error
        raise RuntimeError(f"a suggester failed in a worker process:\n{trace}") from error

    def stop(self) -> None:
        self._inbox.put(None)
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        for thread in self._threads:
            thread.join(timeout=5)
        for pipe in (self._process.stdout, self._process.stdin):
            if pipe is not None:
                with contextlib.suppress(OSError):  # a write cut short by the kill
                    pipe.close()

    def _write(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        while (message := self._inbox.get()) is not None:
            try:
                stdin.write(message)
                stdin.flush()
            except (OSError, ValueError):  # the worker has gone (stopped, or died)
                return

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        try:
            while True:
                self._answers.put(pickle.load(stdout))
        except (EOFError, pickle.UnpicklingError, OSError, ValueError):  # it stopped
            self._answers.put(("lost", None))
        except Exception as error:  # an answer this process cannot read
            self._answers.put(("lost", f"its answer could not be read ({error!r})"))


# -- in the worker process -------------------------------------------------------------------


def main() -> None:
    # Ctrl+C is the caller's to handle: it ends the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    source = sys.stdin.buffer
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # nothing may print on the channel to the caller
    config: Any = None
    failed: tuple[BaseException, str] | None = None
    try:
        from annotator.ops.suggest_runs import worker_config

        config = worker_config(*pickle.load(source))
    except EOFError:
        return
    except BaseException as error:  # answered to every batch
        failed = (error, traceback.format_exc())
    from annotator.core.suggest.pipeline import suggest_text

    while True:
        try:
            texts: Texts = pickle.load(source)
        except EOFError:
            return
        reply: tuple[Any, ...]
        if failed is not None:
            reply = ("error", *failed)
        else:
            try:
                found = [suggest_text(d, text, config) for d, text in texts]
                reply = ("ok", [[_fields(s) for s in suggestions] for suggestions in found])
            except Exception as error:  # the caller raises it
                reply = ("error", error, traceback.format_exc())
        out.write(_pickled(reply))
        out.flush()


def _fields(s: Suggestion) -> tuple[Any, ...]:
    # Plain tuples cross the pipe: unpickling a frozen dataclass costs a third of the
    # caller's time, and the caller's time is what the workers wait for.
    return (s.document_id, s.start, s.end, s.label, s.suggesters, s.fragments, s.speaker, s.id)


def _pickled(reply: tuple[Any, ...]) -> bytes:
    try:
        return pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that does not pickle
        error = reply[1]
        return pickle.dumps(("error", RuntimeError(repr(error)), reply[2]))


if __name__ == "__main__":
    main()
