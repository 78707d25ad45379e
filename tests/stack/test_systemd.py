"""The systemd units in deploy/systemd/: hardened (exposure 2.0 or lower), valid, and the app runs under them.

`systemd-analyze security --offline=yes` scores a unit file without a running systemd;
`systemd-analyze verify` checks it (on a copy whose paths point into this checkout, since the units
name /opt/helpsite). MemoryDenyWriteExecute is checked for real: gunicorn runs under the kernel's
own write-xor-execute switch (prctl PR_SET_MDWE), the rule that setting applies.
"""

from __future__ import annotations

import ctypes
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from servers import free_port, get_url, seed_index

from helpsite import ROOT

UNITS = ROOT / "deploy" / "systemd"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
needs_systemd = pytest.mark.skipif(
    SYSTEMD_ANALYZE is None, reason="systemd-analyze is missing (.ci/run installs it)"
)
EXPOSURE_LIMIT = 2.0


def here(unit: Path, target: Path) -> Path:
    """A copy of `unit` in `target` that runs this checkout instead of /opt/helpsite."""
    text = unit.read_text(encoding="utf-8").replace("/opt/helpsite/.venv/bin/python", sys.executable)
    text = text.replace("/opt/helpsite/.venv/bin/gunicorn", str(Path(sys.executable).with_name("gunicorn")))
    copy = target / unit.name
    copy.write_text(text.replace("/opt/helpsite", str(ROOT)), encoding="utf-8")
    return copy


@needs_systemd
@pytest.mark.parametrize(
    "unit", ["helpsite@8001.service", "helpsite-nginx-log.service", "helpsite-editor.service"]
)
def test_each_service_scores_an_exposure_of_2_or_lower(unit: str) -> None:
    result = subprocess.run(
        [SYSTEMD_ANALYZE, "security", "--offline=yes", unit], cwd=UNITS, capture_output=True, text=True
    )
    found = re.search(r"Overall exposure level for \S+: ([\d.]+)", result.stdout)
    assert found, result.stdout + result.stderr
    assert float(found.group(1)) <= EXPOSURE_LIMIT, result.stdout


@needs_systemd
def test_every_unit_verifies_clean(tmp_path: Path) -> None:
    names = [
        "helpsite@.service",
        "helpsite.target",
        "helpsite-nginx-log.service",
        "helpsite-nginx-log.socket",
        "helpsite-editor.service",
    ]
    for name in names:
        here(UNITS / name, tmp_path)
    (tmp_path / "helpsite@8001.service").symlink_to("helpsite@.service")
    checked = ["helpsite@8001.service", *names[1:]]
    result = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", "--man=no", *checked], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_the_nginx_drop_in_names_units_that_exist() -> None:
    text = (UNITS / "nginx.service.d" / "helpsite.conf").read_text(encoding="utf-8")
    settings = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    for name in re.findall(r"[\w@.-]+\.(?:service|socket|target)", settings):
        assert (UNITS / name).exists(), name


def _deny_write_execute() -> None:
    """In the child: refuse every memory mapping that is (or becomes) both writable and executable."""
    if ctypes.CDLL(None, use_errno=True).prctl(65, 1, 0, 0, 0) != 0:  # PR_SET_MDWE, PR_MDWE_REFUSE_EXEC_GAIN
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_MDWE) is not supported by this kernel")


def test_the_app_serves_under_memory_deny_write_execute(tmp_path: Path, real_index: Path) -> None:
    """The unit sets MemoryDenyWriteExecute=yes: pages, a search and a sheet work with it on."""
    sys.path.insert(0, str(ROOT / "deploy"))
    from instance import Instance

    probe = subprocess.run(
        [sys.executable, "-c", "pass"], preexec_fn=_deny_write_execute, capture_output=True
    )
    if probe.returncode:
        pytest.skip("this kernel has no PR_SET_MDWE, so the rule cannot be applied here")
    port = free_port()
    seed_index(real_index, tmp_path / "index")
    instance = Instance(
        port, tmp_path / "index", tmp_path / "gunicorn.log", workers=1, preexec=_deny_write_execute
    )
    try:
        instance.start().wait_until_up()
        for path in ("/da/", "/ar/services/danner", "/da/search?category=crisis-centre", "/da/sheet"):
            assert get_url(instance.base + path)[0] == 200, path
        form = urllib_post(instance.base + "/da/search", b"q=krisecentr")
        assert form == 200
    finally:
        instance.stop()
    assert "Traceback" not in (tmp_path / "gunicorn.log").read_text()


def urllib_post(url: str, body: bytes) -> int:
    """The status of a form POST."""
    import urllib.request

    request = urllib.request.Request(
        url, data=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status
