"""deploy/ pieces that need neither root nor a browser: per-role settings, the impostor check, and\nopening the folders above the course for the class's users to pass (and closing them again)."""

from __future__ import annotations

import getpass
import json
import runpy
import stat
from pathlib import Path

import pytest

from deploy import check_inbound, class_setup
from tests.browser import hub

ROOT = Path(__file__).resolve().parents[2]


def test_students_get_no_formgrader_and_the_instructor_does(tmp_path: Path) -> None:
    student = class_setup.role_files("student", tmp_path, tmp_path / "exchange")
    page = json.loads(student[tmp_path / ".jupyter/labconfig/page_config.json"])
    assert page["disabledExtensions"]["@jupyter/nbgrader:formgrader"] is True
    server = json.loads(student[tmp_path / ".jupyter/jupyter_server_config.json"])
    assert server["ServerApp"]["jpserver_extensions"]["nbgrader.server_extensions.formgrader"] is False
    assert "CourseDirectory.root" not in student[tmp_path / ".jupyter/nbgrader_config.py"]
    instructor = class_setup.role_files("instructor", tmp_path, tmp_path / "exchange")
    assert not any("labconfig" in str(p) or "server_config" in str(p) for p in instructor)
    config = instructor[tmp_path / ".jupyter/nbgrader_config.py"]
    assert f"c.CourseDirectory.root = {str(tmp_path / 'course')!r}" in config
    assert f"c.Exchange.root = {str(tmp_path / 'exchange')!r}" in config


def test_a_submission_under_another_name_is_moved_aside(tmp_path: Path) -> None:
    me = getpass.getuser()
    inbound = tmp_path / "inbound"
    own = inbound / f"{me}+a01+2026-11-26 10:00:00.000000 UTC+abc"
    fake = inbound / "someone-else+a01+2026-11-26 10:05:00.000000 UTC+def"
    for folder in (own, fake):
        folder.mkdir(parents=True)
    assert check_inbound.impostors(inbound) == [(fake, me)]
    moved = check_inbound.quarantine(inbound, tmp_path / "quarantine")
    assert moved == [(fake, me)]
    assert sorted(p.name for p in inbound.iterdir()) == [own.name]
    assert (tmp_path / "quarantine" / fake.name).is_dir()


def test_hub_config_reads_the_class_from_the_environment(monkeypatch, tmp_path: Path) -> None:
    from traitlets.config import Config

    monkeypatch.setenv("COURSE_INSTRUCTOR", "teacher")
    monkeypatch.setenv("COURSE_STUDENTS", "ana, ben")
    monkeypatch.setenv("COURSE_HUB_STATE", str(tmp_path))
    monkeypatch.delenv("COURSE_HUB_TEST_PASSWORD", raising=False)
    c = Config()
    runpy.run_path(str(ROOT / "deploy" / "jupyterhub_config.py"), init_globals={"get_config": lambda: c})
    assert c.Authenticator.allowed_users == {"teacher", "ana", "ben"}
    assert c.Authenticator.admin_users == {"teacher"}
    assert "authenticator_class" not in c.JupyterHub, "without the test password the Hub must use PAM"
    assert c.ConfigurableHTTPProxy.command[0].endswith("node_modules/.bin/configurable-http-proxy")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_folders_above_the_venv_open_to_pass_only_and_get_their_exact_modes_back(tmp_path: Path) -> None:
    private = tmp_path / "private"  # like `mktemp -d`: 0700
    clone = private / "clone"
    venv_bin = clone / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    private.chmod(0o700)
    clone.chmod(0o2750)
    (tmp_path / "link").symlink_to(private)  # reached through a symlink: the real folder is opened
    before = {folder: _mode(folder) for folder in hub._folders_above(venv_bin)}
    with pytest.raises(RuntimeError, match="the body failed"), hub.traversable(tmp_path / "link" / "clone" / ".venv" / "bin") as changed:
        assert changed[private] == 0o700 and changed[clone] == 0o2750
        assert _mode(private) == 0o701 and _mode(clone) == 0o2751, "o+x only: never o+r, other bits kept"
        assert all(_mode(folder) & stat.S_IXOTH for folder in hub._folders_above(venv_bin))
        assert all(not before[folder] & stat.S_IXOTH for folder in changed), "only folders that lacked o+x"
        raise RuntimeError("the body failed")
    assert {folder: _mode(folder) for folder in before} == before
