"""The engine's parts on their own (seconds): plain-data round trips, the sandbox with real bubblewrap."""

from __future__ import annotations

import ast
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from support import ROOT
from traitlets.config.loader import PyFileConfigLoader

from mlexam.course import module_names
from mlexam.course.grading import sandbox
from mlexam.course.grading.kernel import describe
from mlexam.course.grading.progress import last_records, read_records
from mlexam.course.grading.tasks import (
    FAILED,
    CellGrade,
    InputFile,
    Limits,
    NotebookResult,
    Result,
    TamperFinding,
    Task,
    TimingRecord,
    zero_notebooks,
)
from mlexam.course.reporting.feedback import FEEDBACK_PREPROCESSORS

needs_bwrap = pytest.mark.skipif(shutil.which("bwrap") is None, reason="bubblewrap is not installed")
SPEC = {
    "alembic_version": "abc",
    "name": "tiny",
    "duedate": None,
    "notebooks": [
        {
            "name": "tiny",
            "kernelspec": None,
            "grade_cells": [
                {"name": "test_a", "max_score": 2.0, "cell_type": "code"},
                {"name": "why", "max_score": 1.0, "cell_type": "markdown"},
            ],
            "solution_cells": [{"name": "a"}, {"name": "why"}],
            "task_cells": [{"name": "task", "max_score": 3.0, "cell_type": "markdown"}],
            "source_cells": [],
        }
    ],
}


@pytest.mark.unit
def test_a_task_travels_as_json_and_back(tmp_path):
    task = Task("tiny", "ada", "course", "c = get_config()", SPEC, [InputFile.of("a.ipynb", b"{}")], [])
    back = Task.from_json(task.to_json())
    assert back == task and back.submitted[0].content() == b"{}"
    assert isinstance(back.limits, Limits)
    forged = InputFile("a.ipynb", task.submitted[0].sha256, InputFile.of("a.ipynb", b"[]").data)
    with pytest.raises(ValueError, match="does not match its sha256"):
        forged.content()


@pytest.mark.unit
def test_a_result_travels_as_json_and_back():
    grades = [CellGrade("test_a", "code", 2.0, 2.0, False), CellGrade("why", "markdown", None, 1.0, True)]
    tamper = [TamperFinding("cell_edited", "a locked cell's source was changed", "test_a", "tiny")]
    result = Result("tiny", "ada", "graded", notebooks=[NotebookResult("tiny", grades, [], text="{}")], tamper=tamper)
    back = Result.from_json(result.to_json())
    assert back == result and back.auto_score() == (2.0, 2.0)


@pytest.mark.unit
def test_a_failed_submission_is_zero_and_flagged_for_a_person():
    [nb] = zero_notebooks(SPEC)
    by_name = {(g.name, g.task): g for g in nb.grades}
    assert by_name["test_a", False].auto_score == 0.0 and by_name["test_a", False].needs_manual_grade
    assert by_name["why", False].auto_score is None  # written answers wait for a person, as usual
    assert by_name["task", True].auto_score is None
    assert {(c.name, c.task) for c in nb.comments} == {("a", False), ("why", False), ("task", True)}


@pytest.mark.unit
def test_timing_records_keep_the_report_fields_and_tolerate_new_ones(tmp_path):
    result = Result("tiny", "ada", FAILED, reason="timed out", notebooks=zero_notebooks(SPEC), seconds=1.5)
    line = json.loads(TimingRecord.of(result).to_json())
    fields = ["assignment", "student", "status", "reason", "seconds", "execute_seconds", "started", "finished"]
    assert {*fields, "worker", "sandbox", "score", "max_score"} <= set(line)
    assert line["score"] == 0.0 and line["max_score"] == 2.0
    log = tmp_path / "tiny.jsonl"
    newer = {**line, "student": "bob", "status": "graded", "tamper": ["edited a test cell"], "new_field": 1}
    wrong = [{**line, "status": "done"}, {**line, "seconds": "1.5"}, {**line, "student": None}, [line]]
    lines = [json.dumps(line), json.dumps(newer), *map(json.dumps, wrong), '{"assignment": "tiny", "stud']
    log.write_text("\n".join(lines))
    records, bad = read_records(log)  # a line cut short by a kill, or of another shape, is not a record
    assert [r.student for r in records] == ["ada", "bob"] and bad == [3, 4, 5, 6, 7]
    assert records[1].tamper == [TamperFinding("?", "edited a test cell")]
    assert set(last_records(log)) == {"ada", "bob"} and last_records(log)["bob"].status == "graded"


@pytest.mark.unit
def test_kernel_ends_are_described_in_words():
    assert describe(3) == "exited with code 3"
    assert describe(-9) == "killed by SIGKILL"
    assert describe(128 + signal.SIGXCPU) == "killed by SIGXCPU"  # bubblewrap's way of reporting a signal


