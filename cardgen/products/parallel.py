"""Work shared among the cores: forked worker processes, each with a pipe of its own, that
hand results back in the order the work was given, never further ahead than a few batches.

A build is ready to fork once its deck is loaded and its `Context` made: the workers
start as copies of the process, with its fonts, caches and imports, so a batch costs
only its own work and the pickling of what it sends back. The order of results never
depends on which worker finished first, so what is made of them (and the messages said
about them) is what one process would make and say.

Workers are started only for work big enough to pay for them (`--jobs 1` never starts
one), ignore Ctrl+C (the main process hears it and ends them all, so nothing is left
running and nothing is written), and never start workers of their own. A worker that
dies (the out-of-memory killer) ends the build with a message, not a wait forever.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar, cast

from cardgen.errors import CardgenError

Item = TypeVar("Item")
Result = TypeVar("Result")

# The work each crew of workers does, by token: set before it forks, so a worker finds
# its function (a closure over the deck and the face-maker, say) without pickling it.
_WORK: dict[int, Callable[[Any], Any]] = {}
_tokens = itertools.count()
_in_worker = False  # a worker does its share itself: daemonic processes have no children
AHEAD = 3  # batches waiting for the main process, for each worker: bounds the memory held
_RUNNING: set = set()  # crews whose workers may be running (see end_all)


def usable_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than
    the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def workers(jobs: int | None, batches: int) -> int:
    """How many worker processes `batches` batches of work get with `--jobs jobs` (None:
    the usable cores): none for one batch, with one job, or inside a worker."""
    wanted = usable_cores() if jobs is None else jobs
    if _in_worker or wanted <= 1 or batches <= 1 or not hasattr(os, "fork"):
        return 0
    return min(wanted, batches)


def batched(items: Sequence[Item], size: int) -> list[Sequence[Item]]:
    """`items` cut into consecutive runs of `size` (the last may be shorter)."""
    return [items[start:start + size] for start in range(0, len(items), size)]


def ordered(work: Callable[[Item], Result], items: Sequence[Item], processes: int,
            costs: Sequence[float] | None = None) -> Iterator[Result]:
    """`work` of each item, in the order of `items`: done in `processes` forked workers
    (in this process when 0), at most AHEAD items a worker waiting to be taken. An
    exception `work` raises in a worker is raised here, at its item, as it would be in
    one process; the workers are ended when the results are no longer wanted.

    With `costs` (a guess at each item's work), the dearest items are started first: the
    longest one started last would run alone at the end while the other cores wait. The
    results still come in the order of `items`; those done early wait for their turn."""
    if processes <= 0:
        yield from map(work, items)
        return
    starts = list(range(len(items)))
    if costs is not None:
        starts.sort(key=lambda index: -costs[index])  # stable: equal costs keep their order
    token = next(_tokens)
    _WORK[token] = work
    try:
        crew = _Crew(processes)
    finally:
        del _WORK[token]  # the workers have their copy; this process needs none
    _RUNNING.add(crew)
    try:
        started: set[int] = set()
        done: dict[int, tuple[bool, Any]] = {}  # outcomes not yet handed back
        queue = iter(starts)

        def start(count: int) -> None:
            for index in itertools.islice(queue, count):
                crew.give(index, (token, items[index]))
                started.add(index)

        start(processes * AHEAD)
        for index in range(len(items)):
            while index not in started:  # started late: its costlier followers first
                start(1)
            while index not in done:
                done.update(crew.take())
            started.discard(index)
            outcome = done.pop(index)
            start(1)
            yield _unwrap(outcome)
        crew.close()
    finally:
        crew.terminate()  # Ctrl+C, an error, or results no longer wanted: end every worker
        _RUNNING.discard(crew)


LOST = "a worker process ended before finishing its work (out of memory?); try again with --jobs 1"


class WorkerLost(CardgenError):
    """A worker process ended before handing back its work (killed, out of memory): the
    build stops with nothing written, and says so."""


class _Crew:
    """Worker processes that take each item's work from one pipe as they come free (the
    dearest given first), and hand back (index, outcome) on a pipe each.

    multiprocessing's Pool did this with three threads in this process, one of which woke
    whenever a result arrived and went round its loop until another had read it: 0.33 s
    of this process's CPU, and the GIL handed back and forth, for 10,000 cards."""

    def __init__(self, processes: int):
        context = multiprocessing.get_context("fork")
        # The work, written here only and read by one worker at a time.
        self.tasks, self.writer = context.Pipe(duplex=False)
        self.taking = context.Lock()
        self.pipes: list[Connection] = []
        self.processes: list[Any] = []
        try:
            for _ in range(processes):
                mine, theirs = context.Pipe(duplex=False)  # this process reads what they write
                _widen(theirs)
                process = context.Process(
                    target=_serve, args=(self.tasks, self.writer, self.taking, theirs),
                    daemon=True)
                self.pipes.append(mine)
                try:
                    process.start()
                finally:
                    theirs.close()  # the worker's end, in the worker only
                self.processes.append(process)
        except BaseException:  # no more processes to be had: none is left waiting for work
            self.terminate()
            raise

    def give(self, index: int, task: tuple[int, Any]) -> None:
        self.writer.send((index, task))

    def take(self) -> list[tuple[int, tuple[bool, Any]]]:
        """What the workers have handed back, waiting for at least one. Called only while
        some work is given and not handed back: a worker that ends first makes its pipe
        readable too, and this says so."""
        found = []
        for ready in wait(self.pipes):
            pipe = cast(Connection, ready)  # wait gives back what it was given
            try:
                found.append(pipe.recv())
            except (EOFError, OSError):  # it ended, or its pipe was reset
                raise WorkerLost(LOST) from None
        return found

    def close(self) -> None:
        """Tell every worker there is no more work, and wait for them to end."""
        for _ in self.processes:
            self.writer.send(None)
        for process in self.processes:
            process.join()

    def terminate(self) -> None:
        """End every worker now."""
        for process in self.processes:
            if process.exitcode is None:
                process.terminate()
        for process in self.processes:
            process.join()
        for pipe in (*self.pipes, self.tasks, self.writer):
            pipe.close()


