"""Where an export goes: stdout, a file replaced atomically, or a file that is no file.

The rules, each for a reason:

- A regular file (or a new one) is written to a temporary file beside it that replaces it
  only once everything was written: a failed or interrupted export leaves no partial file and
  an older file as it was, with its permissions.
- A symlink stays a symlink: what it points to gets the export (atomically, when that is a
  regular file or nothing yet).
- Anything else (a device such as ``/dev/null``, a FIFO, a socket) and a path that goes
  through an open descriptor (``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N``) is opened
  and written in place: replacing it would swap a device node for a regular file, or write
  beside the file the shell opened.
- A directory is refused at once, before any request is sent.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from .errors import OutputError

__all__ = ["open_output"]

_DESCRIPTOR_DIRS = ("/proc/", "/dev/fd/")


@contextlib.contextmanager
def open_output(path: str | os.PathLike[str] | None) -> Iterator[BinaryIO]:
    """A binary stream to ``path`` (None or ``"-"``: stdout), made ready before the export
    starts and committed when the block ends without an exception.

    Raises:
        OutputError: ``before_requests=True`` when the output cannot be opened (a directory,
            a missing directory, no permission), False when writing or committing failed.
    """
    if path is None or os.fspath(path) == "-":
        with _stdout() as out:
            yield out
        return
    where = os.fspath(path)
    try:
        kind = _kind(where)
    except OSError as exc:
        raise _failed(where, exc, before=True) from None
    if kind == "directory":
        raise OutputError(f"cannot write {where}: it is a directory", before_requests=True)
    if kind == "in place":
        with _in_place(where) as out:
            yield out
        return
    with _replacing(where, Path(os.path.realpath(where))) as out:
        yield out


def _kind(path: str) -> str:
    """``directory``, ``in place`` or ``replace`` (a regular file, or none yet)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "replace"  # nothing there, or a dangling symlink: its target is created
    if stat.S_ISDIR(mode):
        return "directory"
    if not stat.S_ISREG(mode) or _through_descriptor(path):
        return "in place"
    return "replace"


def _through_descriptor(path: str) -> bool:
    """Whether ``path`` or a symlink it leads through names an open descriptor."""
    current = os.path.abspath(path)
    for _ in range(40):  # the kernel's own limit on a chain of symlinks
        if current.startswith(_DESCRIPTOR_DIRS):
            return True
        if not os.path.islink(current):
            return False
        current = os.path.normpath(os.path.join(os.path.dirname(current), os.readlink(current)))
    return False


def _failed(where: str, exc: OSError, *, before: bool) -> OutputError:
    return OutputError(f"cannot write {where}: {exc.strerror or exc}", before_requests=before)


class _Guarded(io.RawIOBase):
    """A writable stream whose errors become `OutputError` (a closed pipe stays a
    `BrokenPipeError`: the reader went away, not worth a message)."""

    def __init__(self, raw: BinaryIO, where: str) -> None:
        super().__init__()
        self._raw = raw
        self._where = where

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        try:
            self._raw.write(data)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _failed(self._where, exc, before=False) from None
        return len(data)

    def flush(self) -> None:
        try:
            self._raw.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _failed(self._where, exc, before=False) from None


class _TextSink(io.RawIOBase):
    """Bytes written to a text stream with no binary buffer (a test's `io.StringIO`)."""

    def __init__(self, text: TextIO) -> None:
        super().__init__()
        self._text = text

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._text.write(bytes(data).decode("utf-8"))
        return len(data)

    def flush(self) -> None:
        self._text.flush()


@contextlib.contextmanager
def _stdout() -> Iterator[BinaryIO]:
    stdout = sys.stdout
    buffer = getattr(stdout, "buffer", None)
    with contextlib.suppress(OSError, ValueError):
        stdout.flush()  # what was printed before comes first
    raw: BinaryIO = buffer if buffer is not None else _TextSink(stdout)  # type: ignore[assignment]
    out: BinaryIO = _Guarded(raw, "stdout")  # type: ignore[assignment]
    yield out
    out.flush()  # a closed pipe shows now, not at the interpreter's exit


@contextlib.contextmanager
def _in_place(where: str) -> Iterator[BinaryIO]:
    # no O_CREAT, no O_TRUNC: a device or a FIFO is opened as it is; a regular file behind
    # an open descriptor (``-o /dev/stdout > file``) is appended to, as the shell opened it
    flags = os.O_WRONLY | (os.O_APPEND if stat.S_ISREG(os.stat(where).st_mode) else 0)
    try:
        handle = os.fdopen(os.open(where, flags), "wb")
    except OSError as exc:
        raise _failed(where, exc, before=True) from None
    with handle:
        out: BinaryIO = _Guarded(handle, where)  # type: ignore[assignment]
        yield out
        out.flush()


@contextlib.contextmanager
def _replacing(where: str, target: Path) -> Iterator[BinaryIO]:
    try:
        mode = target.stat().st_mode & 0o7777 if target.exists() else _default_mode()
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _failed(where, exc, before=True) from None
    file = os.fdopen(handle, "wb")
    try:
        out: BinaryIO = _Guarded(file, where)  # type: ignore[assignment]
        yield out
        try:
            file.flush()
            os.fsync(file.fileno())
            file.close()
            os.chmod(temp, mode)
            os.replace(temp, target)
        except OSError as exc:
            raise _failed(where, exc, before=False) from None
    finally:
        file.close()
        Path(temp).unlink(missing_ok=True)  # nothing left once it replaced the target


def _default_mode() -> int:
    """The permissions a new file gets from ``open`` (mkstemp's are 0600)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
