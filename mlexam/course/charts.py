"""Charts of grading results, written as PNG files."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


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
