"""Keep the kernel honest for the tests: trusted state taken before learner code runs, put back around tests.

Learner code runs in the kernel that runs the tests, so it could replace what the tests rely on: comparison
helpers (`torch.allclose`, `math.isclose`, `numpy.testing`), builtins, the setup cell's imports, IPython's
input and AST transformers, event callbacks, `showtraceback`, trace functions, `sys.stdout`. The guard takes a
snapshot of all of these before any learner code runs and puts back whatever changed:

- `protect()`, called by every notebook's setup cell (through `setup_notebook`), snapshots and registers
  IPython callbacks that restore the snapshot after and before every cell, and run hidden-test cells with
  the real builtins even where the notebook defines a function of the same name. In a learner's session a
  restore prints a one-line note, so nothing changes silently.
- `mlexam autograde` adds a first cell calling `install()` (before the setup cell, with a per-run key from the
  kernel's environment) and a cell before and after each test cell calling `before()` and `after()`. These print
  signed reports that the grader checks outside the kernel: a test cell whose reports are missing, unsigned,
  show tampering while it ran, or show that it failed without an error output, gets no points.

This is a tripwire, not a wall: code in the same process can, with effort, reach anything here. What does not
depend on the kernel's cooperation is the sandbox and the checks of the notebook file made outside it.
"""

from __future__ import annotations

import builtins
import hashlib
import hmac
import json
import os
import re
import sys
from collections.abc import Iterable
from typing import Any

KEY_ENV = "MLEXAM_GUARD_KEY"
MARK = "MLEXAM-GUARD "
MODULES = (
    "builtins",
    "math",
    "operator",
    "numbers",
    "json",
    "hashlib",
    "hmac",
    "numpy",
    "numpy.testing",
    "torch",
    "torch.testing",
    "torch.nn.functional",
    "torch.linalg",
    "torch.special",
    "mlexam.testkit",
    "mlexam.testkit.digest",
    "mlexam.testkit.guards",
    "mlexam.testkit.guard",
)
CLASSES = (("torch", "Tensor"), ("torch.nn", "Module"), ("torch.nn", "Sequential"), ("torch.nn", "Parameter"))
# A pattern, not the marker text: no marker may stand in the package, not even in its compiled constants.
HIDDEN_MARK = re.compile(r"^[ \t]*###\s*BEGIN HIDDEN TESTS", re.MULTILINE)
_MISSING = object()
_new_hmac, _sha256, _dumps, _compare = hmac.new, hashlib.sha256, json.dumps, hmac.compare_digest


def _sign(key: bytes, payload: str) -> str:
    return _new_hmac(key, payload.encode(), _sha256).hexdigest()


def signed_line(key: bytes, report: dict[str, Any]) -> str:
    """The report as one output line: the marker, its signature, and its JSON."""
    payload = _dumps(report, sort_keys=True)
    return f"{MARK}{_sign(key, payload)} {payload}"


def read_line(key: bytes, line: str) -> dict[str, Any] | None:
    """The report of a line `signed_line` made with `key`; None for anything else (forged, garbled)."""
    if not line.startswith(MARK):
        return None
    signature, _, payload = line[len(MARK) :].partition(" ")
    if not _compare(signature, _sign(key, payload)):
        return None
    try:
        report = json.loads(payload)
    except ValueError:
        return None
    return report if isinstance(report, dict) else None


def _installed(func: Any) -> bool:
    """Whether a hook is code of an installed package (matplotlib's, IPython's), not code from the notebook."""
    func = getattr(func, "__func__", func)
    code = getattr(func, "__code__", None)
    if code is None:
        module = sys.modules.get(getattr(func, "__module__", None) or "")
        filename = getattr(module, "__file__", None) or ""
    else:
        filename = code.co_filename
    prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.__file__)}
    return bool(filename) and any(os.path.realpath(filename).startswith(os.path.realpath(p) + os.sep) for p in prefixes)


