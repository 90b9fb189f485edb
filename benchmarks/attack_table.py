"""The README's attack table: every attack graded by plain `nbgrader autograde` and by `mlexam autograde`.

    .venv/bin/python benchmarks/attack_table.py > /tmp/attack_table.md     # about 8 minutes on 2 cores

Scores are whole-submission totals of autograded points; "answer alone" is the same wrong answer without the
trick. The kernel attacks (`tests/support/kernel_attacks.py`, on `engine_course`'s tiny course) show what each
submission got, or what happened.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support import ROOT
from support.attacks import grade_both, total
from support.engine_course import ASSIGNMENT, copy_course, grades, make_course, mlexam, outputs, submit
from support.kernel_attacks import hostile_class

from mlexam.course.coursedir import Course
from mlexam.course.nbgrader_run import NbgraderError
from mlexam.course.nbgrader_run import autograde as plain_autograde
from mlexam.course.scratch import ScratchCourse


def shown(scores: dict, student: str, failed: set[str] = frozenset()) -> str:
    return "not graded" if student in failed or student not in scores else f"{total(scores, student):g}"


def notebook_attacks(work: Path) -> list[str]:
    rows = []
    for assignment in ("ml_teams", "problem_setup"):
        scratch = ScratchCourse(Course(ROOT), work / assignment / "plain", [assignment])
        scratch.generate()
        graded = grade_both(scratch, assignment, work / assignment / "engine")
        for student, (attack, role) in graded.students.items():
            if attack is None:
                continue
            flags = sorted({f["kind"] for f in graded.records[student].get("tamper", [])})
            rows.append(
                f"| {attack.name} | {attack.kind} | {shown(graded.engine, role)} | "
                f"{shown(graded.plain, student, graded.plain_failed)} | {shown(graded.engine, student)} | "
                f"{', '.join(flags) or '-'} |"
            )
    return rows


def kernel_attacks(work: Path) -> list[str]:
    plain = make_course(work / "tiny" / "plain", cell_timeout=5)
    for student, code in hostile_class(plain, 9).items():
        submit(plain, student, code)
    engine = copy_course(plain, work / "tiny" / "engine")
    try:
        failed = plain_autograde(plain, ASSIGNMENT)
    except NbgraderError as exc:  # a submission killed nbgrader itself: the rest of the class is not graded
        print(f"plain nbgrader died: {str(exc).splitlines()[0]}", file=sys.stderr)
        failed = set()
    mlexam(engine, "autograde", ASSIGNMENT, "--workers", "2", "--timeout", "25", "--memory", "1024")
    log = engine / "logs" / "autograde" / f"{ASSIGNMENT}.jsonl"
    records = {r["student"]: r for r in map(json.loads, log.read_text().splitlines())}
    before = grades(plain)
    rows = []
    for student in hostile_class(plain, 0):
        p = (
            "not graded"
            if student in failed or student not in before
            else f"{sum(g[0] or 0 for g in before[student].values()):g}"
        )
        leaks = [w for w in ("LEAK", "LISTED", "CONNECTED", "RESOLVED") if w in outputs(plain, student)]
        p += f" ({', '.join(leaks)} in its output)" if leaks else ""
        r = records[student]
        ours = f"{r['score']:g}" if r["status"] == "graded" else f"0, failed: {r['reason'][:60]}"
        rows.append(
            f"| {student} (tiny course) | process and files | - | {p} | {ours} | "
            f"{', '.join(sorted({f['kind'] for f in r.get('tamper', [])})) or '-'} |"
        )
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="attack-table-") as tmp:
        work = Path(tmp)
        print("| attack | class | answer alone | plain nbgrader | mlexam autograde | tamper report |")
        print("|---|---|---|---|---|---|", flush=True)
        print("\n".join(notebook_attacks(work)), flush=True)
        print("\n".join(kernel_attacks(work)), flush=True)


if __name__ == "__main__":
    main()
