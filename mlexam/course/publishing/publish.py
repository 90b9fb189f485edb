"""`mlexam publish`: a learner-only copy of the course, what a public (Binder) repository should hold.

The copy has the release notebooks, the start page and explorers, the package the notebooks import
(without the instructor tools), `binder/`, the screenshots and a learner README. It has no
`source/`, no solutions, no hidden tests, no gradebook and no test corpus, and it is checked for
leaks before `publish` returns: every distinctive line of every source notebook's solutions and
hidden tests is searched for in every published file.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from mlexam.course import notebooks
from mlexam.course.authoring.leaks import find_leaks, judge_lines, secret_lines
from mlexam.course.coursedir import CONFIG_FILE, Course, CourseError

# Copied as they are (when they exist): the learner's material and what Binder needs to build it.
LEARNER_PATHS = ("release", "notebooks", "binder", "docs/learner", CONFIG_FILE)
INSTRUCTOR_PACKAGES = ("course",)  # mlexam.course: the instructor tools behind the `mlexam` command
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info", ".DS_Store")
KEPT_IN_DEST = {".git"}  # publishing into a clone of the public repository keeps its history

BINDER_URL = "https://mybinder.org/v2/gh/{repo}/HEAD?urlpath=lab/tree/notebooks/START_HERE.ipynb"
REPO_PLACEHOLDER = "<OWNER>/<REPO>"
REPO_NAME = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")


def binder_url(repo: str | None = None) -> str:
    """The Binder launch URL that opens JupyterLab at the start page, for GitHub repository `owner/name`."""
    return BINDER_URL.format(repo=repo or REPO_PLACEHOLDER)


def course_secrets(course: Course) -> set[str]:
    """The distinctive solution, hidden-test and judge lines of the course, and its judges' secret.

    A line that is secret in one notebook but printed in another's release version (a plain
    `losses.append(loss.item())`, say), or that stands in the learner's own package, is public
    already, and is not counted.
    """
    secrets: set[str] = set()
    markers = course.markers
    for path in sorted(course.source.glob("*/*.ipynb")):
        secrets |= secret_lines(notebooks.read(path), markers)
    secrets |= judge_lines(course.source)
    public = [cell.source for path in sorted(course.release.glob("*/*.ipynb")) for cell in notebooks.read(path).cells]
    public += [
        path.read_text(encoding="utf-8")
        for path in sorted((course.root / "mlexam").rglob("*.py"))
        if path.relative_to(course.root / "mlexam").parts[0] not in INSTRUCTOR_PACKAGES
    ]
    text = "\n".join(public)
    return {line for line in secrets if line not in text}


def published_files(root: Path) -> list[Path]:
    """Every file of a published copy, its git history aside."""
    return sorted(p for p in root.rglob("*") if p.is_file() and not (set(p.relative_to(root).parts) & KEPT_IN_DEST))


def publish(course: Course, dest: Path, repo: str | None = None, force: bool = False) -> list[Path]:
    """Write the learner-only copy of `course` to `dest`; return its files.

    `repo` (GitHub `owner/name` of the public repository) fills in the README's Binder badge.
    An existing, non-empty `dest` is replaced only with `force`, and its `.git` is kept.
    Raises CourseError if the copy would hold any solution or hidden-test text (and then leaves
    `dest` without it).
    """
    if repo is not None and not REPO_NAME.match(repo):
        raise CourseError(f"--repo must look like owner/name, got {repo!r}")
    dest = dest.resolve()
    _check_destination(course, dest, force)
    _clear(dest)
    for name in LEARNER_PATHS:
        source = course.root / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=SKIPPED)
        elif source.is_file():
            shutil.copy2(source, dest / name)
    shutil.copytree(
        course.root / "mlexam",
        dest / "mlexam",
        ignore=lambda folder, names: [*SKIPPED(folder, names), *_instructor_packages(course, folder, names)],
    )
    (dest / "pyproject.toml").write_text(learner_pyproject((course.root / "pyproject.toml").read_text("utf-8")))
    (dest / "README.md").write_text(learner_readme(repo), encoding="utf-8")
    (dest / ".gitignore").write_text("__pycache__/\n*.egg-info/\n.ipynb_checkpoints/\n.venv/\n", encoding="utf-8")

    files = published_files(dest)
    leaks = find_leaks(course_secrets(course), files, course.markers)
    if leaks:
        _clear(dest)
        raise CourseError("the learner copy would leak solutions or hidden tests:\n  " + "\n  ".join(leaks))
    return files


def learner_pyproject(text: str) -> str:
    """The course's pyproject.toml without the `mlexam` command, whose instructor tools are not published."""
    return re.sub(r"^\[project\.scripts\]\n(?:(?!\[).*\n)*", "", text, flags=re.MULTILINE)


