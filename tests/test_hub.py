"""A class on a real JupyterHub, in a real browser: release, fetch, submit, collect, grade, feedback.

`mlexam hub setup` and `mlexam hub start` on 127.0.0.1 with three real unix users (PAM logins, one
server per user in its own home, nbgrader's exchange in a shared folder), driven in Debian's Chromium
through Playwright:

- the instructor generates and releases `ml_teams` with Formgrader's buttons;
- each student logs in, fetches it from the Assignments tab, answers, validates and submits there.
  What is typed and what is placed: each student's written answer (`team_answer`) is typed into the
  notebook in the browser and saved there; the code answers (the reference answers of every question
  for the full student, of `roles` and `stalls` only for the partial one) are placed into the fetched
  notebook by the test, as that unix user, before the notebook is opened (typing whole functions into
  the editor would only test CodeMirror's auto-indent);
- the instructor collects with Formgrader, runs `mlexam autograde` (sandboxed) as the instructor's unix
  user in the course folder, grades the full student's written answer in Formgrader, and generates and
  releases feedback there;
- each student fetches feedback from the Assignments tab and sees their own scores and no hidden test.

The gradebook is checked against the scores of what was submitted, and the OS against a student listing the
exchange's inbound, reading the other's home or the instructor's course. Screenshots of each step go to the
test's folder, and to docs/hub/ when $MLEXAM_SCREENSHOTS is set. Users, homes and the hub are removed at the end.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import MLEXAM, ROOT
from support.feedback import judge_code_lines, visible_text
from support.lab_browser import VIEWPORT, LabPage, chromium, free_port

from mlexam.course import notebooks
from mlexam.course.hub.config import HubLayout
from mlexam.course.hub.roster import remove_account

pytestmark = pytest.mark.browser

ASSIGNMENT = NOTEBOOK = "ml_teams"
COURSE = "ml-teams-exam"
ENV = Path("/srv/mlexam-hub/env")  # the hub's software, shared with `make hub` (built once, by setup)
INSTRUCTOR, FULL, PARTIAL = "mlx-teacher", "mlx-ada", "mlx-bob"
PARTIAL_QUESTIONS = ("roles", "stalls")
WRITTEN = "team_answer"
TYPED = {
    FULL: "A central ML team with embedded engineers: shared tools and research, and product teams own the data.",
    PARTIAL: "Put the ML people inside the product team.",
}
MANUAL_SCORE = 2.0  # what the instructor gives the full student's written answer


def run_as(user: str, *command: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", user, "--", *command], cwd=cwd, capture_output=True, text=True)


def home(user: str) -> Path:
    import pwd

    return Path(pwd.getpwnam(user).pw_dir)


class HubUser:
    """One user's browser context logged into the hub: `url()` opens JupyterLab as `LabPage` expects."""

    command = LabPage.command
    screenshot = LabPage.screenshot

    def __init__(self, browser, base: str, name: str, password: str, shots: list[Path]) -> None:
        self.name = name
        self.base = base
        self.shots = shots
        self.context = browser.new_context(viewport=VIEWPORT)
        self.page = self.context.new_page()
        self.page.goto(f"{base}/hub/login")
        self.page.fill("#username_input", name)
        self.page.fill("#password_input", password)
        self.page.click("#login_submit")  # the hub starts the user's server now; `ready()` waits for it

    def ready(self) -> HubUser:
        self.page.wait_for_url(re.compile(rf"/user/{self.name}/lab"), timeout=180_000)
        return self

    def url(self, path: str) -> str:
        return f"{self.base}/user/{self.name}/lab/workspaces/t{secrets.token_hex(6)}/tree/{path}?reset"

    def restored(self) -> None:
        """Wait until JupyterLab has restored its workspace: a panel opened before would be closed by it."""
        self.page.wait_for_function(
            "() => window.jupyterapp && window.jupyterapp.commands.hasCommand('nbgrader:open-assignment-list')",
            timeout=120_000,
        )
        self.page.evaluate("() => window.jupyterapp.restored.then(() => true)")

    def formgrader(self, path: str = "") -> None:
        self.page.goto(f"{self.base}/user/{self.name}/formgrader{path}")


