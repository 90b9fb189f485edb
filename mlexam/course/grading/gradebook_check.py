"""The course gradebook, checked around a run: a run never leaves it worse than it found it.

Before the run: SQLite's `PRAGMA integrity_check` and a row count of every table. A gradebook that fails the
check stops the run before anything is graded or written: it is left exactly as it was. Before each submission's
transaction: the file must still be the one checked (same device and inode, not a link, an SQLite header) and no
table may hold fewer rows than after the last write, or the run stops before writing. After the run: the
integrity check and the row counts again, for the summary.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from mlexam.course.grading.gradebook import GradebookError

HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True)
class Health:
    """What SQLite says of a gradebook file: its integrity check ("ok", or the first problems) and rows per table."""

    integrity: str
    rows: dict[str, int]

    @property
    def ok(self) -> bool:
        return self.integrity == "ok"

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)


def _rows(db: sqlite3.Connection) -> dict[str, int]:
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def inspect(path: Path, integrity: bool = True) -> Health:
    """The integrity check (skipped unless `integrity`) and row counts of the gradebook at `path`, read-only."""
    if path.is_symlink():
        return Health("the gradebook file is a symbolic link", {})
    try:
        with open(path, "rb") as f:
            if f.read(len(HEADER)) != HEADER:
                return Health("not an SQLite database (its first bytes are not SQLite's header)", {})
        with closing(_connect(path)) as db:
            problems = [r[0] for r in db.execute("PRAGMA integrity_check(5)")] if integrity else ["ok"]
            return Health("; ".join(problems)[:400], _rows(db))
    except (OSError, sqlite3.Error) as exc:
        return Health(f"unreadable: {exc}", {})


class GradebookGuard:
    """The checks of one run (see the module's docstring); a gradebook that is not SQLite is not checked."""

    def __init__(self, db_url: str) -> None:
        self.path = Path(db_url.removeprefix("sqlite:///")) if db_url.startswith("sqlite:///") else None
        self.before: Health | None = None
        self.rows: dict[str, int] = {}
        self.identity: tuple[int, int] | None = None

    def start(self) -> None:
        """Check the gradebook before the run; GradebookError (nothing written) if it is damaged."""
        if self.path is None:
            return
        health = inspect(self.path)
        if not health.ok:
            raise GradebookError(
                f"the gradebook {self.path} fails its check before the run ({health.integrity}): nothing was graded "
                "and nothing written; restore it from a backup"
            )
        st = os.stat(self.path)
        self.before, self.rows, self.identity = health, health.rows, (st.st_dev, st.st_ino)

    def check(self, student: str) -> None:
        """Before writing `student`'s grades: GradebookError if the gradebook was replaced or lost rows meanwhile."""
        if self.path is None:
            return
        try:
            st = os.lstat(self.path)
            same = (st.st_dev, st.st_ino) == self.identity
        except OSError:
            same = False
        health = inspect(self.path, integrity=False) if same else Health("replaced, moved or removed", {})
        lost = sorted(t for t, n in self.rows.items() if health.rows.get(t, 0) < n)
        if not health.ok or lost:
            why = health.integrity if not health.ok else f"rows gone from {', '.join(lost)}"
            raise GradebookError(
                f"the gradebook {self.path} changed under the run ({why}): stopped before writing {student}'s "
                "grades; the gradebook was left as it was"
            )

    def wrote(self) -> None:
        """After a submission's transaction: its rows are the new floor."""
        if self.path is not None:
            self.rows = inspect(self.path, integrity=False).rows

    def finish(self) -> tuple[bool, str]:
        """The check after the run: whether it passed, and a line for the summary."""
        if self.path is None or self.before is None:
            return True, "gradebook not checked (not an SQLite file)"
        after = inspect(self.path)
        lost = sorted(t for t, n in self.before.rows.items() if after.rows.get(t, 0) < n)
        ok = after.ok and not lost
        state = f"integrity {after.integrity}" + (f", rows gone from {', '.join(lost)}" if lost else "")
        return ok, f"gradebook checked before and after the run: {state}; {self.before.total} -> {after.total} rows"