def _instructor_packages(course: Course, folder: str, names: list[str]) -> list[str]:
    return [n for n in names if Path(folder) == course.root / "mlexam" and n in INSTRUCTOR_PACKAGES]


def _check_destination(course: Course, dest: Path, force: bool) -> None:
    if course.root.is_relative_to(dest):
        raise CourseError(f"{dest} holds the course itself: publish to a folder outside it")
    for name in (*LEARNER_PATHS, "mlexam", "source"):
        if dest.is_relative_to(course.root / name):
            raise CourseError(f"{dest} is inside the course's {name}: publish to a folder outside it")
    if dest.exists() and not dest.is_dir():
        raise CourseError(f"{dest} is a file, not a folder")
    if dest.exists() and not force and any(p.name not in KEPT_IN_DEST for p in dest.iterdir()):
        raise CourseError(f"{dest} is not empty: pass --force to replace its contents (a .git folder is kept)")


def _clear(dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for entry in dest.iterdir():
        if entry.name in KEPT_IN_DEST:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def learner_readme(repo: str | None = None) -> str:
    """The README of the learner copy: what the course is, how to launch it, what is where."""
    fill_in = (
        ""
        if repo
        else (
            "\n> Maintainers: replace `<OWNER>/<REPO>` in the badge's link with this repository's GitHub "
            "owner and name\n> (or publish with `mlexam publish DEST --repo owner/name`).\n"
        )
    )
    return f"""# ML Teams exam: hands-on, autograded notebooks

[![Launch on Binder](https://mybinder.org/badge_logo.svg)]({binder_url(repo)})
{fill_in}
The lecture *ML Teams* (Full Stack Deep Learning: Tobin, Karayev, Abbeel) ends with a practice exam
"designed to help you prepare for ML engineering interviews, take on your own time": problem setup,
algorithm knowledge, common conventions, ML theory and ML debugging. These notebooks turn that exam
into experiments you run yourself, in
PyTorch, on a CPU, each in a few seconds, and they are autograded with
[nbgrader](https://nbgrader.readthedocs.io).

## Start

**In your browser:** click *launch binder* above. JupyterLab opens at `notebooks/START_HERE.ipynb`,
the course map, with everything installed. Binder sessions are temporary: download your notebooks
to keep your work.

**On your machine** (Python 3.10 or newer):

```bash
python -m venv .venv && source .venv/bin/activate
pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu   # the CPU build
pip install -e .
jupyter lab notebooks/START_HERE.ipynb
```

![The start page](docs/learner/start_page.png)

## What is where

| folder | what it holds |
|---|---|
| `notebooks/START_HERE.ipynb` | the course map, how to work and validate an assignment, how grading works |
| `release/<assignment>/*.ipynb` | the six graded notebooks: write your answers in them |
| `notebooks/*.ipynb` | ungraded explorers: a learning-curve lab, a loss explorer, a gradient-flow explorer |
| `mlexam/` | the helpers the notebooks import (data, models, plots, explorers, test helpers) |
| `binder/` | how Binder builds the environment |
| `docs/learner/` | the screenshots in this README |

Before you submit a notebook, restart the kernel and run all cells, then press **Validate** in the
notebook's toolbar: it runs the notebook from scratch and reports whether every visible test
passes. Hidden tests run when your notebook is graded.
"""