class Guard:
    """The snapshot, and the restore that compares against it."""

    def __init__(self, key: bytes | None) -> None:
        self.key = key
        self.namespaces: dict[str, tuple[Any, dict[str, Any]]] = {}
        self.modules: dict[str, Any] = {}
        self.classes: dict[int, tuple[type, dict[str, Any]]] = {}
        self.instances: dict[int, tuple[Any, dict[str, Any]]] = {}
        self.lists: dict[str, tuple[list, list]] = {}
        self.events: dict[str, list] = {}
        self.bindings: dict[str, Any] = {}
        self.sys_hooks: dict[str, Any] = {}
        self.shielded: dict[str, Any] = {}
        self.files: list[dict[str, str]] = []  # reported by the next check
        self.stdout = sys.stdout
        self.shell = _shell()

    # ---------------------------------------------------------------- snapshot
    def snapshot(self) -> None:
        """Record what is there now (new modules, the shell's state); what was recorded before stays."""
        for name in MODULES:
            module = sys.modules.get(name)
            if module is not None and name not in self.modules:
                self.modules[name] = module
                self.namespaces[name] = (module, dict(vars(module)))
        for module_name, attr in CLASSES:
            cls = getattr(sys.modules.get(module_name), attr, None)
            if isinstance(cls, type):
                self._class(cls)
        self.sys_hooks = self.sys_hooks or {
            "stdout": sys.stdout,
            "stderr": sys.stderr,
            "trace": sys.gettrace(),
            "profile": sys.getprofile(),
        }
        shell = self.shell
        if shell is None:
            return
        for obj in (shell, shell.displayhook, shell.display_pub, shell.events, getattr(shell, "kernel", None)):
            if obj is not None and id(obj) not in self.instances:
                for cls in type(obj).__mro__[:-1]:
                    self._class(cls)
                self.instances[id(obj)] = (obj, {k: v for k, v in vars(obj).items() if callable(v)})
        for name, lst in self._hook_lists().items():
            self.lists.setdefault(name, (lst, list(lst)))
        for event, callbacks in shell.events.callbacks.items():
            self.events.setdefault(event, list(callbacks))

    def _class(self, cls: type) -> None:
        if id(cls) not in self.classes:
            self.classes[id(cls)] = (cls, dict(vars(cls)))

    def _hook_lists(self) -> dict[str, list]:
        return {name: getattr(owner, attr) for name, (owner, attr) in self._hook_owners().items()}

    def _hook_owners(self) -> dict[str, tuple[Any, str]]:
        """IPython's lists of input and AST transformers, by name, with the object that holds each."""
        shell = self.shell
        manager = shell.input_transformer_manager
        owners = {name: (shell, name) for name in ("input_transformers_cleanup", "input_transformers_post")}
        owners["ast_transformers"] = (shell, "ast_transformers")
        for name in ("cleanup_transforms", "line_transforms", "token_transformers"):
            owners[f"input_transformer_manager.{name}"] = (manager, name)
        return {k: v for k, v in owners.items() if isinstance(getattr(v[0], v[1], None), list)}

    def bind(self, namespace: dict[str, Any]) -> None:
        """Record the setup cell's imports (modules, and what it took from this package) to keep them bound."""
        for name, value in namespace.items():
            if name.startswith("_"):
                continue
            origin = getattr(value, "__module__", None) or ""
            if type(value).__name__ == "module" or origin.startswith("mlexam."):
                self.bindings.setdefault(name, value)

    # ---------------------------------------------------------------- restore
    def restore(self) -> list[dict[str, str]]:
        """Put back everything that differs from the snapshot; one finding per change."""
        found: list[dict[str, str]] = []

        def note(kind: str, detail: str) -> None:
            found.append({"kind": kind, "detail": detail})

        for name, module in self.modules.items():
            if sys.modules.get(name) is not module:
                sys.modules[name] = module
                note("patched_helper", f"sys.modules[{name!r}] was replaced")
        for name, (module, saved) in self.namespaces.items():
            current = vars(module)
            for attr, value in saved.items():
                now = current.get(attr, _MISSING)
                if now is value or _volatile(name, attr):
                    continue
                if _library_wrapper(now, value):
                    saved[attr] = now
                    continue
                current[attr] = value
                note("patched_helper", f"{name}.{attr} was replaced")
        for cls, saved in self.classes.values():
            for attr, value in saved.items():
                if vars(cls).get(attr, _MISSING) is not value:
                    try:
                        setattr(cls, attr, value)
                    except (TypeError, AttributeError):
                        continue
                    note("patched_helper", f"{cls.__module__}.{cls.__qualname__}.{attr} was replaced")
        for obj, saved in self.instances.values():
            for attr, value in list(vars(obj).items()):
                if callable(value) and saved.get(attr, _MISSING) is not value:
                    if attr in saved:
                        vars(obj)[attr] = saved[attr]
                    else:
                        del vars(obj)[attr]
                    note("changed_hook", f"{type(obj).__name__}.{attr} was replaced on the object")
        found += self.files
        self.files = []
        found += self._restore_sys()
        if self.shell is not None:
            found += self._restore_shell()
        return found

    def _restore_sys(self) -> list[dict[str, str]]:
        found = []
        hooks = self.sys_hooks
        for name in ("stdout", "stderr"):  # (IPython swaps sys.displayhook in and out around each cell)
            if getattr(sys, name) is not hooks[name]:
                setattr(sys, name, hooks[name])
                found.append({"kind": "changed_hook", "detail": f"sys.{name} was replaced"})
        if sys.gettrace() is not hooks["trace"]:
            sys.settrace(hooks["trace"])
            found.append({"kind": "changed_hook", "detail": "a trace function was set (sys.settrace)"})
        if sys.getprofile() is not hooks["profile"]:
            sys.setprofile(hooks["profile"])
            found.append({"kind": "changed_hook", "detail": "a profile function was set (sys.setprofile)"})
        return found

    def _restore_shell(self) -> list[dict[str, str]]:
        found = []
        owners = self._hook_owners()
        for name, (lst, saved) in self.lists.items():
            owner, attr = owners.get(name, (None, ""))
            if owner is not None and getattr(owner, attr) is not lst:
                setattr(owner, attr, lst)
                found.append({"kind": "changed_hook", "detail": f"{name} was replaced"})
            if lst != saved:
                extra = [getattr(f, "__name__", repr(f)) for f in lst if f not in saved]
                lst[:] = saved
                found.append({"kind": "changed_hook", "detail": f"{name} gained {', '.join(extra) or 'changes'}"})
        for event, callbacks in self.shell.events.callbacks.items():
            saved = self.events.get(event, [])
            strange = [f for f in callbacks if f not in saved and not _installed(f)]
            missing = [f for f in saved if f not in callbacks]
            if strange or missing:
                callbacks[:] = [f for f in callbacks if f not in strange] + missing
                names = ", ".join(getattr(f, "__name__", repr(f)) for f in strange + missing)
                found.append({"kind": "changed_hook", "detail": f"'{event}' callbacks changed: {names}"})
        return found

    def rebind(self, namespace: dict[str, Any]) -> list[dict[str, str]]:
        """Put the setup cell's imports back where the notebook rebound them."""
        found = []
        for name, value in self.bindings.items():
            if namespace.get(name, _MISSING) is not value:
                namespace[name] = value
                found.append({"kind": "patched_helper", "detail": f"the setup cell's {name!r} was rebound"})
        return found

    def shield(self, namespace: dict[str, Any], names: Iterable[str]) -> list[dict[str, str]]:
        """Set aside the notebook's own names that hide the builtins a test uses; `unshield` puts them back."""
        found = []
        for name in sorted(set(names) & set(vars(builtins))):
            value = namespace.get(name, _MISSING)
            if value is not _MISSING and value is not vars(builtins)[name]:
                self.shielded[name] = namespace.pop(name)
                found.append(
                    {"kind": "shadowed_builtin", "detail": f"the notebook defines {name!r}; the test used the builtin"}
                )
        return found

    def unshield(self, namespace: dict[str, Any]) -> None:
        namespace.update(self.shielded)
        self.shielded.clear()


