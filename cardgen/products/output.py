"""Writing a build's outputs: all of a deck's files replaced together, or none of them.

Every output is first written in full beside its target under a hidden partial
name (`.NAME.partial-PID`). Then each target is checked: a folder where a file
goes, or a file where a folder goes, is refused before anything is replaced. Then
the partials are moved into place one after another, each keeping what it replaces
under a hidden name (`.NAME.old-PID`) until every one is in; if one cannot be moved
in, those already in are taken out and the old versions put back. So a full disk, a
read-only folder, a folder in the way or a file that cannot be replaced leaves every
earlier file exactly as it was, and so does Ctrl-C or SIGTERM (held while the outputs
are moved, a few milliseconds). A build killed outright (SIGKILL, a power cut) can
leave these hidden files; the next build of the same output removes the partials and
puts an old version back where its target is missing.

On Windows a file open in another program (a PDF in a viewer) cannot be replaced:
the build stops before anything is, names the file and asks for it to be closed.

An output is bytes (a file) or a mapping of names to bytes (a folder of files, such
as card images); a folder is replaced whole. A symbolic link at a target is
replaced, never followed.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from cardgen.errors import CardgenError

Content = bytes | Mapping[str, bytes]  # a file, or the files of a folder by name

_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<what>partial|old)-(?P<pid>\d+)$")

_WINDOWS = os.name == "nt"
# What Windows says when a file is open in another program: access denied (replacing
# it), a sharing or lock violation (moving it), a file mapped into memory (a viewer's).
_IN_USE = {5, 32, 33, 1224}


@dataclass
class _Move:
    """One output on its way into place: where it was written, where it goes, and
    where what it replaces is kept until every output of the build is in."""

    partial: Path
    target: Path
    kept: Path | None = None  # the old version's hidden name, while it is kept
    moved_in: bool = False


def write_outputs(outputs: Sequence[tuple[Path, Content]]) -> None:
    """Write every (target, content) pair, all or nothing; raise CardgenError on failure."""
    if not outputs:
        return
    for target, _ in outputs:
        _make_folder(target.parent)
        recover_leftovers(target)
    for target, content in outputs:
        _check_replaceable(target, content)
    partials: list[tuple[Path, Path]] = []
    with _interruptible():
        try:
            for target, content in outputs:
                partial = _hidden(target, "partial")
                partials.append((partial, target))
                _write(partial, content, target)
            _move_all_into_place(partials)
        except BaseException:
            for partial, _ in partials:
                _remove(partial)
            raise


def write_file(target: Path, data: bytes) -> None:
    """Write one file atomically (see write_outputs)."""
    write_outputs([(target, data)])


def recover_leftovers(target: Path) -> None:
    """Tidy what builds of `target` that are no longer running left beside it: remove
    their partials, and put back an old version they kept if `target` is missing (the
    build was killed after moving it aside, before moving the new one in); an old
    version whose target is there is removed."""
    try:
        siblings = sorted(target.parent.iterdir())
    except OSError:
        return
    for path in siblings:
        match = _LEFTOVER.match(path.name)
        if not match or match["name"] != target.name or _running(int(match["pid"])):
            continue
        if match["what"] == "old" and not os.path.lexists(target):
            with suppress(OSError):  # left hidden for a later build to try again
                os.replace(path, target)
        else:
            _remove(path)


def _hidden(target: Path, what: str) -> Path:
    return target.with_name(f".{target.name}.{what}-{os.getpid()}")


def _is_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # "File exists" would not say what is wrong
        raise CardgenError(f"cannot make the output folder {folder}: a file of that name is in "
                           "the way; choose another folder with --out") from None
    except (OSError, ValueError) as error:
        raise CardgenError(f"cannot make the output folder {folder}: {_reason(error)}") from None


def _check_replaceable(target: Path, content: Content) -> None:
    """Refuse a target that is not ours to replace, before any output is: someone's
    folder where a file goes, or someone's file where a folder goes. (A link is
    replaced, whatever it points to; an unwritable folder fails the partials' writes.)"""
    if isinstance(content, bytes) and _is_folder(target):
        raise CardgenError(f"cannot write {target}: a folder of that name is in the way; "
                           "move or rename it")
    if not isinstance(content, bytes) and target.is_file() and not target.is_symlink():
        raise CardgenError(f"cannot write {target}: a file of that name is in the way of the "
                           "folder cardgen writes; move or rename it")


