"""The README's rows for issue 13: each attack of `tests/support/isolation_class.py` under plain `nbgrader autograde`
and under `mlexam autograde`, described from what the runs left in the course.

    .venv/bin/python benchmarks/isolation_table.py > /tmp/isolation_table.md     # about 10 minutes on 2 cores

Plain nbgrader grades each attack in a class of three (the honest students before and after it), since one attack
can stop or hang a whole run, then the whole class once (its fate goes to stderr); mlexam grades the whole class
at once. Scores are each student's autograded points out of 3.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.engine_course import ASSIGNMENT, RIGHT, copy_course, grades, make_course, mlexam, submit
from support.isolation_class import ATTACKS, HONEST, NB, Attack, Where, students, submit_class

from mlexam.course.grading.gradebook_check import inspect
from mlexam.course.nbgrader_run import grading_env

PLAIN_TIMEOUT = 180
EXPECTED = {"right": 3.0, "wrong": 0.0, "writer": 3.0}  # each honest kind's score in a clean run


def plain(course: Path) -> str | None:
    """`nbgrader autograde` on the course; None, or what went wrong with the run itself."""
    cmd = [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force"]
    proc = subprocess.Popen(
        cmd, cwd=course, env=grading_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        out, _ = proc.communicate(timeout=PLAIN_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return f"still running after {PLAIN_TIMEOUT} s: stopped"
    lines = [line.strip() for line in out.decode(errors="replace").splitlines()]
    errors = [line for line in lines if re.match(r"^[\w.]*(Error|Exception): ", line)]
    return f"nbgrader exited {proc.returncode} ({errors[-1][:90]})" if proc.returncode and errors else None


def scores(course: Path) -> dict[str, float] | str:
    gb = inspect(course / "gradebook.db")
    if not gb.ok:
        return f"gradebook.db destroyed ({gb.integrity[:50]})"
    return {s: sum(c[0] or 0 for c in cells.values()) for s, cells in grades(course).items()}


def digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def watched(w: Where) -> dict[str, Path]:
    return {
        "the source notebook": w.course / "source" / ASSIGNMENT / NB,
        "nbgrader_config.py": w.course / "nbgrader_config.py",
        "the next student's submission": w.submitted(w.after),
    }


def put_attack(attack: Attack, w: Where, student: str) -> None:
    submit(w.course, student, attack.code(w) if attack.code else RIGHT)
    if attack.plant:
        attack.plant(w, w.course / "submitted" / student / ASSIGNMENT)


def damage(w: Where, attacker: str) -> list[str]:
    """Files nbgrader wrote where they should not be, or copied where the attacker's kernel could read them."""
    found = []
    previous = w.autograded(w.before) / NB
    if previous.is_file() and "symlink(" in previous.read_text(errors="replace"):
        found.append("the previous student's autograded notebook replaced by the attacker's")
    folder = w.autograded(attacker)
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file() and not path.is_symlink() and b"BEGIN SOLUTION" in path.read_bytes():
            found.append(f"the source notebook, solutions and hidden tests included, graded or copied as {path.name}")
    gradebook = w.course / "gradebook.db"
    if gradebook.is_file() and gradebook.stat().st_mode & 0o777 != 0o644:
        found.append(f"gradebook.db left mode {gradebook.stat().st_mode & 0o777:o}")
    return found


def plain_row(attack: Attack, base: Path, work: Path) -> str:
    """What plain nbgrader did with this attack between two honest students."""
    course = copy_course(base, work / attack.name)
    roster = students([attack])  # the honest student before, the attacker, the honest student after
    before, attacker, after = roster
    w = Where(course, before, after)
    for student in (before, after):
        submit(course, student, HONEST[roster[student]])
    old = {what: digest(path) for what, path in watched(w).items()}
    put_attack(attack, w, attacker)
    told = [plain(course) or ""]
    found = scores(course)
    if isinstance(found, str):
        told.append(found)
    else:
        for student, side in ((before, "previous"), (after, "next")):
            got, expected = found.get(student), EXPECTED[roster[student]]
            if got != expected:
                told.append(f"the {side} student got {'nothing' if got is None else f'{got:g}'}, not {expected:g}")
        told.append(f"the attacker: {'not graded' if attacker not in found else f'{found[attacker]:g}'}")
    told += [f"{what} overwritten" for what, path in watched(w).items() if digest(path) != old[what]]
    return "; ".join(filter(None, told + damage(w, attacker)))


def engine_rows(base: Path, work: Path) -> dict[str, str]:
    """mlexam on the whole class: what happened to each attacker, and to the honest students and the gradebook."""
    course = copy_course(base, work / "engine")
    clean = copy_course(base, work / "engine-clean")
    roster = submit_class(course)
    submit_class(clean, hostile=False)
    env_root = tempfile.mkdtemp(prefix="mlxb", dir="/tmp")
    os.environ.update(MLEXAM_WORKDIR=str(work / "engine-work"), MLEXAM_RUNTIME_ROOT=env_root)
    mlexam(clean, "autograde", ASSIGNMENT, "--sandbox", "bwrap", "--timeout", "120")
    run = mlexam(course, "autograde", ASSIGNMENT, "--sandbox", "bwrap", "--timeout", "120")
    log = course / "logs" / "autograde" / f"{ASSIGNMENT}.jsonl"
    records = {r["student"]: r for r in map(json.loads, log.read_text().splitlines())}
    kept = grades(course)
    same = all(kept[s] == v for s, v in grades(clean).items())
    check = next((line for line in run.stdout.splitlines() if line.startswith("gradebook checked")), "no check")
    print(
        f"mlexam: exit {run.returncode}; honest students' grades equal to a clean run: {same}; {check}", file=sys.stderr
    )
    rows = {}
    for student, kind in roster.items():
        if kind in HONEST:
            continue
        r = records[student]
        reason = (r["reason"] or "").replace(str(course), "<course>")
        if r["status"] == "rejected":
            rows[kind] = f"rejected: {reason}"
        else:
            rows[kind] = f"{r['status']}, {r['score']:g}" + (f"; {reason}" if reason else "")
            rows[kind] += " (tamper report)" if r["tamper"] else ""
        rows[kind] += "; neighbours' grades kept" if same else "; NEIGHBOURS CHANGED"
    return rows


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="isolation-"))
    base = make_course(work / "base", cell_timeout=30)
    whole = copy_course(base, work / "plain-class")
    roster = submit_class(whole)
    trouble = plain(whole)
    found = scores(whole)
    graded = [] if isinstance(found, str) else [s for s in roster if s in found]
    print(
        f"plain nbgrader, the whole class: {trouble or 'completed'}; {found if isinstance(found, str) else ''} "
        f"{len(graded)} of {len(roster)} students in the gradebook",
        file=sys.stderr,
    )
    ours = engine_rows(base, work)
    print("| attack | plain nbgrader (what happened) | mlexam autograde (what happened) |")
    print("|---|---|---|")
    for attack in ATTACKS:
        print(f"| {attack.what} | {plain_row(attack, base, work)} | {ours[attack.name]} |", flush=True)


if __name__ == "__main__":
    main()
