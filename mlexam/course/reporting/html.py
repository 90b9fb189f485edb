"""The report as one HTML page: every number, chart and CSV of the selected assignments, linked.

Everything that comes from a submission or a log (student ids, failure reasons, tamper details,
question names) goes through `esc`, and every link through `href`: the page is safe to open even
when a student names themselves `<script>`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from mlexam.course.reporting.data import AssignmentData
from mlexam.course.reporting.stats import SMALL_CLASS, ClassStats, QuestionStats

STYLE = """
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1100px;
       padding: 0 1em; color: #1f2328; line-height: 1.45; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 1px solid #d0d7de; padding-bottom: 0.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: 0.6em 0 1.2em; font-size: 0.92em; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: right; }
th { background: #f6f8fa; } td.l, th.l { text-align: left; }
.full { background: #dafbe1; } .zero { background: #ffebe9; } .part { background: #fff8c5; }
.muted { color: #656d76; } .warn { color: #9a6700; } .bad { color: #cf222e; }
img { max-width: 100%; border: 1px solid #d0d7de; margin: 0.3em 0; }
nav a, .files a { margin-right: 1em; }
"""


def esc(value: object) -> str:
    """Text for HTML: escaped, quotes included."""
    return html.escape("" if value is None else str(value), quote=True)


def href(path: str) -> str:
    """A relative link, percent-encoded and escaped."""
    return esc(quote(path))


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def _index(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f}"


@dataclass
class Section:
    """One assignment's part of the page; `files` are paths relative to the page's folder."""

    data: AssignmentData
    questions: list[QuestionStats]
    summary: ClassStats
    files: Mapping[str, str] = field(default_factory=dict)  # label -> relative path
    histogram: str | None = None
    question_chart: str | None = None


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], left: int = 1, last_left: bool = False) -> str:
    """A table of ready-made (escaped) cells; the first `left` columns, and the last if `last_left`, are text."""

    def is_text(i: int) -> bool:
        return i < left or (last_left and i == len(header) - 1)

    head = "".join(f'<th class="{"l" if is_text(i) else ""}">{esc(h)}</th>' for i, h in enumerate(header))
    body = "".join(
        "<tr>"
        + "".join(f'<td class="l">{c}</td>' if is_text(i) else f"<td>{c}</td>" for i, c in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _score_cell(points: float | None, top: float, pending: bool = False) -> str:
    if pending:
        return f'<span class="muted">pending/{top:g}</span>'
    if points is None:
        return ""
    kind = "full" if points >= top - 1e-9 else ("zero" if points <= 0 else "part")
    return f'<span class="{kind}">{points:g}/{top:g}</span>'


def render_section(s: Section) -> str:
    """The HTML of one assignment: summary, charts, question table, students, grading runs, files."""
    d, c = s.data, s.summary
    a = d.assignment
    parts = [f'<h2 id="{esc(a)}">{esc(a)}</h2>']
    alpha = "n/a" if c.alpha is None else f"{c.alpha:.2f}"
    parts.append(
        f"<p><b>{c.n}</b> graded submissions; score over {c.max_points:g} graded points:"
        f" mean <b>{c.mean_percent:.0f}%</b>, median {c.median_percent:.0f}%,"
        f" standard deviation {c.sd_percent:.0f} percentage points,"
        f" range {c.min_percent:.0f}-{c.max_percent:.0f}%; Cronbach's alpha {alpha}.</p>"
    )
    pending = d.pending_questions()
    if pending:
        graded = sum(sub.graded for sub in d.submissions.values())
        names = ", ".join(
            f"<code>{esc(q.name)}</code> ({d.pending_count(q.name)} of {graded} pending)" for q in pending
        )
        parts.append(
            f'<p class="warn">Written answers awaiting manual grading (left out of the numbers, and of each'
            f" student's total until graded): {names}.</p>"
        )
    left_out = sorted(d.failed_students() & set(d.submissions))
    if left_out:
        parts.append(
            f'<p class="warn">{len(left_out)} submission(s) failed to grade and are left out of the numbers:'
            f" {esc(', '.join(left_out))} (see Grading runs).</p>"
        )
    if c.n and c.n < SMALL_CLASS:
        parts.append(f'<p class="muted">With {c.n} students the discrimination indices are indicative only.</p>')
    for label, path in (("score histogram", s.histogram), ("per-question chart", s.question_chart)):
        if path:
            parts.append(f'<p><img src="{href(path)}" alt="{esc(a)}: {esc(label)}"></p>')

    parts.append("<h3>Questions</h3>")
    parts.append(
        '<p class="muted">difficulty = 1 - mean/max; discrimination = corrected item-total correlation (the'
        " question's points against the points of all other questions: +0.4 and up very good, 0.2-0.4 fair"
        " to good, below 0.2 poor, negative: check the question); upper-lower = share of the points in the"
        " top 27% by total minus that in the bottom 27%.</p>"
    )
    rows = [
        [
            f"<code>{esc(q.question)}</code>",
            f"{q.max_points:g}",
            f"{q.mean:.2f}",
            _pct(q.mean_percent),
            _pct(100 * q.full_marks),
            f"{q.difficulty:.2f}",
            "n/a" if q.discrimination is None else f"{_index(q.discrimination)} {esc(q.verdict)}",
            _index(q.upper_lower),
            f'<span class="muted">{esc(q.note)}</span>',
        ]
        for q in s.questions
    ]
    header = [
        "question",
        "points",
        "mean",
        "mean %",
        "full marks",
        "difficulty",
        "discrimination",
        "upper-lower",
        "note",
    ]
    parts.append(_table(header, rows, last_left=True))

    parts.append("<h3>Students</h3>")
    names = [q.name for q in d.questions]
    tops = {q.name: q.max_points for q in d.questions}
    student_rows = []
    for sub in sorted(d.submissions.values(), key=lambda x: x.student):
        if not sub.graded:
            student_rows.append([esc(sub.student), *["" for _ in names], '<span class="bad">not graded</span>', ""])
            continue
        t = sub.totals(d.questions)
        cells = [_score_cell(sub.points.get(n), tops[n], sub.pending(n)) for n in names]
        score = f"{t.points:g}/{t.max_points:g}" + ("" if t.percent is None else f" ({t.percent:.0f}%)")
        if sub.student in d.failed_students():
            score += ' <span class="bad">(grading failed)</span>'
        waiting = f'<span class="warn">{t.pending:g} points</span>' if t.pending else ""
        student_rows.append([esc(sub.student), *cells, score, waiting])
    if any(sub.totals(d.questions).pending for sub in d.submissions.values() if sub.graded):
        parts.append(
            '<p class="muted">score = points over the questions graded so far; pending = written answers that'
            " await a person (nbgrader's formgrader), not counted as 0.</p>"
        )
    parts.append(_table(["student", *names, "score", "pending"], student_rows))

    parts.append("<h3>Grading runs</h3>")
    parts.append(f'<p class="muted">Source: {esc(d.run_source)}.</p>')
    for problem in d.log_problems:
        parts.append(f'<p class="warn">log: {esc(problem)}</p>')
    slow = d.slowest()
    if slow:
        parts.append("<h4>Slowest submissions</h4>")
        slow_rows = [
            [
                esc(r.student),
                f"{r.seconds:.1f}" if r.seconds is not None else "",
                f"{r.execute_seconds:.1f}" if r.execute_seconds is not None else "",
                esc(r.worker or ""),
                esc(r.sandbox or ""),
            ]
            for r in slow
        ]
        header = ["student", "seconds", "executing (s)", "worker", "sandbox"]
        if d.log_path is None:  # only the notebooks' own timings: one number per submission
            header, slow_rows = ["student", "seconds"], [row[:2] for row in slow_rows]
        parts.append(_table(header, slow_rows))
    failed = d.failed()
    parts.append("<h4>Failed submissions</h4>")
    if failed:
        parts.append(
            _table(
                ["student", "status", "reason"],
                [[esc(r.student), f'<span class="bad">{esc(r.status)}</span>', esc(r.reason or "")] for r in failed],
                left=3,
            )
        )
    else:
        parts.append("<p>None: every submission was graded.</p>")
    parts.append("<h4>Tamper flags</h4>")
    tampered = d.tampered()
    if d.log_path is None:
        parts.append('<p class="muted">Not recorded: graded without the engine (`mlexam autograde`), no log.</p>')
    elif not d.tamper_recorded:
        parts.append('<p class="muted">Not recorded: the engine\'s log has no tamper checks for this assignment.</p>')
    elif tampered:
        flag_rows = [
            [esc(r.student), f"<code>{esc(t.cell or '(notebook)')}</code>", esc(t.kind), esc(t.detail)]
            for r in tampered
            for t in r.tamper
        ]
        parts.append(_table(["student", "cell", "kind", "detail"], flag_rows, left=4))
    else:
        parts.append("<p>None: no submission changed what it should not.</p>")

    if s.files:
        links = "".join(f'<a href="{href(p)}">{esc(label)}</a>' for label, p in s.files.items())
        parts.append(f'<p class="files">CSV: {links}</p>')
    return "\n".join(parts)


def render_page(
    title: str,
    sections: Sequence[Section],
    exports: Mapping[str, str] | None = None,
    generated: str = "",
) -> str:
    """The whole page: a title, links to each assignment and to the exports, then the sections."""
    nav = "".join(f'<a href="#{href(s.data.assignment)}">{esc(s.data.assignment)}</a>' for s in sections)
    head = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="muted">{esc(generated)}</p>' if generated else "",
        f"<nav>{nav}</nav>",
    ]
    if exports:
        links = "".join(f'<a href="{href(p)}">{esc(label)}</a>' for label, p in exports.items())
        head.append(f'<h2 id="exports">Exports</h2><p class="files">{links}</p>')
    body = [render_section(s) for s in sections]
    return "\n".join([*head, *body, "</body></html>\n"])


def write_page(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
