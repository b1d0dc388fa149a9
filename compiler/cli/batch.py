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
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

from kehoach.base.diagnostics import PlanError
from kehoach.base.exits import DEBUG_VARIABLE, internal_error_line
from kehoach.base.system import SystemFault
from kehoach.base.targets import shown
from kehoach.base.workspace import display_path

T = TypeVar("T")
R = TypeVar("R")

OutcomeKind = Literal[
    "built", "plan-error", "template-error", "system-error", "system-stop", "internal"
]


PARENT_POLL_SECONDS = 0.5
"""How often a worker checks that the build that started it is still alive."""


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

_task: Callable[[Any], Any] | None = None
"""The function the workers of the running pool apply, set once per worker.

Forked workers receive it without pickling, so it may be a closure (root
and output directory bound in) or a callable a test or a fault injection
put in place of ``build_plan``; only the items and results are pickled.
"""


def _start_worker(task: Callable[[Any], Any], parent: int) -> None:
    """Runs once in each worker: remember the task, ignore Ctrl+C, die with the parent."""
    global _task
    _task = task
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="kehoach-parent-watch", daemon=True).start()


def _run_task(item: Any) -> Any:
    assert _task is not None, "worker started without its task"
    return _task(item)


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
    the iteration early (a broken template, a full disk) cancels the items
    not yet started and waits for the running ones (a document is written
    whole or not at all); Ctrl+C does not wait.
    """
    workers = min(jobs, len(items))
    if workers <= 1 or not _can_fork():
        yield from map(task, items)
        return
    # Small chunks: enough to amortise the pipe, small enough to keep every
    # core busy to the end and the progress line moving.
    chunk = max(1, min(8, len(items) // (workers * 16)))
    executor = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_worker,
        initargs=(task, os.getpid()),
    )
    finished = False
    closed = False
    try:
        yield from executor.map(_run_task, items, chunksize=chunk)
        finished = True
    except GeneratorExit:
        # The caller stopped reading (a broken template, a full disk): the
        # plans already running finish, so none is cut mid-write and leaves
        # its temporary file behind. Ctrl+C does not wait.
        closed = True
        raise
    finally:
        executor.shutdown(wait=finished or closed, cancel_futures=not finished)


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
