"""Charts of grading results as PNG files: the demo's score distribution, the report's class histogram and
per-question chart."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from mlexam.course.reporting.stats import ClassStats, QuestionStats, verdict

VERDICT_COLORS = {
    "very good": "#1a7f37",
    "good": "#4c9a2a",
    "fair": "#d4a72c",
    "poor": "#e16f24",
    "negative": "#cf222e",
    "n/a": "#8c959f",
}


def _save(fig: plt.Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def score_histogram(assignment: str, percents: Sequence[float], summary: ClassStats, path: Path) -> Path:
    """How many students scored 0-10%, 10-20%, ... of the graded points, with the mean and median."""
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    bins = list(range(0, 101, 10))
    ax.hist([min(max(p, 0.0), 100.0) for p in percents], bins=bins, color="#4e79a7", rwidth=0.9)
    ax.axvline(summary.mean_percent, color="#e15759", lw=2, label=f"mean {summary.mean_percent:.0f}%")
    ax.axvline(summary.median_percent, color="#333333", lw=1.5, ls="--", label=f"median {summary.median_percent:.0f}%")
    ax.set_xticks(bins)
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"score (% of {summary.max_points:g} graded points)")
    ax.set_ylabel("students")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_title(f"{assignment}: {summary.n} submissions", loc="left")
    ax.legend(frameon=False, loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=2, fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _save(fig, path)


def question_chart(assignment: str, stats: Sequence[QuestionStats], path: Path, written: Collection[str] = ()) -> Path:
    """Per question: mean score and share with full marks (left), discrimination index (right).

    `written` names the manually graded questions, marked as such.
    """
    names = [f"{q.question} ({q.max_points:g} pt{', written' if q.question in written else ''})" for q in stats]
    rows = list(range(len(stats)))[::-1]  # first question on top
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(10, 0.55 * len(stats) + 1.8), sharey=True, gridspec_kw={"width_ratios": [3, 2.3]}
    )
    left.barh(rows, [q.mean_percent for q in stats], color="#4e79a7", height=0.6, label="mean score")
    left.scatter(
        [100 * q.full_marks for q in stats],
        rows,
        marker="D",
        color="#f28e2b",
        zorder=3,
        label="students with full marks",
    )
    for y, q in zip(rows, stats):
        left.text(
            1.5,
            y,
            f"{q.mean_percent:.0f}%",
            va="center",
            fontsize=8,
            color="white" if q.mean_percent > 8 else "#222222",
        )
    left.set_yticks(rows, names)
    left.set_xlim(0, 105)
    left.set_xlabel("% of the question's points / % of students")
    left.set_title("How the class did", loc="left")
    left.legend(frameon=False, loc="lower right", fontsize=8)

    values = [q.discrimination for q in stats]
    right.barh(
        rows,
        [v if v is not None else 0.0 for v in values],
        color=[VERDICT_COLORS[verdict(v)] for v in values],
        height=0.6,
    )
    for y, v, q in zip(rows, values, stats):
        label = f"{v:+.2f} {verdict(v)}" if v is not None else "n/a: " + (q.note.split(":")[0] or "undefined")
        right.text(max(v or 0.0, 0.0) + 0.03, y, label, va="center", fontsize=8, color="#222222")
    right.axvline(0, color="#333333", lw=0.8)
    for threshold in (0.2, 0.4):
        right.axvline(threshold, color="#8c959f", lw=0.8, ls=":")
    lowest = min([v for v in values if v is not None], default=0.0)
    low = min(-0.3, lowest - 0.1)
    right.set_xlim(low, 1.45)
    right.set_xticks([t for t in (-1.0, -0.5, 0.0, 0.2, 0.4, 0.6, 0.8, 1.0) if t >= low])
    right.tick_params(axis="x", labelsize=8)
    right.set_xlabel("discrimination (corrected item-total correlation)", fontsize=9)
    right.set_title("Does it separate strong from weak?", loc="left")
    for ax in (left, right):
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_ylim(-0.7, len(stats) - 0.3)
    fig.suptitle(f"{assignment}: per question, {stats[0].n if stats else 0} submissions", x=0.01, ha="left")
    fig.tight_layout()
    return _save(fig, path)


def score_distribution(percent: Mapping[str, Mapping[str, float]], path: Path) -> Path:
    """Per assignment, each student's autograded score (%) as a dot; and a histogram of the overall score.

    `percent` maps assignment -> student -> percentage of the autograded points.
    """
    assignments = list(percent)
    students = sorted({s for scores in percent.values() for s in scores})
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(11, 4), gridspec_kw={"width_ratios": [max(len(assignments), 2), 2]}
    )
    for i, assignment in enumerate(assignments):
        values = [percent[assignment][s] for s in students if s in percent[assignment]]
        jitter = [i + (k - (len(values) - 1) / 2) * 0.06 for k in range(len(values))]
        left.scatter(jitter, values, s=36, alpha=0.8, color="tab:blue")
    left.set_xticks(range(len(assignments)), assignments, rotation=20)
    left.set_ylim(-5, 105)
    left.set_ylabel("autograded score (%)")
    left.set_title("Each student, each assignment")
    overall = [
        sum(percent[a][s] for a in assignments if s in percent[a]) / max(1, sum(s in percent[a] for a in assignments))
        for s in students
    ]
    right.hist(overall, bins=[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], color="tab:green", rwidth=0.9)
    right.set_xlabel("mean autograded score (%)")
    right.set_ylabel("students")
    right.set_title(f"Class of {len(students)}")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