@pytest.mark.unit
def test_the_bubblewrap_command_binds_packages_and_never_the_course(tmp_path):
    hidden = [ROOT / "source", ROOT / "nbgrader_config.py", ROOT / "gradebook.db", ROOT / "submitted"]
    work = tmp_path / "work"
    cmd = sandbox.bwrap_command([(work, work)], hidden, tmp_path, as_root=True, workdir=work)
    binds = {cmd[i + 2]: cmd[i] for i, arg in enumerate(cmd) if arg in ("--bind", "--ro-bind", "--ro-bind-try")}
    assert binds[str(work)] == "--bind" and binds["/usr"] == "--ro-bind"
    assert binds[sys.prefix] == "--ro-bind"  # the virtualenv, read-only
    for path in [*hidden, ROOT]:
        assert not any(dest == str(path) or str(path).startswith(dest + "/") for dest in binds), path
    assert "--unshare-net" in cmd and "--unshare-pid" in cmd and "--die-with-parent" in cmd


def sandboxed(tmp_path: Path, code: str, limits: Limits | None = None) -> subprocess.CompletedProcess:
    """Run `code` as a kernel would run: bubblewrap, limits, the sandbox's user."""
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    uid = sandbox.SANDBOX_UID_BASE + os.getpid() if os.geteuid() == 0 else None
    if uid is not None:
        os.chown(work, uid, uid)
    etc = sandbox.write_etc(tmp_path / "etc", uid or os.getuid())
    hidden = [ROOT / "source", ROOT / "nbgrader_config.py", ROOT / "release"]
    cmd = sandbox.bwrap_command([(work, work)], hidden, etc, uid is not None, work)
    config = json.dumps({"rlimits": sandbox.rlimits(limits or Limits()), "uid": uid})
    cmd += ["--", sys.executable, "-I", "-S", "-c", sandbox.LAUNCH, config, sys.executable, "-c", code]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


@pytest.mark.integration
@needs_bwrap
def test_the_sandbox_sees_the_packages_but_not_the_course(tmp_path):
    code = f"""
import os, mlexam.testkit, torch
print("uid", os.getuid(), "caps", open("/proc/self/status").read().split("CapEff:")[1].split()[0])
print("listing", sorted(os.listdir({str(ROOT)!r})))
for path in [{str(ROOT / "source")!r}, {str(ROOT / "nbgrader_config.py")!r}, "/etc/shadow", "/home"]:
    print(path, "visible" if os.path.exists(path) else "hidden")
print("etc", sorted(os.listdir("/etc")))
"""
    run = sandboxed(tmp_path, code)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "listing ['.venv', 'mlexam']" in out, out  # the venv and the package the notebooks import
    assert out.count("hidden") == 4, out
    assert "shadow" not in out.split("etc")[-1] and "passwd" in out  # a few files of /etc, made or chosen
    assert "caps 0000000000000000" in out
    if os.geteuid() == 0:
        assert "uid 0 " not in out


@pytest.mark.integration
@needs_bwrap
def test_the_sandbox_has_no_network(tmp_path):
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.5)
    port = server.getsockname()[1]
    code = f"""
import socket
for address in [("127.0.0.1", {port}), ("1.1.1.1", 53)]:
    try:
        socket.create_connection(address, timeout=2)
        print("connected")
    except OSError as e:
        print("blocked", type(e).__name__)
"""
    run = sandboxed(tmp_path, code)
    with pytest.raises(TimeoutError):
        server.accept()
    server.close()
    assert run.stdout.count("blocked") == 2, run.stdout + run.stderr


@pytest.mark.integration
@needs_bwrap
def test_the_sandbox_caps_processes_memory_and_file_size(tmp_path):
    code = """
import os, time
n = 0
try:
    for _ in range(1000):
        if os.fork() == 0:
            time.sleep(5)
            os._exit(0)
        n += 1
except OSError as e:
    print("forks stopped at", n, type(e).__name__)
try:
    hoard = bytearray(3 * 1024**3)
    print("allocated")
except MemoryError:
    print("memory refused")
try:
    with open("big.bin", "wb") as f:
        f.write(b"x" * 20 * 1024**2)
    print("wrote")
except OSError as e:
    print("file refused", e.strerror)
"""
    run = sandboxed(tmp_path, code, Limits(memory_mb=512, processes=64, file_mb=8))
    assert "forks stopped at" in run.stdout and "memory refused" in run.stdout, run.stdout + run.stderr
    forks = int(run.stdout.split("forks stopped at")[1].split()[0])
    assert forks < 64
    assert "file refused File too large" in run.stdout


