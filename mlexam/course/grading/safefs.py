"""File operations that never follow a symbolic link, for every file the grader reads, writes, copies or chmods
where a submission or a kernel could have put something.

Paths are walked one component at a time from an open folder (`openat` with `O_NOFOLLOW`): a link anywhere on
the way is an error (`ELOOP`, `ENOTDIR`), never a detour, and a path longer than the OS's `PATH_MAX` still works.
Files are opened with `O_NONBLOCK` and checked to be regular before they are read, so a FIFO never blocks.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import stat
from collections.abc import Iterator
from pathlib import Path

DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def parts(rel: str) -> list[str]:
    """The components of relative path `rel`; ValueError for an absolute path, `..`, `.` or an empty part."""
    names = rel.split("/")
    if not rel or any(n in ("", ".", "..") or "\0" in n for n in names):
        raise ValueError(f"not a plain relative path: {rel[:80]!r}")
    return names


def open_subdir(dir_fd: int, name: str, create: bool = False) -> int:
    """Folder `name` of `dir_fd`, not followed if a link (made first if `create`)."""
    if create:
        with contextlib.suppress(FileExistsError):
            os.mkdir(name, 0o755, dir_fd=dir_fd)
    return os.open(name, DIR_FLAGS, dir_fd=dir_fd)


def open_dir(path: Path, trusted: Path | None = None, create: bool = False) -> int:
    """Folder `path`: followed as given up to `trusted` (a folder of the instructor's), then one component at a time
    without following links (each made if missing and `create`)."""
    top = trusted if trusted is not None else Path(path.anchor)
    rest = path.relative_to(top).parts
    if create:
        top.mkdir(parents=True, exist_ok=True)
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        return open_dirs(fd, list(rest), create)
    finally:
        os.close(fd)


def open_dirs(dir_fd: int, names: list[str], create: bool = False) -> int:
    """Folder `names` (components) below `dir_fd`, none followed if a link, each made if missing and `create`."""
    fd = os.dup(dir_fd)
    try:
        for name in names:
            fd, old = open_subdir(fd, name, create), fd
            os.close(old)
    except BaseException:
        os.close(fd)
        raise
    return fd


def write_file(
    dir_fd: int, rel: str, data: bytes, mode: int = 0o644, replace: bool = False, owner: int | None = None
) -> None:
    """Create file `rel` below `dir_fd` (its folders made) with `data`, `mode` and `owner`; an existing name is
    an error, unless `replace`, which writes a new file and renames it over the old name (a link there is
    replaced, not followed)."""
    names = parts(rel)
    parent = open_dirs(dir_fd, names[:-1], create=True)
    try:
        name = f".{names[-1]}.{os.getpid()}.tmp" if replace else names[-1]
        fd = os.open(name, CREATE_FLAGS, mode, dir_fd=parent)
        try:
            os.fchmod(fd, mode)
            if owner is not None:
                os.fchown(fd, owner, owner)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        if replace:
            os.replace(name, names[-1], src_dir_fd=parent, dst_dir_fd=parent)
    finally:
        os.close(parent)


def open_regular(dir_fd: int, rel: str) -> int:
    """An fd of regular file `rel` below `dir_fd`; OSError for a link on the way or anything but a regular file."""
    names = parts(rel)
    parent = open_dirs(dir_fd, names[:-1])
    try:
        fd = os.open(names[-1], READ_FLAGS, dir_fd=parent)
    finally:
        os.close(parent)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file", rel)
    return fd


def read_fd(fd: int, limit: int) -> bytes:
    """At most `limit` bytes of open file `fd` (OSError EFBIG past it), from its start."""
    chunks, total = [], 0
    while chunk := os.pread(fd, 1 << 20, total):
        total += len(chunk)
        if total > limit:
            raise OSError(errno.EFBIG, f"larger than {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def read_file(dir_fd: int, rel: str, limit: int = 1 << 40) -> bytes:
    """The content of regular file `rel` below `dir_fd` (see `open_regular`), at most `limit` bytes."""
    fd = open_regular(dir_fd, rel)
    try:
        return read_fd(fd, limit)
    finally:
        os.close(fd)


def link_target(dir_fd: int, rel: str) -> str:
    """Where symbolic link `rel` below `dir_fd` points ("?" if it cannot be read)."""
    names = parts(rel)
    try:
        parent = open_dirs(dir_fd, names[:-1])
        try:
            return os.readlink(names[-1], dir_fd=parent)
        finally:
            os.close(parent)
    except OSError:
        return "?"


def walk(dir_fd: int, max_depth: int, ignore: list[str] | tuple[str, ...] = ()) -> Iterator[tuple[str, os.stat_result]]:
    """Every entry below `dir_fd` as (relative path, `lstat`), depth first in name order, links not followed.

    Names matching an `ignore` glob are skipped with what they hold (as nbgrader's `find_all_files` does); folders
    `max_depth` deep are listed but not entered. Unreadable folders are skipped.
    """
    yield from _walk(dir_fd, "", 1, max_depth, ignore)


def _walk(dir_fd: int, prefix: str, depth: int, max_depth: int, ignore) -> Iterator[tuple[str, os.stat_result]]:
    with os.scandir(dir_fd) as entries:
        found = sorted((e.name, e.stat(follow_symlinks=False)) for e in entries)
    for name, st in found:
        if any(fnmatch.fnmatch(name, pattern) for pattern in ignore):
            continue
        rel = f"{prefix}{name}"
        yield rel, st
        if stat.S_ISDIR(st.st_mode) and depth < max_depth:
            try:
                sub = os.open(name, DIR_FLAGS, dir_fd=dir_fd)
            except OSError:
                continue
            try:
                yield from _walk(sub, f"{rel}/", depth + 1, max_depth, ignore)
            finally:
                os.close(sub)


def copy_tree(src_fd: int, dst_fd: int, max_depth: int, owner: int | None = None) -> None:
    """Copy the regular files and folders below `src_fd` into `dst_fd` (names already there are kept), owned by
    `owner` if given; links, FIFOs, devices and sockets are left out."""
    for rel, st in walk(src_fd, max_depth):
        try:
            if stat.S_ISDIR(st.st_mode):
                fd = open_dirs(dst_fd, parts(rel), create=True)
                if owner is not None:
                    os.fchown(fd, owner, owner)
                os.close(fd)
            elif stat.S_ISREG(st.st_mode):
                write_file(dst_fd, rel, read_file(src_fd, rel), stat.S_IMODE(st.st_mode) | 0o600, owner=owner)
        except OSError:  # there already, or a link where a folder should be: left as it is
            continue