def _library_wrapper(now: Any, before: Any) -> bool:
    """Whether an installed library wrapped a function in place (torch wraps `torch.manual_seed` on first use)."""
    return getattr(now, "__wrapped__", None) is before and _installed(now)


def _volatile(module: str, attr: str) -> bool:
    """Names that change in normal use: `builtins._` (the last result); `input` and `get_ipython`, which
    ipykernel and IPython set afresh around each cell."""
    return module == "builtins" and attr in ("_", "input", "get_ipython")


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


_guard: Guard | None = None


def _user_ns() -> dict[str, Any]:
    shell = _shell()
    return shell.user_ns if shell is not None else vars(sys.modules["__main__"])


def install(modules: Iterable[str] = ()) -> None:
    """The grader's first cell: import `modules`, take the snapshot, and keep the run's key (not in the source)."""
    global _guard
    for name in modules:
        __import__(name)
    key = os.environ.pop(KEY_ENV, "")
    _guard = Guard(key.encode() if key else None)
    _guard.snapshot()
    sys.addaudithook(_FileWatch(_guard))  # an audit hook cannot be removed: reads outside are always seen


def _cell_files() -> str:
    """Where ipykernel keeps each cell's code for tracebacks (read back when a cell raises)."""
    try:
        from ipykernel.compiler import get_tmp_directory
    except ImportError:
        return ""
    return get_tmp_directory()


