"""Where the tasks run, behind `concurrent.futures`: a local process pool, or a Dask cluster.

Both run `worker.run_task` on a task's JSON and return the result's JSON; only strings cross.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass
class Pool:
    """An executor, how many tasks to keep in flight, and a name for the log."""

    executor: Executor
    in_flight: int
    description: str


def local_pool(workers: int) -> Pool:
    """`workers` grading slots on this machine.

    Each slot is a thread that owns a zygote process (see `zygote`), which forks one grading process per
    submission: the isolation of a process pool without a Python interpreter per slot importing the
    `mlexam` command, and a zygote that dies with the coordinator.
    """
    executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mlexam-worker")
    return Pool(executor, 2 * workers, f"{workers} local worker(s)")


def dask_pool(address: str) -> tuple[Pool, object]:
    """The Dask cluster whose scheduler is at `address` (tcp://HOST:PORT); returns the pool and the client."""
    from distributed import Client

    client = Client(address, timeout="30s")
    threads = sum(client.nthreads().values()) or 1
    executor = client.get_executor(pure=False)
    return Pool(executor, 2 * threads, f"Dask at {address} ({threads} worker thread(s))"), client


@contextmanager
def open_pool(workers: int, scheduler: str | None) -> Iterator[Pool]:
    """The pool for these options, shut down on exit."""
    if scheduler:
        pool, client = dask_pool(scheduler)
        try:
            yield pool
        finally:
            pool.executor.shutdown(wait=True)
            client.close()  # type: ignore[attr-defined]
    else:
        pool = local_pool(workers)
        try:
            yield pool
        finally:
            pool.executor.shutdown(wait=True, cancel_futures=True)
