"""A class whose hostile students aim past their own grade (issue 13), on `engine_course`'s tiny assignment.

Each hostile student sits between two honest ones in the alphabet (`s00_right`, `s01_link_other`, `s02_wrong`,
...). Kernel attacks run in the answer cell, with the course's paths written in (the strongest attacker: one who
knows them); they answer right as well, so a harmless attack keeps its own 3 points. Folder attacks put links,
special files and too many or too deep files in the submission folder. Used by `test_isolation.py` and
`benchmarks/isolation_table.py` (the README's rows).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from support.engine_course import ANSWER, ASSIGNMENT, RIGHT, WRONG, submit

NB = f"{ASSIGNMENT}.ipynb"
WRITER = "with open('result.txt', 'w') as f:\n    f.write('42')\n" + RIGHT  # an honest notebook that saves a file
HONEST = {"right": RIGHT, "wrong": WRONG, "writer": WRITER}


@dataclass(frozen=True)
class Where:
    """The paths an attack aims at: the course, and the honest students before and after the attacker."""

    course: Path
    before: str
    after: str

    def submitted(self, student: str) -> Path:
        return self.course / "submitted" / student / ASSIGNMENT / NB

    def autograded(self, student: str) -> Path:
        return self.course / "autograded" / student / ASSIGNMENT


@dataclass(frozen=True)
class Attack:
    name: str
    what: str  # for the README's table
    code: Callable[[Where], str] | None = None  # the answer cell of a kernel attack
    plant: Callable[[Where, Path], None] | None = None  # puts files in the submission folder (a folder attack)


def _replace_notebook(target: str) -> str:
    return f"""
import os
try:
    os.remove({NB!r})
    os.symlink({target!r}, {NB!r})
    print("LINKED", os.readlink({NB!r}))
except OSError as e:
    print("REFUSED", e)
{ANSWER}"""


def _runtime(w: Where) -> str:
    """Read, replace and plant files beside the kernel's connection file; report whether anything it can see
    names the course."""
    return f"""
import json, os, sys
course = {str(w.course)!r}
folder = os.path.dirname(sys.argv[sys.argv.index("-f") + 1])
try:
    print("LISTED", sorted(os.listdir(folder)))
except OSError as e:
    print("REFUSED listing", e.strerror)
for name in ("launcher.json", "kernels.jsonl"):
    try:
        print("READ", name, open(os.path.join(folder, name)).read()[:80])
    except OSError as e:
        print("REFUSED reading", name, e.strerror)
try:
    with open(os.path.join(folder, "new.json"), "w") as f:
        json.dump({{"mode": "none", "uid": None, "rlimits": {{}}, "env": None}}, f)
    os.replace(os.path.join(folder, "new.json"), os.path.join(folder, "launcher.json"))
    print("REPLACED launcher.json")
except OSError as e:
    print("REFUSED replacing", e.strerror)
try:
    os.symlink(os.path.join(course, "gradebook.db"), os.path.join(folder, "kernels.jsonl"))
    print("PLANTED kernels.jsonl")
except OSError as e:
    print("REFUSED planting", e.strerror)
seen = {{"argv": " ".join(sys.argv), "cwd": os.getcwd(), "environ": repr(dict(os.environ))}}
for path in ("/proc/self/mountinfo", "/proc/self/cmdline", "/proc/1/cmdline", "/proc/self/environ"):
    seen[path] = open(path, "rb").read().decode(errors="replace")
for name in os.listdir("/proc/self/fd"):
    try:
        seen["fd" + name] = os.readlink("/proc/self/fd/" + name)
    except OSError:
        pass
print("NAMES THE COURSE", sorted(k for k, v in seen.items() if course in v))
{ANSWER}"""


def _many(w: Where) -> str:
    return (
        "import os\nfor i in range(100_000):\n    os.close(os.open(f'f{i:06d}', os.O_CREAT | os.O_WRONLY))\n" + ANSWER
    )


def _deep(w: Where) -> str:
    """A file 4,000 characters deep in the kernel's folder."""
    return f"""
import os
home = os.getcwd()
for _ in range(80):
    os.mkdir("d" * 49)
    os.chdir("d" * 49)
open("deep.txt", "w").write("x")
os.chdir(home)
{ANSWER}"""


def _fifos(w: Where) -> str:
    return f"import os\nos.remove({NB!r})\nos.mkfifo({NB!r})\nos.mkfifo('pipe')\n" + ANSWER


def _link_into(target: Callable[[Where], Path]) -> Callable[[Where, Path], None]:
    def plant(w: Where, folder: Path) -> None:
        (folder / NB).unlink()
        (folder / NB).symlink_to(target(w))

    return plant


def _hard_link(w: Where, folder: Path) -> None:
    os.link(w.course / "source" / ASSIGNMENT / NB, folder / "notes.txt")


