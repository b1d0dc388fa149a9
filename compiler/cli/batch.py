"""``kehoach build -j N``: many plans built by a pool of worker processes.

Why a process pool: a document costs tens of milliseconds of pure Python
(parsing, layout, Jinja, zip), so threads would queue on the GIL; a national
cascade of ~3,400 plans needs every core. Why this shape:

- Workers are forked (``fork`` where the platform has it): they start with
  every module already imported and nothing to re-read, and each keeps its
  own per-process caches warm for the whole run (ancestors parsed once by
  :func:`kehoach.cascade.inheritance.load_cached`, the sandboxed Jinja environment).
  A cascade's children share a few dozen parents, so a worker re-reads
  each parent at most once.
- A worker never lets an exception cross the process boundary: it turns the
  outcome of one plan into an :class:`Outcome` (the written path, or the very
  text the serial build prints), so messages, their order and the exit code
  are the same with 1 or N workers. Results are consumed in input order.
- Outputs are written by the worker itself through
  :func:`kehoach.base.output.write_atomically`: the same bytes as a serial build,
  and never a truncated file if the build is killed.
- A worker ignores Ctrl+C (the parent reports it, once) and exits on its own
  when its parent dies (SIGKILL): an orphaned pool must not keep rendering.
- Ctrl+C (or any early stop: a broken template) stops the workers at once
  instead of letting them finish what they hold (:meth:`_Pool.close`): a
  plan can take seconds, and a worker stuck in a system call must not keep
  the command alive. A stopped worker unwinds first, so an atomic write in
  progress removes its temporary file. The workers are forked with Ctrl+C
  held back (:func:`_interrupts_held`): one interrupted before it ignores
  Ctrl+C would die with a traceback.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Literal, TypeVar, cast

from kehoach.base.diagnostics import PlanError
from kehoach.base.exits import DEBUG_VARIABLE, Exit, internal_error_line
from kehoach.base.system import SystemFault
from kehoach.base.targets import shown
from kehoach.base.workspace import display_path
from kehoach.cli.interrupts import raise_if_interrupted

T = TypeVar("T")
R = TypeVar("R")

OutcomeKind = Literal[
    "built", "plan-error", "template-error", "system-error", "system-stop", "internal"
]


PARENT_POLL_SECONDS = 0.5
"""How often a worker checks that the build that started it is still alive."""

STOP_GRACE_SECONDS = 0.5
"""How long stopped workers are given to unwind (remove a temporary file) before SIGKILL."""


@dataclass(frozen=True)
class Outcome:
    """What building one plan gave, in a form that pickles and prints the same everywhere.

    ``text`` is the written path as shown (``built``) or the message to print
    (``plan-error``: :meth:`PlanError.render`; ``template-error``: the
    template's one line; ``system-error``: the environment refused this
    document, ``system-stop``: it will refuse every document (a full or
    read-only disk), both :meth:`SystemFault.render`; ``internal``: the one
    «lỗi nội bộ» line).
    ``debug`` holds the traceback of an internal error when ``KEHOACH_DEBUG``
    is set, for the maintainer.
    """

    kind: OutcomeKind
    text: str
    debug: str = ""


Builder = Callable[[Path, Path, Path], Path]
"""``build_plan``'s signature: (root, plan, out) → the written path.

Raises PlanError for a fault of that plan and the caller's template fault
type (see :func:`build_one`) for a fault of the Word template.
"""


def build_one(
    root: Path, plan: Path, out: Path, builder: Builder, template_fault: type[Exception]
) -> Outcome:
    """Build ``plan`` with ``builder`` and say how it went; never raises for a plan's fault
    or kehoach's. KeyboardInterrupt and SystemExit pass through.

    ``template_fault`` is the writer's TemplateError, passed in rather than
    imported: the pool knows nothing of .docx (``kehoach check`` uses it too
    and must not load the renderer). Its message is ``str(error)``.
    """
    try:
        written = builder(root, plan, out)
    except PlanError as error:
        return Outcome("plan-error", error.render())
    except template_fault as error:
        return Outcome("template-error", str(error))
    except SystemFault as fault:
        kind: OutcomeKind = "system-stop" if fault.stops_all else "system-error"
        return Outcome(kind, f"{display_path(root, plan)}: {fault.render(root)}")
    except Exception as exc:
        debug = "".join(traceback.format_exception(exc)) if os.environ.get(DEBUG_VARIABLE) else ""
        return Outcome("internal", internal_error_line(exc, display_path(root, plan)), debug)
    return Outcome("built", shown(root, written))


# --- the pool ----------------------------------------------------------------------


class WorkerLost(RuntimeError):
    """A worker ended without answering (killed by the system: out of memory, say)."""

    def __init__(self) -> None:
        super().__init__("một tiến trình con bị dừng đột ngột (có thể do hệ thống thiếu bộ nhớ)")


class _Stopped(BaseException):
    """Raised in a busy worker by SIGTERM from its parent: unwinds the task, then the worker exits.

    A BaseException, so that no ``except Exception`` of a task turns it into
    an outcome; write_atomically's clean-up still runs.
    """


_busy = False
"""Whether this worker is running a task (only then has it anything to unwind)."""


def _stop(_signum: int, _frame: object) -> None:
    """A worker's SIGTERM handler: exit at once when idle, unwind the task when busy."""
    if not _busy:
        os._exit(Exit.INTERRUPTED)
    raise _Stopped