@pytest.mark.integration
@needs_bwrap
def test_killing_the_parent_from_inside_changes_nothing(tmp_path):
    code = """
import os, signal
try:
    os.kill(os.getppid(), signal.SIGKILL)
except OSError as e:
    print("refused", type(e).__name__)
print("still here, parent", os.getppid())
"""
    run = sandboxed(tmp_path, code)
    assert "still here, parent 1" in run.stdout, run.stdout + run.stderr


@pytest.mark.integration
@needs_bwrap
def test_auto_picks_bubblewrap_when_it_works():
    sandbox._probe_cache.clear()
    assert sandbox.resolve_mode("auto") == ("bwrap", None)
    assert sandbox.resolve_mode("none") == ("none", None)
    with pytest.raises(ValueError):
        sandbox.resolve_mode("docker")


def import_graph(package: Path) -> dict[str, set[str]]:
    """Which modules of `package` (a folder) each of its modules imports, at its top or in a function (only
    `if TYPE_CHECKING:` blocks are left out, as they never run)."""
    names = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        stack: list[ast.AST] = [ast.parse(path.read_text())]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                continue
            if isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join([*here.split(".")[: len(here.split(".")) - node.level + 1], *filter(None, [base])])
                found.update(f"{base}.{a.name}" if f"{base}.{a.name}" in names else base for a in node.names)
            stack.extend(ast.iter_child_nodes(node))
        graph[name] = set()
        for target in found:
            while target and target not in names:
                target = target.rpartition(".")[0]
            if target and target != name:
                graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Import cycles found by a depth-first walk (none in an acyclic graph), each as the modules that close it."""
    found: list[list[str]] = []
    path: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> None:
        if node in path:
            found.append([*path[path.index(node) :], node])
        elif node not in done:
            path.append(node)
            for after in sorted(graph[node]):
                visit(after)
            path.pop()
            done.add(node)

    for start in sorted(graph):
        visit(start)
    return found


@pytest.mark.unit
def test_no_module_of_the_package_imports_itself_through_others():
    graph = import_graph(ROOT / "mlexam")
    assert len(graph) > 50 and "mlexam.course.grading.child" in graph["mlexam.course.grading.zygote"]
    assert cycles(graph) == []
    looped = {**graph, "mlexam.course.grading.tasks": {"mlexam.course.grading.worker"}}  # the check can fail
    assert any({"mlexam.course.grading.tasks", "mlexam.course.grading.worker"} <= set(c) for c in cycles(looped))


@pytest.mark.integration
def test_every_engine_module_imports_first_in_a_fresh_interpreter():
    """Each module of the engine imported first, before any other of mlexam (a cycle would break one); the
    kernel launcher with neither nbgrader nor rich; every module named in a string (`module_names`)."""
    code = """
import importlib, pkgutil, sys
import mlexam.course.grading.kernel
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"nbgrader", "rich", "nbformat", "torch"})
print("launcher imports", heavy)
import mlexam.course.grading as engine
names = [m.name for m in pkgutil.iter_modules(engine.__path__, "mlexam.course.grading.")]
for name in names:
    for loaded in [m for m in sys.modules if m.startswith("mlexam")]:
        del sys.modules[loaded]
    importlib.import_module(name)
print("imported", len(names))
from mlexam.course import module_names as m
for name in (m.CLI, m.ZYGOTE, m.KERNEL_LAUNCHER, m.PROBE, *m.NBGRADER_CONFIG, *m.ZYGOTE_PRELOAD, *m.JUDGES_PRELOAD):
    importlib.import_module(name)
for name, attribute in m.NBGRADER_CONFIG.items():
    getattr(sys.modules[name], attribute)
print("named in strings: all imported")
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    modules = len([p for p in (ROOT / "mlexam" / "course" / "grading").glob("*.py") if p.name != "__init__.py"])
    assert "launcher imports []" in run.stdout and f"imported {modules}\n" in run.stdout, run.stdout
    assert "named in strings: all imported" in run.stdout, run.stdout


@pytest.mark.unit
def test_the_course_config_imports_what_module_names_lists_and_judges_every_autograde():
    """nbgrader_config.py falls back quietly when its imports fail (a learner copy has no mlexam.course): here,
    with the package, its imports are those `module_names` lists and the judges and feedback are in place."""
    tree = ast.parse((ROOT / "nbgrader_config.py").read_text())
    imported = {
        node.module: alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mlexam")
        for alias in node.names
    }
    assert imported == module_names.NBGRADER_CONFIG
    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    steps = [step.__name__ for step in config.Autograde.autograde_preprocessors]
    assert steps.index("InsertProbes") < steps.index("Execute") < steps.index("JudgeProbes"), steps
    assert config.GenerateFeedback.preprocessors == FEEDBACK_PREPROCESSORS
    script = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]["mlexam"]
    assert script == f"{module_names.CLI}:main"
