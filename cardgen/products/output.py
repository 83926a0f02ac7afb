"""Writing a build's outputs: all of a deck's files replaced together, or none of them.

Every output is first written in full beside its target under a hidden partial
name (`.NAME.partial-PID`), then the partials are renamed into place one after
another. If any write fails (a full disk, a read-only folder) or the build is
interrupted (Ctrl-C, SIGTERM), the partials are removed and every earlier file
stays as it was. A partial left by a build that was killed outright (SIGKILL, a
power cut) is removed by the next build of the same output.

An output is bytes (a file) or a mapping of names to bytes (a folder of files, such
as card images); a folder is replaced whole. A symbolic link at a target is
replaced, never followed.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from cardgen.errors import CardgenError

Content = bytes | Mapping[str, bytes]  # a file, or the files of a folder by name

_PARTIAL = re.compile(r"^\.(?P<name>.+)\.(?:partial|old)-(?P<pid>\d+)$")


def write_outputs(outputs: Sequence[tuple[Path, Content]]) -> None:
    """Write every (target, content) pair, all or nothing; raise CardgenError on failure."""
    if not outputs:
        return
    for target, _ in outputs:
        _make_folder(target.parent)
        remove_stale_partials(target)
    partials: list[tuple[Path, Path]] = []
    with _interruptible():
        try:
            for target, content in outputs:
                partial = _hidden(target, "partial")
                partials.append((partial, target))
                _write(partial, content, target)
            for partial, target in partials:
                _move_into_place(partial, target)
        except BaseException:
            for partial, _ in partials:
                _remove(partial)
            raise


def write_file(target: Path, data: bytes) -> None:
    """Write one file atomically (see write_outputs)."""
    write_outputs([(target, data)])


def remove_stale_partials(target: Path) -> None:
    """Remove partial files of `target` left by builds that are no longer running."""
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return
    for path in siblings:
        match = _PARTIAL.match(path.name)
        if match and match["name"] == target.name and not _running(int(match["pid"])):
            _remove(path)


def _hidden(target: Path, what: str) -> Path:
    return target.with_name(f".{target.name}.{what}-{os.getpid()}")


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # "File exists" would not say what is wrong
        raise CardgenError(f"cannot make the output folder {folder}: a file of that name is in "
                           "the way; choose another folder with --out") from None
    except (OSError, ValueError) as error:
        raise CardgenError(f"cannot make the output folder {folder}: {_reason(error)}") from None


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
    # O_EXCL: never write through a link or over a file someone else put there.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
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
        descriptor = os.open(path, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(sync, paths))


def _move_into_place(partial: Path, target: Path) -> None:
    try:
        if partial.is_dir() and target.is_dir() and not target.is_symlink():
            old = _hidden(target, "old")
            os.replace(target, old)
            os.replace(partial, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(partial, target)  # replaces a link at target, never its target
    except OSError as error:
        raise CardgenError(f"cannot write {target}: {_reason(error)}") from None


def _remove(path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass  # cleaning up must never hide the error that made it necessary


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # ours from an earlier, interrupted write in this process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: leave its files alone
    return True


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