def expected_points(source: notebooks.NotebookNode, answered: set[str]) -> float:
    """Autograded points of the answered questions' test cells (the reference answers earn them all)."""
    questions = notebooks.question_ids(source)
    return sum(
        float(cell.metadata["nbgrader"]["points"])
        for cell in source.cells
        if (test := notebooks.grade_id(cell)) in notebooks.test_ids(source)
        and notebooks.question_of(test, questions) in answered
    )


def formgrader_action(user: HubUser, css: str, timeout: float = 180.0) -> None:
    """Click one of Formgrader's buttons in the assignment's row and wait for its success dialog."""
    row = user.page.locator("tbody tr", has_text=ASSIGNMENT).first
    row.locator(f"{css} a").first.click()
    user.page.locator("#success-modal, #error-modal").wait_for(timeout=timeout * 1000)
    assert user.page.locator("#error-modal").count() == 0, user.page.locator("#error-modal").inner_text()
    user.page.locator("#success-modal .modal-footer button").first.click()
    user.page.locator("#success-modal").wait_for(state="detached")


def assignment_list(user: HubUser) -> None:
    """The Assignments tab, in front and refreshed, in the JupyterLab the user's page shows."""
    user.restored()
    user.command("nbgrader:open-assignment-list")
    user.page.locator("#released_assignments_list").wait_for(timeout=30_000)
    user.page.locator("#refresh_assignments_list").click()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> list[Path]:
    folders = [tmp_path_factory.mktemp("hub-shots")]
    if os.environ.get("MLEXAM_SCREENSHOTS"):
        folders.append(ROOT / "docs" / "hub")
        folders[-1].mkdir(parents=True, exist_ok=True)
    return folders