def _fifo(w: Where, folder: Path) -> None:
    os.mkfifo(folder / "pipe")


def _many_files(w: Where, folder: Path) -> None:
    (folder / "junk").mkdir()
    fd = os.open(folder / "junk", os.O_RDONLY)
    try:
        for i in range(100_000):
            os.close(os.open(f"{i:06d}", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=fd))
    finally:
        os.close(fd)


def _deep_path(w: Where, folder: Path) -> None:
    """A file whose path in the submission is 4,000 characters long (shorter if the OS would refuse it)."""
    length = min(4000, 4095 - len(str(folder)) - 1)
    dirs: list[str] = []
    while 50 * (len(dirs) + 1) + 5 <= length:
        dirs.append("d" * 49)
    extra = length - (50 * len(dirs) + 5)
    if extra >= 2:
        dirs.append("d" * (extra - 1))
    fd = os.open(folder, os.O_RDONLY)
    for name in dirs:
        os.mkdir(name, dir_fd=fd)
        fd, old = os.open(name, os.O_RDONLY, dir_fd=fd), fd
        os.close(old)
    os.close(os.open("f.txt", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=fd))
    os.close(fd)


ATTACKS = [
    Attack("link_other", "kernel swaps its notebook for a link to the next student's submission",
           lambda w: _replace_notebook(str(w.submitted(w.after)))),
    Attack("link_gradebook", "kernel swaps its notebook for a link to gradebook.db",
           lambda w: _replace_notebook(str(w.course / "gradebook.db"))),
    Attack("link_source", "kernel swaps its notebook for a link to the source notebook",
           lambda w: _replace_notebook(str(w.course / "source" / ASSIGNMENT / NB))),
    Attack("link_config", "kernel swaps its notebook for a link to nbgrader_config.py",
           lambda w: _replace_notebook(str(w.course / "nbgrader_config.py"))),
    Attack("link_autograded", "kernel swaps its notebook for a link into the previous student's autograded/",
           lambda w: _replace_notebook(str(w.autograded(w.before) / NB))),
    Attack("link_proc", "kernel swaps its notebook for a link to /proc/self/root/<course>/gradebook.db",
           lambda w: _replace_notebook(f"/proc/self/root{w.course}/gradebook.db")),
    Attack("fifo_notebook", "kernel swaps its notebook for a FIFO", _fifos),
    Attack("runtime", "kernel reads, replaces and plants files beside its connection file", _runtime),
    Attack("many_created", "kernel creates 100,000 empty files", _many),
    Attack("deep_created", "kernel creates a file 4,000 characters deep", _deep),
    Attack("sub_link_source", "submitted notebook is a link to the source notebook",
           plant=_link_into(lambda w: w.course / "source" / ASSIGNMENT / NB)),
    Attack("sub_link_other", "submitted notebook is a link to the next student's submission",
           plant=_link_into(lambda w: w.submitted(w.after))),
    Attack("sub_hard_link", "submission holds a hard link to the source notebook", plant=_hard_link),
    Attack("sub_fifo", "submission holds a FIFO", plant=_fifo),
    Attack("sub_many", "submission holds 100,000 empty files", plant=_many_files),
    Attack("sub_deep", "submission holds a file at a 4,000-character path", plant=_deep_path),
]  # fmt: skip


def students(attacks: list[Attack] = ATTACKS) -> dict[str, str]:
    """Each student's name and what they are: an honest kind (right, wrong, writer) or an attack's name."""
    kinds = list(HONEST)
    names = {}
    for i, attack in enumerate([*attacks, None]):
        honest = kinds[i % len(kinds)]
        names[f"s{2 * i:02d}_{honest}"] = honest
        if attack is not None:
            names[f"s{2 * i + 1:02d}_{attack.name}"] = attack.name
    return names


def honest(roster: dict[str, str]) -> list[str]:
    return [s for s, kind in roster.items() if kind in HONEST]


def submit_class(course: Path, attacks: list[Attack] = ATTACKS, hostile: bool = True) -> dict[str, str]:
    """Submit the class (without its hostile students for a clean run); returns who was submitted."""
    roster = students(attacks)
    by_name = {a.name: a for a in attacks}
    order = list(roster)
    for student, kind in roster.items():
        if kind in HONEST:
            submit(course, student, HONEST[kind])
    if not hostile:
        return {s: k for s, k in roster.items() if k in HONEST}
    for i, (student, kind) in enumerate(roster.items()):
        attack = by_name.get(kind)
        if attack is None:
            continue
        where = Where(course, order[i - 1], order[i + 1])
        submit(course, student, attack.code(where) if attack.code else RIGHT)
        if attack.plant:
            attack.plant(where, course / "submitted" / student / ASSIGNMENT)
    return roster
