"""scripts/setup.sh on a fresh Debian machine, where python3 has no ensurepip until python3-venv is installed.

The script runs in a copy of the project against fake python3, apt-get and id commands that log what
they are asked to do; nothing is installed and no network is used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from planboard.settings import PROJECT_ROOT

# The real commands setup.sh and the fakes need; everything else on PATH is a fake.
REAL_COMMANDS = ("bash", "dirname", "grep", "mkdir", "touch", "cp", "chmod")

# python3: ensurepip answers only once apt-get has installed python3-venv; `-m venv` makes a venv with pip.
FAKE_PYTHON = """#!/bin/bash
echo "python3 $*" >> "$FAKE_LOG"
case "$1 $2" in
  "-m ensurepip") [ -e "$FAKE_STATE/ensurepip" ] || [ -e "$FAKE_STATE/python3-venv" ]; exit $? ;;
  "-m venv") mkdir -p .venv/bin && cp "$FAKE_STATE/venv-python" .venv/bin/python; exit 0 ;;
esac
exit 0
"""
FAKE_VENV_PYTHON = """#!/bin/bash
echo "venv-python $*" >> "$FAKE_LOG"
"""
FAKE_APT_GET = """#!/bin/bash
echo "apt-get $* frontend=${DEBIAN_FRONTEND:-}" >> "$FAKE_LOG"
for package in "$@"; do touch "$FAKE_STATE/$package"; done
"""
FAKE_ID = """#!/bin/bash
echo "$FAKE_UID"
"""


def _write_script(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def fake_debian(tmp_path):
    """A project copy with setup.sh and a PATH of fakes; returns a function that runs setup.sh."""
    project = tmp_path / "project"
    (project / "scripts").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "scripts" / "setup.sh", project / "scripts" / "setup.sh")
    for requirements in ("requirements.txt", "requirements-dev.txt"):
        (project / requirements).write_text("", encoding="utf-8")
    bin_dir, state = tmp_path / "bin", tmp_path / "state"
    bin_dir.mkdir()
    state.mkdir()
    for name in REAL_COMMANDS:
        (bin_dir / name).symlink_to(shutil.which(name))
    for name, text in (("python3", FAKE_PYTHON), ("apt-get", FAKE_APT_GET), ("id", FAKE_ID)):
        _write_script(bin_dir / name, text)
    _write_script(state / "venv-python", FAKE_VENV_PYTHON)
    log = tmp_path / "log"
    log.touch()

    def run(*args: str, uid: int = 0, ensurepip: bool = False) -> tuple[subprocess.CompletedProcess, list[str]]:
        if ensurepip:
            (state / "ensurepip").touch()
        env = {"PATH": str(bin_dir), "FAKE_LOG": str(log), "FAKE_STATE": str(state), "FAKE_UID": str(uid)}
        done = subprocess.run(
            [shutil.which("bash"), str(project / "scripts" / "setup.sh"), *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        return done, log.read_text(encoding="utf-8").splitlines()

    run.project = project
    return run


def _index(lines: list[str], start: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(start))


@pytest.mark.parametrize("mode", [(), ("--test",)], ids=["run", "test"])
def test_missing_ensurepip_installs_python3_venv_before_the_venv(fake_debian, mode):
    """As root on Debian without python3-venv, both README commands install it, then make the venv."""
    done, log = fake_debian(*mode)
    assert done.returncode == 0, done.stderr
    install = _index(log, "apt-get install")
    assert "python3-venv" in log[install].split()
    assert log[install].endswith("frontend=noninteractive")
    assert " -y " in log[install]
    assert install < _index(log, "python3 -m venv")
    assert (fake_debian.project / ".venv" / "bin" / "python").exists()


def test_present_ensurepip_installs_nothing(fake_debian):
    """Where python3 can already make a venv, setup.sh leaves apt-get alone."""
    done, log = fake_debian(ensurepip=True)
    assert done.returncode == 0, done.stderr
    assert not [line for line in log if line.startswith("apt-get")]
    assert "python3 -m venv --clear .venv" in log


def test_missing_ensurepip_without_root_or_sudo_says_what_to_install(fake_debian):
    """Not root and no sudo: setup.sh stops with a message naming python3-venv, and makes no venv."""
    done, log = fake_debian(uid=1000)
    assert done.returncode != 0
    assert "python3-venv" in done.stderr
    assert "root" in done.stderr
    assert not [line for line in log if line.startswith(("apt-get", "python3 -m venv"))]
    assert not (fake_debian.project / ".venv").exists()


def test_a_venv_left_without_pip_is_made_again(fake_debian):
    """An earlier attempt without ensurepip left .venv/bin/python but no pip; the next run remakes it."""
    broken = fake_debian.project / ".venv" / "bin" / "python"
    broken.parent.mkdir(parents=True)
    _write_script(broken, "#!/bin/bash\nexit 1\n")
    done, log = fake_debian(ensurepip=True)
    assert done.returncode == 0, done.stderr
    assert "python3 -m venv --clear .venv" in log
    assert os.access(broken, os.X_OK) and "venv-python" in broken.read_text(encoding="utf-8")


def test_a_working_venv_needs_no_ensurepip(fake_debian):
    """Once the venv is made, later runs use it: no apt-get even where python3 has no ensurepip."""
    done, _ = fake_debian(ensurepip=True)
    assert done.returncode == 0, done.stderr
    (fake_debian.project.parent / "state" / "ensurepip").unlink()  # python3-venv removed since
    done, log = fake_debian()
    assert done.returncode == 0, done.stderr
    assert not [line for line in log if line.startswith("apt-get")]
    assert log.count("python3 -m venv --clear .venv") == 1  # the first run's only