class _FileWatch:
    """Record files the kernel opens or lists outside its folder, its settings and the installed software."""

    EVENTS = frozenset({"open", "os.listdir", "os.scandir", "os.remove", "os.rename", "shutil.rmtree"})
    LIMIT = 20

    def __init__(self, guard: Guard) -> None:
        self.guard = guard
        home = os.path.expanduser("~")
        roots = {os.getcwd(), sys.prefix, sys.base_prefix, sys.exec_prefix}
        roots |= {os.path.join(home, d) for d in (".cache", ".config", ".local", ".ipython", ".matplotlib", ".jupyter")}
        roots |= {os.environ.get(v, "") for v in ("MPLCONFIGDIR", "IPYTHONDIR", "JUPYTER_RUNTIME_DIR")}
        roots |= {os.path.dirname(os.path.dirname(m.__file__)) for m in (os, json)}
        roots |= {p for p in ("/usr", "/lib", "/lib64", "/bin", "/etc", "/dev", "/proc", "/sys")}
        roots.add(_cell_files())
        for module in list(sys.modules.values()):
            for folder in getattr(module, "__path__", None) or []:
                roots.add(folder)
        self.roots = tuple(os.path.realpath(r) + os.sep for r in roots if r and r != os.sep)
        self.seen: set[str] = set()

    def __call__(self, event: str, args: tuple) -> None:
        if event not in self.EVENTS or not args or len(self.seen) >= self.LIMIT:
            return
        path = args[0]
        if isinstance(path, bytes):
            path = path.decode(errors="replace")
        if not isinstance(path, str):
            return
        full = os.path.realpath(path) + os.sep
        if full.startswith(self.roots) or full in self.seen:
            return
        self.seen.add(full)
        self.guard.files.append({"kind": "file_access", "detail": f"{event} {path!r} (outside the notebook's folder)"})


def protect(namespace: dict[str, Any] | None = None) -> None:
    """The setup cell's call: snapshot (if the grader has not), keep the setup's imports, restore around cells."""
    global _guard
    if _guard is None:
        _guard = Guard(None)
    _guard.snapshot()
    namespace = _user_ns() if namespace is None else namespace
    _guard.bind(namespace)
    shell = _shell()
    if shell is not None and _guard.key is None:
        for event, callback in (("pre_run_cell", _pre_run_cell), ("post_run_cell", _post_run_cell)):
            if callback not in shell.events.callbacks[event]:
                shell.events.register(event, callback)
        _guard.events = {e: list(c) for e, c in shell.events.callbacks.items()}


def _notes(found: list[dict[str, str]]) -> None:
    for f in found:
        if f["kind"] != "shadowed_builtin":
            print(f"note: {f['detail']}; the original is back (tests always use it)")


def _pre_run_cell(info: Any) -> None:
    if _guard is None:
        return
    found = _guard.restore() + _guard.rebind(_user_ns())
    source = getattr(info, "raw_cell", "") or ""
    if HIDDEN_MARK.search(source):
        _guard.shield(_user_ns(), builtins_used(source))
    _notes(found)


def _post_run_cell(result: Any) -> None:
    if _guard is None:
        return
    _guard.unshield(_user_ns())
    _notes(_guard.restore())


def _report(cell: str, phase: str, found: list[dict[str, str]], **extra: Any) -> None:
    assert _guard is not None
    if _guard.key is None:
        return
    report = {"cell": cell, "phase": phase, "findings": found, **extra}
    stream = _guard.stdout
    stream.write(signed_line(_guard.key, report) + "\n")
    stream.flush()


def builtins_used(source: str) -> list[str]:
    """The builtins a test cell's source names."""
    names = set(re.findall(r"\b[A-Za-z_]\w*\b", source)) & set(vars(builtins))
    return sorted(n for n in names if not n.startswith("__"))


def before(cell: str, names: list[str]) -> None:
    """The grader's cell before test `cell`: restore, set aside names hiding the builtins in `names`, report."""
    if _guard is None:
        return
    found = _guard.restore() + _guard.rebind(_user_ns())
    _report(cell, "before", found + _guard.shield(_user_ns(), names))


def after(cell: str, source_sha256: str) -> None:
    """The grader's cell after test `cell`: what changed while it ran, and whether it ran to the end."""
    if _guard is None:
        return
    found = _guard.restore()
    _guard.unshield(_user_ns())
    shell, ran, error = _guard.shell, False, None
    result = getattr(shell, "last_execution_result", None)
    if result is not None:
        raw = getattr(getattr(result, "info", None), "raw_cell", None) or ""
        ran = _sha256(raw.encode()).hexdigest() == source_sha256
        failure = result.error_before_exec or result.error_in_exec
        error = None if failure is None else f"{type(failure).__name__}: {failure}"[:300]
    _report(cell, "after", found, ran=ran, error=error)
