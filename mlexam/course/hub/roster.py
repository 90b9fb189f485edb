"""The class roster (a CSV file) and the unix accounts it stands for: PAM logs them in, the OS keeps them apart."""

from __future__ import annotations

import csv
import pwd
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mlexam.course.hub import HubError

ROLES = ("instructor", "student")
# What useradd accepts on Debian without --badname, and short enough for every tool that prints it.
USERNAME = re.compile(r"^[a-z_][a-z0-9_-]{0,30}$")


class RosterError(HubError):
    """A roster that cannot be used, with the line that says why."""


@dataclass(frozen=True)
class Member:
    """One person of the class: a unix username, a role and a password (generated when the roster has none)."""

    username: str
    role: str
    password: str
    generated: bool = False


def read_roster(path: Path) -> list[Member]:
    """Members from a CSV with columns `username,role[,password]`; exactly one instructor."""
    members: list[Member] = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            name = (row.get("username") or "").strip()
            role = (row.get("role") or "").strip().lower()
            password = (row.get("password") or "").strip()
            if not USERNAME.match(name):
                raise RosterError(f"{path}:{line}: {name!r} is not a unix username (a-z, 0-9, _ and -, 31 at most)")
            if role not in ROLES:
                raise RosterError(f"{path}:{line}: role {role!r} is not one of {', '.join(ROLES)}")
            if ":" in password or "\n" in password:
                raise RosterError(f"{path}:{line}: a password may not hold ':' or a line break")
            generated = not password
            members.append(Member(name, role, password or secrets.token_urlsafe(9), generated))
    names = [m.username for m in members]
    if len(set(names)) != len(names):
        raise RosterError(f"{path}: a username appears twice")
    if [m.role for m in members].count("instructor") != 1:
        raise RosterError(f"{path}: the roster needs exactly one instructor")
    return members


def instructor(members: list[Member]) -> Member:
    return next(m for m in members if m.role == "instructor")


def ensure_account(member: Member, home_base: Path) -> tuple[Path, bool]:
    """Create the unix user (home mode 0700) if missing and set the roster's password (a generated one only for a
    new user: running setup again changes no one's password by chance); its home, and whether that password was set."""
    created = False
    try:
        home = Path(pwd.getpwnam(member.username).pw_dir)
    except KeyError:
        created = True
        home_base.mkdir(parents=True, exist_ok=True)
        home = home_base / member.username
        subprocess.run(
            ["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash", member.username],
            check=True,
            capture_output=True,
            text=True,
        )
    home.chmod(0o700)
    if created or not member.generated:
        subprocess.run(["chpasswd"], input=f"{member.username}:{member.password}\n", check=True, text=True)
    return home, created or not member.generated


def remove_account(username: str) -> None:
    """Delete the unix user and its home (nothing if absent); its servers must have stopped."""
    try:
        home = Path(pwd.getpwnam(username).pw_dir)
    except KeyError:
        return
    subprocess.run(["userdel", "--remove", "--force", username], capture_output=True, text=True)
    shutil.rmtree(home, ignore_errors=True)
