"""Files as a batch finds them: their names shown as a person reads them, and their bytes read
without trusting what the name says the file is.

- Names: Linux hands back a name that is not UTF-8 (GBK bytes, as Windows zip tools and old
  file servers leave them) as a string with lone surrogates, which neither JSON nor a database
  can hold. `shown()` decodes each part of a path as UTF-8, else as GB18030 (a superset of GBK),
  else keeps the bytes visible as \\xNN escapes: the name is kept, shown as the clerk saw it,
  and safe to write anywhere. The real path is kept beside it for opening the file.
- Bytes: `open_checked()` looks at what a path is before reading it (lstat, then fstat of the
  opened descriptor): a symbolic link is followed only to a file inside the inbox, a FIFO, a
  device or a socket is refused, and the size cap is checked before a byte is read.
"""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager

_KINDS = {
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def _decode(part: bytes) -> tuple[str, str | None]:
    try:
        return part.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        return part.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        return part.decode("utf-8", "backslashreplace"), "bytes"


def shown(path: str | os.PathLike[str]) -> str:
    """The path as a person reads it, always valid UTF-8."""
    return shown_with_encoding(path)[0]


def shown_with_encoding(path: str | os.PathLike[str]) -> tuple[str, str | None]:
    """The shown path and how its non-UTF-8 parts were decoded (None when it was UTF-8)."""
    raw = os.fsencode(path)
    parts, how = [], None
    for part in raw.split(b"/"):
        text, enc = _decode(part)
        parts.append(text)
        how = how or enc
    return "/".join(parts), how


def to_wire(path: str) -> str:
    """A path as text any serialiser takes (Prefect's parameters are JSON); `from_wire` undoes it."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return "fsb64:" + base64.b64encode(os.fsencode(path)).decode("ascii")


def from_wire(text: str) -> str:
    if text.startswith("fsb64:"):
        return os.fsdecode(base64.b64decode(text[6:]))
    return text


class Refused(Exception):
    """A path that is not read: what it is, in words, and a short kind for the record."""

    def __init__(self, reason: str, kind: str, sha256: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind = kind
        self.sha256 = sha256


def inside(path: str, root: str) -> bool:
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real == base or real.startswith(base.rstrip("/") + "/")


@contextmanager
def open_checked(path: str, root: str | None, max_bytes: int) -> Iterator[tuple[int, int]]:
    """An open descriptor of a regular file and its size, or Refused. `root` is the inbox: a
    symbolic link is followed only to a file under it (no root: links are not followed)."""
    st = os.lstat(path)
    target = path
    if stat.S_ISLNK(st.st_mode):
        real = os.path.realpath(path)
        if root is None or not inside(real, root):
            raise Refused(
                f"a symbolic link to {shown(real)}, outside the inbox: not followed", "link_outside_inbox"
            )
        target = real
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags)
    except OSError as e:
        if stat.S_ISLNK(os.lstat(target).st_mode):  # swapped for a link after the look
            raise Refused("a symbolic link: not followed", "link_outside_inbox") from e
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
            raise Refused(f"{kind}, not a file: not read", "not_a_file")
        if st.st_size > max_bytes:
            raise Refused(
                f"file of {st.st_size} bytes, over the cap of {max_bytes} (INTAKE_MAX_FILE_BYTES): not read",
                "too_large",
                sha256=_hash_fd(fd),
            )
        os.set_blocking(fd, True)
        yield fd, st.st_size
    finally:
        os.close(fd)


def _hash_fd(fd: int) -> str:
    h = hashlib.sha256()
    os.lseek(fd, 0, os.SEEK_SET)
    while chunk := os.read(fd, 1 << 20):
        h.update(chunk)
    return h.hexdigest()


def sha256_checked(path: str, root: str | None, max_bytes: int) -> str:
    """The file's sha256, read in blocks (memory stays small whatever the size), or Refused."""
    with open_checked(path, root, max_bytes) as (fd, _):
        return _hash_fd(fd)


def read_checked(path: str, root: str | None, max_bytes: int) -> bytes:
    """The file's bytes, at most `max_bytes` of them (a file that grew past the cap is refused)."""
    with open_checked(path, root, max_bytes) as (fd, size):
        chunks, got = [], 0
        while got <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > max_bytes:
            raise Refused(f"file grew past the cap of {max_bytes} bytes while being read", "too_large")
        return b"".join(chunks)
