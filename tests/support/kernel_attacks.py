"""The hostile class of `test_engine.py`: answer cells that attack the kernel's process, the machine and the
course's files (reading, listing and writing the course, the network, forks, memory, disk, output floods, loops,
exits and kills), on `engine_course`'s tiny assignment. `benchmarks/attack_table.py` grades it for the README."""

from __future__ import annotations

from pathlib import Path

from support import ROOT
from support.engine_course import ANSWER, ASSIGNMENT, RIGHT, WRONG


def hostile_class(course: Path, port: int) -> dict[str, str]:
    """What hostile or broken students submit as their answer cell."""
    secrets = [
        course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        course / "gradebook.db",
        course / "nbgrader_config.py",
        course / "submitted" / "right" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
        ROOT / "source" / "ml_debugging" / "single_batch.ipynb",
        ROOT / "nbgrader_config.py",
        "../../../source/tiny/tiny.ipynb",
        "../../../gradebook.db",
        "../../../submitted/right/tiny/tiny.ipynb",
        "/etc/shadow",
    ]
    folders = [course, ROOT, "../../..", "/work", "/root", "/home"]
    writes = [
        course / "gradebook.db",
        course / "nbgrader_config.py",
        "../../../gradebook.db",
        "../../../nbgrader_config.py",
    ]
    return {
        "reader": f"""
import os
for path in {[str(p) for p in secrets]!r}:
    try:
        with open(path, "rb") as f:
            print("LEAK", path, f.read(30))
    except Exception as e:
        print("BLOCKED", path, type(e).__name__)
for folder in {[str(p) for p in folders]!r}:
    try:
        print("LISTED", folder, sorted(os.listdir(folder)))
    except Exception as e:
        print("BLOCKED", folder, type(e).__name__)
for path in {[str(p) for p in writes]!r}:
    try:
        with open(path, "ab") as f:
            f.write(b"tampered")
        print("WROTE", path)
    except Exception as e:
        print("BLOCKED", path, type(e).__name__)
"""
        + ANSWER,
        "network": f"""
import socket
for address in [("127.0.0.1", {port}), ("1.1.1.1", 53)]:
    try:
        socket.create_connection(address, timeout=3).close()
        print("CONNECTED", address)
    except OSError as e:
        print("BLOCKED", address, type(e).__name__)
try:
    print("RESOLVED", socket.gethostbyname("pypi.org"))
except OSError as e:
    print("BLOCKED dns", type(e).__name__)
"""
        + ANSWER,
        "forker": """
import os, time
for _ in range(1000):
    if os.fork() == 0:
        time.sleep(60)
        os._exit(0)
""",
        "hog": "hoard = bytearray(6 * 1024**3)\n" + ANSWER,
        "filler": "with open('big.bin', 'wb') as f:\n    f.write(b'x' * 100 * 1024**2)\n" + ANSWER,
        "flooder": "for _ in range(50_000):\n    print('x' * 400)\n" + ANSWER,
        "looper": "while True:\n    pass\n",
        "stubborn": "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass\n",
        "exiter": "import os\nos._exit(3)\n",
        "suicide": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
        "parricide": "import os, signal\ntry:\n    os.kill(os.getppid(), signal.SIGKILL)\n"
        "except OSError as e:\n    print('refused', e)\n" + ANSWER,
        "right": RIGHT,
        "wrong": WRONG,
    }
