"""The grading process's own mount namespace: everything read-only but its scratch folders, the course hidden.

nbgrader, the judges and the kernel launcher run in the grading process and its children, outside the kernel's
sandbox and with the instructor's rights: a write misled there (through a link, to a path a notebook chose) could
reach anything the instructor can. `confine` takes that right away before nbgrader starts. In a new mount
namespace (in a user namespace of its own when not root), every mount is made read-only except the folders the
grading process writes (its scratch course, its runtime folder, the gradebook cache), and an empty read-only
folder or file is mounted over each course path, so the course can be neither written nor read from there.
Kernels started from the grading process inherit it; `/proc`, `/sys` and `/dev` are left as they are.
"""

from __future__ import annotations

import ctypes
import os
import re
from pathlib import Path

CLONE_NEWNS, CLONE_NEWUSER = 0x00020000, 0x10000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC, MS_REMOUNT = 1, 2, 4, 8, 32
MS_NOATIME, MS_NODIRATIME, MS_BIND, MS_REC, MS_PRIVATE, MS_RELATIME = 1024, 2048, 4096, 16384, 1 << 18, 1 << 21
# Per-mount options as /proc/self/mountinfo spells them; a remount must keep them (a user namespace locks them).
OPTIONS = {
    "ro": MS_RDONLY,
    "nosuid": MS_NOSUID,
    "nodev": MS_NODEV,
    "noexec": MS_NOEXEC,
    "noatime": MS_NOATIME,
    "nodiratime": MS_NODIRATIME,
    "relatime": MS_RELATIME,
}
LEFT_ALONE = (Path("/proc"), Path("/sys"), Path("/dev"))


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _mount(source: str | None, target: Path, fstype: str | None, flags: int, data: str | None = None) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    args = [s.encode() if s is not None else None for s in (source, str(target), fstype)]
    _check(libc.mount(*args, ctypes.c_ulong(flags), data.encode() if data else None), f"mount {target}")


def mounts() -> list[tuple[Path, int]]:
    """This namespace's mount points and the per-mount flags of each."""
    found = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
            found.append((Path(point), sum(OPTIONS.get(o, 0) for o in fields[5].split(","))))
    return found


def _inside(path: Path, folders: list[Path] | tuple[Path, ...]) -> bool:
    return any(path == f or f in path.parents for f in folders)


def _unshare() -> None:
    """A new mount namespace; as another user than root, inside a user namespace mapping only this user."""
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.geteuid(), os.getegid()
    if uid == 0:
        _check(libc.unshare(CLONE_NEWNS), "unshare")
        return
    _check(libc.unshare(CLONE_NEWNS | CLONE_NEWUSER), "unshare")
    Path("/proc/self/setgroups").write_text("deny")
    Path("/proc/self/uid_map").write_text(f"{uid} {uid} 1")
    Path("/proc/self/gid_map").write_text(f"{gid} {gid} 1")


def confine(writable: list[Path], hidden: list[Path], empty_file: Path) -> None:
    """Make this process's view of the filesystem read-only but `writable`, with `hidden` covered (folders by an
    empty read-only tmpfs, files by `empty_file`, read-only). Raises OSError when namespaces are not allowed."""
    _unshare()
    _mount(None, Path("/"), None, MS_REC | MS_PRIVATE)  # nothing done here reaches the rest of the machine
    for path in writable:
        _mount(str(path), path, None, MS_BIND | MS_REC)
    for path in hidden:
        if path.is_dir():
            _mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=0500")
        elif path.exists():
            _mount(str(empty_file), path, None, MS_BIND)  # made read-only with the rest, below
    for point, flags in mounts():
        if not flags & MS_RDONLY and not _inside(point, LEFT_ALONE) and not _inside(point, writable):
            _mount(None, point, None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags)
