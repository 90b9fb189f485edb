"""`mlexam autograde`: a parallel, sandboxed, resumable drop-in for `nbgrader autograde`.

- `tasks`: the plain-data task and result types, and their JSON form;
- `gradebook`: nbgrader's `Gradebook` API on both sides (the worker's own gradebook, the course's);
- `sandbox`: bubblewrap and resource limits for the student's kernel, and the `auto` probe;
- `kernel`: the kernel launcher the sandboxed kernelspec runs;
- `zygote`: a per-worker process with nbgrader imported, forking one grading process per submission;
- `worker`: grade one submission in its own scratch course through nbgrader's own autograde;
- `executors`: local worker slots or a Dask cluster, behind `concurrent.futures`;
- `intake`: check a submission's notebooks and files before grading: reject the unreadable, note the rest;
- `coordinator`: find submissions, skip graded ones, run tasks, write results into the course;
- `progress`: the live bar and the JSON-lines timing log.

`kernel`, `sandbox` and `tasks` import neither nbgrader nor rich, so that the kernel launcher starts fast.
"""

import sys

# jsonschema (via nbformat) imports the optional `rfc3987_syntax` when installed, which compiles a grammar for
# IRI formats at import time: ~1.7 s of CPU in every process that reads a notebook. Notebook schemas use no IRI
# format, so the engine's processes (coordinator, zygotes) do without it.
sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