def _start_worker(parent: int) -> None:
    """Runs once in each worker: ignore Ctrl+C, stop on SIGTERM, die with the parent."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # held back by the parent
    signal.signal(signal.SIGTERM, _stop)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="kehoach-parent-watch", daemon=True).start()


def _run_chunk(task: Callable[[Any], Any], items: Sequence[Any]) -> list[Any]:
    """The task applied to each item of a chunk, in a worker."""
    global _busy
    try:
        _busy = True
        return [task(item) for item in items]
    except _Stopped:
        os._exit(Exit.INTERRUPTED)
    finally:
        _busy = False


def _serve(task: Callable[[Any], Any], link: Connection, parent: int) -> None:
    """A worker's life: a chunk of items in, their results out, until the parent says None.

    The task arrives through the fork, never pickled: it may be a closure
    (root and output directory bound in) or a callable a test or a fault
    injection put in place of ``build_plan``; only items and results are
    pickled. An exception of the task (a bug: tasks turn failures into
    results) goes back to be raised in the parent, as in a serial run.
    """
    _start_worker(parent)
    while (chunk := link.recv()) is not None:
        try:
            answer: tuple[bool, Any] = (True, _run_chunk(task, chunk))
        except Exception as exc:
            answer = (False, exc)
        link.send(answer)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Ctrl+C held back (blocked, not lost) in this process while the workers are forked.

    A worker inherits the blocked signal and ignores Ctrl+C before it
    unblocks it (:func:`_start_worker`); the parent gets a Ctrl+C pressed
    meanwhile as soon as the workers are started.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


AHEAD = 2
"""Chunks handed to each worker at a time: the next one is waiting while it sends a result."""


class _Pool:
    """Forked workers, each at the end of a pipe of its own: chunks go down, results come up.

    Not ``concurrent.futures.ProcessPoolExecutor``: its manager thread,
    reading results, waits forever for the rest of a result a worker was
    stopped in the middle of sending, and the interpreter waits for that
    thread before exiting, so a Ctrl+C could hang the command. Here the
    parent reads the pipes itself, only while it wants results, and simply
    closes them when it stops.
    """

    def __init__(self, task: Callable[[Any], Any], size: int) -> None:
        context = multiprocessing.get_context("fork")
        self.workers: list[tuple[BaseProcess, Connection]] = []
        with _interrupts_held():
            for _ in range(size):
                ours, theirs = context.Pipe()
                worker = context.Process(
                    target=_serve, args=(task, theirs, os.getpid()), daemon=True
                )
                worker.start()
                theirs.close()
                self.workers.append((worker, ours))

    def results(self, chunks: Sequence[Sequence[Any]]) -> Iterator[Any]:
        """The result of every item of ``chunks``, in order; each chunk goes to a free worker."""
        queue = iter(enumerate(chunks))
        handed: dict[Connection, deque[int]] = {link: deque() for _, link in self.workers}
        done: dict[int, list[Any]] = {}

        def hand(link: Connection) -> None:
            entry = next(queue, None)
            if entry is not None:
                handed[link].append(entry[0])
                link.send(entry[1])

        for _ in range(AHEAD):
            for link in handed:
                hand(link)
        for index in range(len(chunks)):
            while index not in done:
                for ready in wait([link for link, owed in handed.items() if owed]):
                    link = cast(Connection, ready)
                    done[handed[link].popleft()] = self._answer(link)
                    hand(link)
            yield from done.pop(index)

    @staticmethod
    def _answer(link: Connection) -> list[Any]:
        try:
            ok, answer = link.recv()
        except (EOFError, OSError):
            raise WorkerLost() from None
        if not ok:
            raise answer
        return answer

    def close(self, stop: bool) -> None:
        """Let the workers end (``stop``: at once, whatever they hold) and wait for them.

        Stopping is SIGTERM: a busy worker unwinds (an atomic write removes
        its temporary file) and exits; one still there after
        :data:`STOP_GRACE_SECONDS` (stuck in a system call) gets SIGKILL.
        """
        for worker, link in self.workers:
            if stop:
                worker.terminate()
            else:
                link.send(None)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for worker, link in self.workers:
            worker.join(max(0.0, deadline - time.monotonic()) if stop else None)
            if worker.is_alive():
                worker.kill()
                worker.join()
            link.close()


def _can_fork() -> bool:
    """Workers must be forked: the task (a closure) is inherited, never pickled.

    Where there is no fork (Windows), the work runs in this process instead:
    slower, never different.
    """
    return "fork" in multiprocessing.get_all_start_methods()


def default_jobs() -> int:
    """One worker per usable CPU (the affinity mask, e.g. a container's limit, when known)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def ordered_map(task: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """``task(item)`` for each item, in the order of ``items``, run by ``jobs`` processes.

    ``jobs <= 1`` (or a single item) runs in this process: no pool to start
    for ``make`` rebuilding one edited plan. ``task`` must not raise (turn
    failures into results): an exception would end the whole map. Stopping
    the iteration early (a broken template, a full disk, Ctrl+C) stops the
    workers at once (:meth:`_Pool.close`: a busy worker unwinds and removes
    its temporary file); a document is written whole or not at all.
    """
    workers = min(jobs, len(items))
    if workers <= 1 or not _can_fork():
        for item in items:
            yield task(item)
            raise_if_interrupted()
        return
    # Small chunks: enough to amortise the pipe, small enough to keep every
    # core busy to the end and the progress line moving.
    size = max(1, min(8, len(items) // (workers * 16)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    pool = _Pool(task, workers)
    finished = False
    try:
        for result in pool.results(chunks):
            yield result
            raise_if_interrupted()
        finished = True
    finally:
        pool.close(stop=not finished)


def build_many(
    root: Path,
    plans: list[Path],
    out: Path,
    jobs: int,
    builder: Builder,
    template_fault: type[Exception],
) -> Iterator[Outcome]:
    """The outcome of each plan, in the order of ``plans``, built by ``jobs`` processes."""
    return ordered_map(
        lambda plan: build_one(root, plan, out, builder, template_fault), plans, jobs
    )
