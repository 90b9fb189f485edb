"""`mlexam autograde`: a parallel, sandboxed, resumable drop-in for `nbgrader autograde`.

- `tasks`: the plain data that crosses processes (task, result, timing record, tamper finding, assignment spec,
  the zygote's requests and replies) and its JSON form;
- `gradebook`: nbgrader's `Gradebook` API on both sides (the worker's own gradebook, the course's);
- `sandbox`: bubblewrap and resource limits for the student's kernel, and the `auto` probe;
- `kernel`: the kernel launcher the sandboxed kernelspec runs (the kernel works in a throw-away copy);
- `worker`: a worker slot's side: one task to its zygote, the result (or the failure) back;
- `zygote`: a per-worker process with nbgrader imported, forking one grading process per submission;
- `child`: the forked grading process: one submission in its own scratch course through nbgrader's own autograde;
- `confine`: the grading process's mount namespace: nothing writable but its own folders, the course hidden;
- `failures`: why a submission could not be graded, in words, and its failed result;
- `outputs`: the files a graded run sends back, by value, and notes on the limits it hit;
- `executors`: local worker slots or a Dask cluster, behind `concurrent.futures`;
- `safefs`: file operations that never follow a symbolic link;
- `collect`: list a submission folder without following links and read it by value (links, special files, caps);
- `intake`: check a submission's notebooks and files before grading: reject the unreadable, note the rest;
- `coordinator`: find submissions, skip graded ones, run tasks;
- `writer`: write each result into the course (staged files, the gradebook in one transaction, the folder);
- `gradebook_check`: the gradebook's integrity check and row counts before, during and after a run;
- `progress`: the live bar and the JSON-lines timing log.

`kernel`, `sandbox`, `safefs` and `tasks` import neither nbgrader nor rich, so that the kernel launcher starts fast
(tests/test_engine_units.py checks it, and that no module of mlexam imports itself through others).
"""

import sys

# jsonschema (via nbformat) imports the optional `rfc3987_syntax` when installed, which compiles a grammar for
# IRI formats at import time: ~1.7 s of CPU in every process that reads a notebook. Notebook schemas use no IRI
# format, so the processes that import the engine (coordinator, zygotes, and nbgrader's own, whose judging
# preprocessors use the engine's TamperFinding) do without it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
