"""Item statistics of a graded assignment: pure functions of a score table.

A score table maps student -> question -> points; `max_points` maps question -> the most a
question can give. Per question:

- `mean`: mean points; `mean_percent`: mean points as a share of the maximum (classical test
  theory calls this the item's *facility* or p-value);
- `full_marks`: the share of students with all of the question's points;
- `difficulty`: 1 - mean/max, so 0 means everybody got full marks and 1 that nobody scored;
- `discrimination`: the **corrected item-total correlation**, the Pearson correlation between a
  student's points on the question and their points on *all other* questions of the assignment
  (for a question scored 0/1 this is the point-biserial correlation). It uses every student and
  partial credit, and it does not reward a question for correlating with itself, which matters
  with few questions. It is undefined (None, with a note) when the question or the rest of the
  assignment gives everybody the same points, or with fewer than 3 students;
- `upper_lower`: Kelley's upper-lower index, the mean share of the question's points in the top
  27% of students by total minus that in the bottom 27% (at least one student per group); easier
  to explain to colleagues, noisier in small classes; reported next to it.

Rules of thumb for both (Ebel & Frisbie): >= 0.4 very good, 0.3-0.4 good, 0.2-0.3 fair, below 0.2
poor, negative: strong students fail it more than weak ones; check the question and its tests.
With fewer than 10 students the numbers are indicative only, and the report says so.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ScoreTable = Mapping[str, Mapping[str, float]]
UPPER_LOWER_SHARE = 0.27
SMALL_CLASS = 10


@dataclass(frozen=True)
class QuestionStats:
    """The statistics of one question over a class."""

    question: str
    max_points: float
    n: int
    mean: float
    mean_percent: float
    full_marks: float
    difficulty: float
    discrimination: float | None
    upper_lower: float | None
    note: str

    @property
    def verdict(self) -> str:
        """A word for the discrimination: very good, good, fair, poor, negative, or n/a."""
        return verdict(self.discrimination)


@dataclass(frozen=True)
class ClassStats:
    """The whole assignment: totals in percent of the points, and Cronbach's alpha."""

    n: int
    max_points: float
    mean_percent: float
    median_percent: float
    sd_percent: float
    min_percent: float
    max_percent: float
    alpha: float | None


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def variance(values: Sequence[float]) -> float:
    """Population variance (0 for fewer than two values)."""
    if len(values) < 2:
        return 0.0
    m = mean(values)
    return sum((v - m) ** 2 for v in values) / len(values)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """The correlation of two equally long sequences; None when either does not vary."""
    if len(xs) != len(ys):
        raise ValueError("pearson needs sequences of equal length")
    vx, vy = variance(xs), variance(ys)
    if len(xs) < 2 or vx <= 1e-12 or vy <= 1e-12:
        return None
    mx, my = mean(xs), mean(ys)
    cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / len(xs)
    return max(-1.0, min(1.0, cov / math.sqrt(vx * vy)))


def totals(scores: ScoreTable, questions: Sequence[str]) -> dict[str, float]:
    """Each student's points over `questions` (a missing entry counts 0)."""
    return {s: sum(per_q.get(q, 0.0) for q in questions) for s, per_q in scores.items()}


def upper_lower_index(shares: Mapping[str, float], total: Mapping[str, float]) -> float | None:
    """Mean share of a question's points in the top 27% by total minus that in the bottom 27%.

    Ties in the total are broken by student id, so the result does not depend on input order.
    None with fewer than two students.
    """
    students = sorted(shares, key=lambda s: (total[s], s))
    if len(students) < 2:
        return None
    k = max(1, round(UPPER_LOWER_SHARE * len(students)))
    k = min(k, len(students) // 2)
    low, high = students[:k], students[-k:]
    return mean([shares[s] for s in high]) - mean([shares[s] for s in low])


def question_stats(scores: ScoreTable, max_points: Mapping[str, float]) -> list[QuestionStats]:
    """The statistics of every question in `max_points` (in its order) over the students of `scores`."""
    questions = list(max_points)
    students = sorted(scores)
    total = totals(scores, questions)
    result = []
    for q in questions:
        top = max_points[q]
        points = [scores[s].get(q, 0.0) for s in students]
        shares = {s: (scores[s].get(q, 0.0) / top if top else 0.0) for s in students}
        rest = [total[s] - scores[s].get(q, 0.0) for s in students]
        n = len(students)
        m = mean(points)
        discrimination = pearson(points, rest) if n >= 3 else None
        upper_lower = upper_lower_index(shares, total) if n >= 2 else None
        result.append(
            QuestionStats(
                question=q,
                max_points=top,
                n=n,
                mean=m,
                mean_percent=100.0 * m / top if top else 0.0,
                full_marks=mean([1.0 if top and p >= top - 1e-9 else 0.0 for p in points]),
                difficulty=1.0 - m / top if top else 0.0,
                discrimination=discrimination,
                upper_lower=upper_lower,
                note=_note(points, rest, n),
            )
        )
    return result


def _note(points: Sequence[float], rest: Sequence[float], n: int) -> str:
    if n == 0:
        return "no submissions"
    if n < 3:
        return "too few students for a discrimination index"
    if variance(points) <= 1e-12:
        return "everybody scored the same: it cannot separate students"
    if variance(rest) <= 1e-12:
        return "the other questions give everybody the same points: no total to compare with"
    return ""


def cronbach_alpha(scores: ScoreTable, questions: Sequence[str]) -> float | None:
    """Cronbach's alpha of the assignment (KR-20 for 0/1 questions); None if undefined."""
    k = len(questions)
    students = sorted(scores)
    if k < 2 or len(students) < 2:
        return None
    item_var = sum(variance([scores[s].get(q, 0.0) for s in students]) for q in questions)
    total_var = variance(list(totals(scores, questions).values()))
    if total_var <= 1e-12:
        return None
    return k / (k - 1) * (1 - item_var / total_var)


def class_stats(scores: ScoreTable, max_points: Mapping[str, float]) -> ClassStats:
    """The distribution of the students' totals, in percent of the points in `max_points`."""
    questions = list(max_points)
    full = sum(max_points.values())
    percents = sorted(100.0 * t / full if full else 0.0 for t in totals(scores, questions).values())
    n = len(percents)
    if n == 0:
        median = 0.0
    elif n % 2:
        median = percents[n // 2]
    else:
        median = (percents[n // 2 - 1] + percents[n // 2]) / 2
    return ClassStats(
        n=n,
        max_points=full,
        mean_percent=mean(percents),
        median_percent=median,
        sd_percent=math.sqrt(variance(percents)),
        min_percent=percents[0] if percents else 0.0,
        max_percent=percents[-1] if percents else 0.0,
        alpha=cronbach_alpha(scores, questions),
    )


def verdict(index: float | None) -> str:
    """Ebel's reading of a discrimination index."""
    if index is None:
        return "n/a"
    if index < 0:
        return "negative"
    if index < 0.2:
        return "poor"
    if index < 0.3:
        return "fair"
    if index < 0.4:
        return "good"
    return "very good"