def _write(partial: Path, content: Content, target: Path) -> None:
    try:
        if isinstance(content, bytes):
            _write_bytes(partial, content)
            return
        partial.mkdir()
        names = sorted(content)
        for name in names:
            _write_bytes(partial / name, content[name], sync=False)
        _sync_all([partial / name for name in names])
    except (OSError, ValueError) as error:
        raise CardgenError(f"cannot write {target}: {_reason(error)}") from None


def _write_bytes(path: Path, data: bytes, sync: bool = True) -> None:
    # O_EXCL: never write through a link or over a file someone else put there. O_BINARY:
    # Windows opens a descriptor in text mode, turning every newline byte into two.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, 0o666)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
        file.flush()
        if sync:
            os.fsync(file.fileno())


def _sync_all(paths: Sequence[Path]) -> None:
    """Flush a folder's files to disk side by side: one at a time, a hundred card
    images take seconds."""
    from concurrent.futures import ThreadPoolExecutor  # 10 ms to import: only folders need it

    def sync(path: Path) -> None:
        # Windows flushes only a file open for writing (FlushFileBuffers); POSIX any.
        descriptor = os.open(path, os.O_RDWR if _WINDOWS else os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(sync, paths))


def _move_all_into_place(partials: Sequence[tuple[Path, Path]]) -> None:
    """Move every partial to its target, keeping the old versions until all are in; if
    one cannot be moved in, put every old version back (the new ones go back to their
    partial names, for the caller to remove)."""
    moves: list[_Move] = []
    with _signals_held():
        try:
            for partial, target in partials:
                moves.append(_Move(partial, target))
                _move_into_place(moves[-1])
        except BaseException:
            for move in reversed(moves):
                _move_back(move)
            raise
        for move in moves:
            if move.kept is not None:
                _remove(move.kept)


def _move_into_place(move: _Move) -> None:
    target = move.target
    try:
        if os.path.lexists(target):
            kept = _hidden(target, "old")
            _keep(target, kept)
            move.kept = kept
        os.replace(move.partial, target)  # replaces a link at target, never its target
        move.moved_in = True
    except OSError as error:
        if getattr(error, "winerror", None) in _IN_USE and os.path.lexists(target):
            held = "a file in it is" if _is_folder(target) else "it is"
            raise CardgenError(f"cannot replace {target}: {held} open in another program (a "
                               "viewer?) or read-only; close it and build again") from None
        raise CardgenError(f"cannot write {target}: {_reason(error)}") from None


def _keep(target: Path, kept: Path) -> None:
    """Keep the old version of `target` as `kept`. A file gets a second name (a hard
    link), so the target is never missing while the new file moves in over it; a folder,
    or a file on a disk without hard links (FAT, some network shares), is moved aside."""
    if not _is_folder(target):
        try:
            os.link(target, kept, follow_symlinks=False)
            return
        except (OSError, NotImplementedError):
            pass
    os.replace(target, kept)


def _move_back(move: _Move) -> None:
    """Undo one move: the new version back to its partial name, the old one back in place.
    If that fails, the old version stays hidden and the next build puts it back."""
    target, kept = move.target, move.kept
    try:
        if move.moved_in and (kept is None or _is_folder(target)):
            os.replace(target, move.partial)
        if kept is None:
            return
        if move.moved_in or not os.path.lexists(target):
            os.replace(kept, target)  # a file over the new file in one step
        else:
            os.unlink(kept)  # a second name of the old file, which never left
    except OSError:
        pass  # putting back must never hide the error that made it necessary


def _remove(path: Path) -> None:
    try:
        if _is_folder(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass  # cleaning up must never hide the error that made it necessary


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours from an earlier, interrupted write in this process
    if _WINDOWS:
        return _windows_running(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: leave its files alone
    return True


def _windows_running(pid: int) -> bool:
    """Whether process `pid` is running, asked of Windows itself. There os.kill(pid, 0)
    asks nothing: signal 0 is CTRL_C_EVENT, sent to every process of console group `pid`."""
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() != 87  # type: ignore[attr-defined]  # 87: no such process
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True  # cannot tell: leave its files alone
        return code.value == 259  # STILL_ACTIVE; else it has ended, its handle still held
    finally:
        kernel32.CloseHandle(handle)


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


@contextmanager
def _interruptible() -> Iterator[None]:
    """Turn SIGTERM into an exception while writing, so partials are cleaned up as on
    Ctrl-C. Only the main thread can handle signals; elsewhere nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while outputs are moved into place (or back), and deliver
    them after: an interrupt between moving an old folder aside and moving the new one
    in, or half-way through putting old versions back, would leave a mix of both."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []

    def hold(signum, frame):
        held.append(signum)

    numbers = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, hold) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)
    if held:
        signal.raise_signal(held[0])  # as it would have been handled, now the outputs are in
