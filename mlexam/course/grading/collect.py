"""A submission folder, listed without following links and read by value.

`collect(folder, trusted, ignore, limits)` lists the folder with `lstat` alone (see `safefs.walk`) and finds the
problems that REJECT a submission, each with its reason: a symbolic link, a hard link to a file outside the
submission, a FIFO, socket or device, or more files, deeper folders, longer paths or more bytes than
`IntakeLimits` allow. `Collected.read` then reads a listed file one component at a time without following links
and checks that it is the very file listed; the worker gets these bytes, whose sha256 goes to the timing log, so
what is graded is what was collected (a file changed afterwards, by anyone, changes nothing).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from mlexam.course.grading import safefs
from mlexam.course.grading.intake import IntakeLimits, size
from mlexam.course.grading.tasks import MB

KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device"}


@dataclass
class Collected:
    """A submission's regular files (by relative path: size), the problems found, and an open handle to read it."""

    sizes: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    fingerprint: str = ""  # names, kinds, sizes and modification times, hashed: changes when the folder does
    digests: dict[str, str] = field(default_factory=dict)  # sha256 of each file read
    fd: int | None = None
    identity: dict[str, tuple[int, int]] = field(default_factory=dict)  # (device, inode) as listed

    def read(self, rel: str) -> bytes:
        """File `rel`'s bytes, read without following links; OSError if it is no longer the file listed."""
        assert self.fd is not None
        fd = safefs.open_regular(self.fd, rel)
        try:
            st = os.fstat(fd)
            if (st.st_dev, st.st_ino) != self.identity[rel] or st.st_size != self.sizes[rel]:
                raise OSError(errno.ESTALE, "changed while the submission was read", rel)
            data = safefs.read_fd(fd, st.st_size)
        finally:
            os.close(fd)
        self.digests[rel] = hashlib.sha256(data).hexdigest()
        return data

    def sha256(self) -> str:
        """The sha256 of `sha256sum`'s lines for the files read ("DIGEST  PATH\\n", sorted by path)."""
        lines = "".join(f"{digest}  {rel}\n" for rel, digest in sorted(self.digests.items()))
        return hashlib.sha256(lines.encode("utf-8", "surrogateescape")).hexdigest()

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> Collected:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def short(rel: str, keep: int = 60) -> str:
    return rel if len(rel) <= keep else f"{rel[: keep // 2]}...{rel[-keep // 2 :]}"


def collect(folder: Path, trusted: Path, ignore: list[str], limits: IntakeLimits) -> Collected:
    """List the submission in `folder` (whose parts below `trusted` must not be links); see the module's docstring."""
    found = Collected()
    try:
        found.fd = safefs.open_dir(folder, trusted)
    except OSError as exc:
        why = "is a symbolic link" if exc.errno in (errno.ELOOP, errno.ENOTDIR) else f"cannot be read ({exc.strerror})"
        found.problems.append(f"the submission folder {why}")
        found.fingerprint = _digest(found.problems)
        return found
    seen: list[tuple[str, int, int, int]] = []
    bad: dict[str, list[str]] = defaultdict(list)
    inodes: dict[tuple[int, int], list[str]] = defaultdict(list)
    links: dict[tuple[int, int], int] = {}
    for rel, st in safefs.walk(found.fd, limits.max_depth, ignore):
        seen.append((rel, st.st_mode, 0 if stat.S_ISDIR(st.st_mode) else st.st_size, st.st_mtime_ns))
        if len(rel) > limits.max_path_chars:
            bad["long"].append(f"{short(rel)!r} ({len(rel):,} characters)")
        kind = stat.S_IFMT(st.st_mode)
        if kind == stat.S_IFDIR:
            if rel.count("/") + 1 >= limits.max_depth:
                bad["deep"].append(repr(short(rel)))
        elif kind == stat.S_IFLNK:
            bad["link"].append(f"{short(rel)!r} -> {short(safefs.link_target(found.fd, rel))!r}")
        elif kind == stat.S_IFREG:
            found.sizes[rel], found.identity[rel] = st.st_size, (st.st_dev, st.st_ino)
            if st.st_nlink > 1:
                inodes[st.st_dev, st.st_ino].append(rel)
                links[st.st_dev, st.st_ino] = st.st_nlink
            if len(found.sizes) > limits.max_files:
                found.problems.append(f"more than {limits.max_files:,} files (the limit): not read further")
                break
        else:
            bad["special"].append(f"{short(rel)!r} ({KINDS.get(kind, 'not a file')})")
    for inode, rels in inodes.items():
        if links[inode] > len(rels):
            bad["hard"].extend(f"{short(rel)!r} ({links[inode]} links)" for rel in rels)
    total = sum(found.sizes.values())
    if total > limits.max_total_mb * MB:
        found.problems.append(f"its files total {size(total)}, over {limits.max_total_mb:g} MB: not read")
    for key, items in bad.items():
        shown = items[:1] if key in ("deep", "long") else items[:5]  # a folder's contents share its problem
        more = f" and {len(items) - len(shown)} more" if len(items) > len(shown) else ""
        found.problems.append(f"{WHY[key].format(limits=limits)}: {', '.join(shown)}{more}")
    found.fingerprint = _digest([*sorted(seen), *found.problems])
    return found


WHY = {
    "link": "symbolic links are not graded (a link could point at another student's or the course's files)",
    "hard": "hard links to files outside the submission are not graded",
    "special": "only files and folders are graded",
    "deep": "folders nested {limits.max_depth} deep or more (the limit)",
    "long": "paths longer than {limits.max_path_chars} characters (the limit)",
}


def _digest(items: list) -> str:
    return hashlib.sha256(repr(items).encode("utf-8", "surrogateescape")).hexdigest()[:16]
