"""JupyterHub for one class on one server: each student a separate OS user, nbgrader per role.

Run as root from the repository (after `make venv node` and `python deploy/class_setup.py ...`):

    .venv/bin/jupyterhub -f deploy/jupyterhub_config.py

Everything that differs between a real class and the loopback test is an environment variable:

    COURSE_INSTRUCTOR      the instructor's OS user name (default: instructor); a Hub admin
    COURSE_STUDENTS        comma-separated OS user names of the students (default: none)
    COURSE_HUB_IP / _PORT  where the proxy listens (default 127.0.0.1:8000; put TLS in front for a class)
    COURSE_HUB_STATE       the Hub's database, cookie secret and proxy pid (default /srv/jupyterhub)
    NBGRADER_EXCHANGE      the shared exchange (default /srv/nbgrader/exchange)
    COURSE_HUB_TEST_PASSWORD  tests only: a DummyAuthenticator with this one password instead of PAM
"""

import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (injected by traitlets)

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
STATE = Path(os.environ.get("COURSE_HUB_STATE", "/srv/jupyterhub"))
EXCHANGE = os.environ.get("NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")
INSTRUCTOR = os.environ.get("COURSE_INSTRUCTOR", "instructor")
STUDENTS = {s.strip() for s in os.environ.get("COURSE_STUDENTS", "").split(",") if s.strip()}

# Where it listens: the proxy is public, the Hub and the proxy's API stay on loopback.
c.JupyterHub.ip = os.environ.get("COURSE_HUB_IP", "127.0.0.1")
c.JupyterHub.port = int(os.environ.get("COURSE_HUB_PORT", "8000"))
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ.get("COURSE_HUB_API_PORT", "8081"))
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ.get('COURSE_HUB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [str(ROOT / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "jupyterhub-proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.cleanup_servers = True

# Who may log in: the class roster; the instructor administers the Hub.
c.Authenticator.allowed_users = {INSTRUCTOR, *STUDENTS}
c.Authenticator.admin_users = {INSTRUCTOR}
if os.environ.get("COURSE_HUB_TEST_PASSWORD"):
    # Tests on loopback only: no PAM, one shared password. Never use this for a class.
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = os.environ["COURSE_HUB_TEST_PASSWORD"]
# else: the default PAMAuthenticator (OS accounts and passwords); the Hub must run as root.

# Each user's server runs as that OS user (LocalProcessSpawner, the default), from the course's venv.
c.Spawner.cmd = [str(VENV_BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    "PATH": f"{VENV_BIN}{os.pathsep}/usr/local/bin{os.pathsep}/usr/bin{os.pathsep}/bin",
    "NBGRADER_EXCHANGE": EXCHANGE,
    "MPLBACKEND": "Agg",
}