PIPE_BYTES = 1 << 20  # Linux's default most for a pipe: room for AHEAD batches of faces


def _widen(pipe: Connection) -> None:
    """Let `pipe` hold AHEAD results, so that a worker goes on to its next work while this
    process draws, rather than wait at a full pipe (64 KB: two batches of faces)."""
    with contextlib.suppress(ImportError, AttributeError, OSError):  # not Linux, a lower limit
        import fcntl  # Unix only; workers are forked, which Windows cannot do

        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def _serve(tasks: Connection, writer: Connection, taking: Any, pipe: Connection) -> None:
    """A worker's life: the work of each item it takes, until told there is no more, or
    until the main process is gone (killed: the work's pipe then ends, as no one else
    holds its writing end)."""
    _start_worker()
    writer.close()
    while True:
        try:
            with taking:
                message = tasks.recv()
            if message is None:
                return
            index, (token, item) = message
            pipe.send((index, _do(token, item)))
        except (EOFError, OSError):  # nobody wants the work
            return


def end_all() -> None:
    """End the workers of every crew still running. Ctrl+C while this process draws leaves
    `ordered` suspended, its workers ended only when the generator is collected; a program
    that leaves without unwinding (cardgen's, with os._exit) calls this first, so no
    worker goes on after it."""
    for crew in list(_RUNNING):
        crew.terminate()
        _RUNNING.discard(crew)


def sendable(error: BaseException) -> BaseException:
    """`error` made to pickle whole, for a worker to hand back as a result (it arrives
    as the exception itself); in the main process, `error` as it is."""
    return _Portable(error) if _in_worker else error  # type: ignore[return-value]


def _start_worker() -> None:
    global _in_worker
    _in_worker = True
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process hears Ctrl+C and ends us


def _do(token: int, item: Any) -> tuple[bool, Any]:
    """A worker's share: (True, the result) or (False, the exception, made portable)."""
    try:
        return True, _WORK[token](item)
    except Exception as error:  # noqa: BLE001 - raised again in the main process
        return False, _Portable(error)


def _unwrap(outcome: tuple[bool, Any]) -> Any:
    done, value = outcome
    if done:
        return value
    raise value


class _Portable:
    """An exception sent from a worker whole: its class, arguments and attributes, those
    that are exceptions too (DeckErrors' list of DeckError). Pickle rebuilds an exception
    by calling its class with `args`, which fails for those whose constructor takes other
    arguments, such as DeckError's."""

    def __init__(self, error: BaseException):
        self.error = error

    def __reduce__(self):
        error = self.error
        attributes = {key: _portable(value) for key, value in vars(error).items()}
        return _rebuilt, (type(error), error.args, attributes)


def _portable(value: Any) -> Any:
    if isinstance(value, BaseException):
        return _Portable(value)
    if type(value) in (list, tuple):
        return type(value)(_portable(each) for each in value)
    return value


def _rebuilt(kind: type[BaseException], args: tuple, attributes: dict) -> BaseException:
    """The exception a _Portable sent (its parts already rebuilt by pickle)."""
    error = kind.__new__(kind)
    BaseException.__init__(error, *args)
    vars(error).update(attributes)
    return error