@pytest.fixture(scope="module")
def hub():
    """A hub set up from a roster of three, started on a free port; stopped and its users removed after."""
    if shutil.which("bwrap") is None:
        pytest.fail("bubblewrap is missing: `mlexam autograde` grades in its sandbox (make system-deps)")
    if os.geteuid() != 0:
        pytest.fail("the hub test creates unix users: run it as root")
    root = Path(f"/srv/mlx-test-{secrets.token_hex(4)}")
    root.mkdir(parents=True)
    root.chmod(0o755)
    passwords = {user: secrets.token_urlsafe(12) for user in (INSTRUCTOR, FULL, PARTIAL)}
    roster = root / "roster.csv"
    roster.write_text(
        "username,role,password\n"
        + "".join(f"{u},{'instructor' if u == INSTRUCTOR else 'student'},{p}\n" for u, p in passwords.items())
    )
    layout = HubLayout.at(root, ENV)
    where = ["--dir", str(root), "--env", str(ENV)]
    try:
        done = subprocess.run(
            [*MLEXAM, "hub", "setup", str(roster), *where, "--home-base", str(root / "home"), "--course", str(ROOT)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        for user in passwords:  # the test reads JupyterLab's state through window.jupyterapp
            config = home(user) / ".jupyter" / "jupyter_lab_config.py"
            config.write_text("c.LabApp.expose_app_in_browser = True\n")
            shutil.chown(config, user, user)
        port = free_port()
        done = subprocess.run([*MLEXAM, "hub", "start", *where, "--port", str(port)], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr + layout.log_file.read_text()[-3000:]
        yield f"http://127.0.0.1:{port}", passwords, layout
    finally:
        subprocess.run([*MLEXAM, "hub", "stop", *where], capture_output=True)
        for user in passwords:
            remove_account(user)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def processes_of(user: str) -> Iterator[Path]:
    """The /proc folders of a user's processes (the single-user server and its kernels)."""
    import pwd

    uid = pwd.getpwnam(user).pw_uid
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if re.search(rf"^Uid:\s+{uid}\s", (proc / "status").read_text(), re.M):
                yield proc
        except OSError:
            continue


def memory_of(user: str) -> float:
    """MB resident in all of a user's processes."""
    total = 0
    for proc in processes_of(user):
        try:
            if rss := re.search(r"^VmRSS:\s+(\d+) kB", (proc / "status").read_text(), re.M):
                total += int(rss.group(1))
        except OSError:
            continue
    return total / 1024


def kernel_threads(user: str) -> set[str]:
    """OMP_NUM_THREADS as each of a user's kernels has it ("unset" where it has none)."""
    found = set()
    for proc in processes_of(user):
        try:
            if b"ipykernel" in (proc / "cmdline").read_bytes():
                env = dict(v.split(b"=", 1) for v in (proc / "environ").read_bytes().split(b"\0") if b"=" in v)
                found.add(env.get(b"OMP_NUM_THREADS", b"unset").decode())
        except OSError:
            continue
    return found


def save(nb: LabPage) -> None:
    nb.command("docmanager:save")
    nb.page.wait_for_function(
        "() => !window.jupyterapp.shell.currentWidget.context.model.dirty", timeout=30_000, polling=200
    )


def student_submits(student: HubUser, answers: dict[str, str]) -> float:
    """Fetch, answer (placed code, typed written answer), run, validate and submit; the user's MB after."""
    user, nb = student.name, student.ready()
    assignment_list(student)
    released = nb.page.locator("#released_assignments_list .list_item", has_text=ASSIGNMENT)
    released.wait_for(timeout=60_000)
    nb.screenshot(f"{user}_1_released")
    released.get_by_role("button", name="Fetch").click()
    fetched_nb = home(user) / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    nb.page.locator("#fetched_assignments_list .list_item", has_text=ASSIGNMENT).first.wait_for(timeout=60_000)
    assert fetched_nb.is_file(), f"Fetch did not put {fetched_nb} in {user}'s home"
    # the code answers, placed as the student (see the module's docstring)
    answered = notebooks.with_answers(notebooks.read(fetched_nb), answers)
    staged = fetched_nb.parent.parent / ".answered.ipynb"
    notebooks.write(answered, staged)
    shutil.chown(staged, user, user)
    assert run_as(user, "mv", str(staged), str(fetched_nb)).returncode == 0

    work = LabPage(student.page, student, f"{ASSIGNMENT}/{NOTEBOOK}.ipynb", student.shots)
    work.command("application:toggle-left-area")
    work.wait_for_kernel()
    index = work.page.evaluate(
        """(id) => window.jupyterapp.shell.currentWidget.content.widgets.findIndex(
               (c) => (c.model.getMetadata('nbgrader') || {}).grade_id === id)""",
        WRITTEN,
    )
    assert index >= 0
    cell = work.page.locator(".jp-Notebook .jp-Cell").nth(index)
    cell.scroll_into_view_if_needed()
    cell.locator(".jp-MarkdownOutput").dblclick()  # a rendered markdown cell opens its editor
    editor = cell.locator(".cm-content")
    editor.press("Control+a")
    editor.press_sequentially(TYPED[user], delay=5)
    work.page.keyboard.press("Shift+Enter")
    save(work)
    if user == FULL:  # a kernel that ran the whole notebook, for the memory a class needs
        work.run_all()
        save(work)
    work.page.evaluate(
        "(i) => window.jupyterapp.shell.currentWidget.content.widgets[i].node.scrollIntoView({block: 'center'})", index
    )
    mb = memory_of(user)
    assert kernel_threads(user) == {"2"}, "each kernel's PyTorch limited to two threads (Spawner.environment)"
    saved = notebooks.read(fetched_nb)
    assert next(c.source for c in saved.cells if notebooks.grade_id(c) == WRITTEN) == TYPED[user]
    work.screenshot(f"{user}_2_answered")

    assignment_list(student)
    fetched = nb.page.locator("#fetched_assignments_list")
    fetched.locator(".list_item", has_text=ASSIGNMENT).first.wait_for(timeout=90_000)
    validate = fetched.locator(".nested_list_item", has_text=NOTEBOOK).get_by_role("button", name="Validate")
    for _ in range(30):  # unfold its notebooks (again if the list refreshed itself folded)
        if validate.is_visible():
            break
        link = fetched.locator("a.assignment-notebooks-link", has_text=ASSIGNMENT)
        if link.get_attribute("aria-expanded") != "true":
            link.click()
        nb.page.wait_for_timeout(1000)
    validate.click()
    dialog = nb.page.locator(".jp-Dialog", has_text="Validation Results")
    dialog.locator(".validation-success, .validation-failed, .validation-passed, .validation-changed").wait_for(
        timeout=180_000
    )
    nb.screenshot(f"{user}_3_validated")
    assert (dialog.locator(".validation-success").count() > 0) == (user == FULL), dialog.inner_text()
    dialog.get_by_role("button").last.click()
    fetched.get_by_role("button", name="Submit").first.click()
    nb.page.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT).first.wait_for(timeout=60_000)
    nb.screenshot(f"{user}_4_submitted")
    return mb


def test_a_class_on_the_hub_release_fetch_submit_collect_grade_feedback(hub, browser, shots, capsys):
    started = time.monotonic()

    def step(name: str) -> None:
        with capsys.disabled():
            print(f"\n{time.monotonic() - started:6.1f} s  {name}", end="")

    base, passwords, layout = hub
    course = home(INSTRUCTOR) / COURSE
    source = notebooks.read(course / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb")
    reference = notebooks.reference_answers(source)
    questions = set(notebooks.question_ids(source)) - set(notebooks.written_ids(source))
    submitted = {FULL: reference, PARTIAL: {q: reference[q] for q in PARTIAL_QUESTIONS}}
    expected = {FULL: expected_points(source, questions), PARTIAL: expected_points(source, set(PARTIAL_QUESTIONS))}
    assert 0 < expected[PARTIAL] < expected[FULL]

    # the instructor: Formgrader generates and releases the assignment
    teacher = HubUser(browser, base, INSTRUCTOR, passwords[INSTRUCTOR], shots)
    students = {user: HubUser(browser, base, user, passwords[user], shots) for user in submitted}  # servers start
    teacher.ready()
    teacher.formgrader()
    teacher.page.locator("tbody tr", has_text=ASSIGNMENT).first.wait_for(timeout=60_000)
    formgrader_action(teacher, ".assign")
    formgrader_action(teacher, ".release")
    teacher.page.locator("tbody tr", has_text=ASSIGNMENT).first.locator(".status").get_by_text("released").wait_for()
    teacher.screenshot("instructor_1_released")

    # each student: fetch, answer, validate, submit
    step("instructor released")
    memory = {}
    for user in submitted:
        memory[user] = student_submits(students[user], submitted[user])
        step(f"{user} submitted")

    # the OS keeps them apart: the exchange's inbound cannot be listed, and a submission's folder ends in 72
    # random bits (nbgrader's design: its files are readable to whoever knows that name); homes and the
    # instructor's course are closed
    inbound = layout.exchange / COURSE / "inbound"
    (ada_submission,) = inbound.glob(f"{FULL}+{ASSIGNMENT}+*")
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}", ada_submission.name.rsplit("+", 1)[1]), ada_submission.name
    closed = [
        inbound,
        home(FULL),
        home(FULL) / ASSIGNMENT / f"{NOTEBOOK}.ipynb",
        course / "source",
        course / "source" / ASSIGNMENT / f"{NOTEBOOK}_judge.py",
    ]
    for path in closed:
        denied = run_as(PARTIAL, "cat" if path.suffix else "ls", str(path))
        assert denied.returncode != 0 and "Permission denied" in denied.stderr, (path, denied.stdout[:200])
    step("students kept apart")

    # the instructor collects in Formgrader and grades with `mlexam autograde`, as the instructor's unix user
    teacher.formgrader()
    formgrader_action(teacher, ".collect")
    graded = run_as(INSTRUCTOR, str(ENV / "bin" / "mlexam"), "autograde", ASSIGNMENT, "--sandbox", "bwrap", cwd=course)
    assert graded.returncode == 0, graded.stdout[-3000:] + graded.stderr[-3000:]
    step("collected and autograded")

    # ... grades the full student's written answer in Formgrader
    from nbgrader.api import Gradebook

    gradebook = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(gradebook) as gb:
        submission_id = gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, FULL).id
    teacher.formgrader(f"/submissions/{submission_id}/")
    score = teacher.page.locator(f"input.score#{WRITTEN}")
    score.fill(f"{MANUAL_SCORE:g}")
    score.press("Tab")
    score.scroll_into_view_if_needed()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with Gradebook(gradebook) as gb:
            if gb.find_grade(WRITTEN, NOTEBOOK, ASSIGNMENT, FULL).manual_score == MANUAL_SCORE:
                break
        time.sleep(0.5)
    teacher.screenshot("instructor_2_manual_grade")

    # ... generates and releases feedback through the exchange
    teacher.formgrader()
    formgrader_action(teacher, ".generate-feedback")
    formgrader_action(teacher, ".release-feedback")
    teacher.screenshot("instructor_3_feedback_released")
    step("graded by hand, feedback released")

    # the gradebook against what was submitted
    with Gradebook(gradebook) as gb:
        for user, points in expected.items():
            nb = gb.find_submission_notebook(NOTEBOOK, ASSIGNMENT, user)
            assert nb.code_score == pytest.approx(points), user
            assert nb.score == pytest.approx(points + (MANUAL_SCORE if user == FULL else 0)), user
        assert gb.find_grade(WRITTEN, NOTEBOOK, ASSIGNMENT, PARTIAL).needs_manual_grade

    # each student fetches feedback: their own scores, no hidden test, no judge
    secrets_ = judge_code_lines(course / "source" / ASSIGNMENT / f"{NOTEBOOK}_judge.py")
    public = "\n".join(cell.source for cell in source.cells)
    secrets_ = {s for s in secrets_ if s not in public}
    for user in expected:
        student = nb = students[user]
        assignment_list(student)
        row = nb.page.locator("#submitted_assignments_list .list_item", has_text=ASSIGNMENT).first
        row.wait_for(timeout=60_000)
        row.get_by_role("button", name="Fetch Feedback").click()
        feedback = sorted((home(user) / ASSIGNMENT / "feedback").glob(f"*/{NOTEBOOK}.html"))
        deadline = time.monotonic() + 60
        while not feedback and time.monotonic() < deadline:
            time.sleep(0.5)
            feedback = sorted((home(user) / ASSIGNMENT / "feedback").glob(f"*/{NOTEBOOK}.html"))
        assert feedback, f"{user} got no feedback"
        text = visible_text(feedback[-1].read_text())
        total = expected[user] + (MANUAL_SCORE if user == FULL else 0)
        assert re.search(rf"Score:\s*{total:g}(\.0+)?\s*/", text), (user, text[:500])
        assert "BEGIN HIDDEN TESTS" not in text
        leaked = [s for s in secrets_ if s in text]
        assert not leaked, f"{user}'s feedback shows the judge's code: {leaked[:3]}"
        relative = feedback[-1].relative_to(home(user))
        nb.page.goto(f"{base}/user/{user}/files/{relative}")
        nb.page.get_by_text("Score").first.wait_for()
        nb.screenshot(f"{user}_5_feedback")
        other = FULL if user == PARTIAL else PARTIAL
        assert run_as(user, "ls", str(home(other))).returncode != 0
        student.context.close()
        step(f"{user} read feedback")

    wall = time.monotonic() - started
    with capsys.disabled():
        print(f"\nhub class test: {wall:.0f} s; memory per user: {memory}")
