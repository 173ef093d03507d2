"""A real CUPS print service for the tests, with a cups-pdf queue (/work notes: cups-pdf.md).

``CupsService`` runs a cupsd of its own, in a folder of its own, listening
only at the socket conftest.py gives every test (CUPS_SERVER): the
computer's own printers and cupsd are never touched. It needs root (the
cups-pdf backend runs as root, and cupsd runs filters as the ``lp`` user)
and Debian's cups, cups-client and printer-driver-cups-pdf (.ci/run installs
them); ``unavailable()`` says why not, for a skip. Jobs and their documents
are kept (PreserveJobFiles), so a test reads what was spooled.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

CUPSD = "/usr/sbin/cupsd"
CUPS_PDF_BACKEND = "/usr/lib/cups/backend/cups-pdf"
CUPS_PDF_PPD = "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd"
QUEUE = "PDF"

CUPSD_CONF = """Listen {socket}
LogLevel warn
WebInterface No
Browsing No
PreserveJobFiles Yes
PreserveJobHistory Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""
CUPS_FILES_CONF = """ServerRoot {root}/conf
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
TempDir {root}/tmp
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
SystemGroup root
FatalErrors none
"""


def unavailable() -> str:
    """Why a real print service cannot run here ('' when it can)."""
    if os.name != "posix" or os.geteuid() != 0:
        return "a cupsd with the cups-pdf backend needs root (CI runs as root)"
    for path in (CUPSD, CUPS_PDF_BACKEND, CUPS_PDF_PPD):
        if not Path(path).exists():
            return f"{path} is missing: apt-get install cups cups-client printer-driver-cups-pdf"
    for tool in ("lpadmin", "lpstat", "cupsreject", "pdftotext", "pdfinfo"):
        if shutil.which(tool) is None:
            return f"{tool} is missing"
    return ""


def run(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=30,
                            env={**os.environ, "LC_ALL": "C"})
    assert result.returncode == 0, f"{' '.join(command)}: {result.stderr}"
    return result.stdout


class CupsService:
    def __init__(self) -> None:
        self.socket = Path(os.environ["CUPS_SERVER"])
        self.root = self.socket.parent
        self.process: subprocess.Popen | None = None

    def start(self) -> CupsService:
        # Readable by the lp user, which runs the filters on the spooled files.
        self.root.mkdir(mode=0o755, exist_ok=True)
        os.chmod(self.root, 0o755)
        for name in ("conf", "spool", "cache", "state", "log"):
            (self.root / name).mkdir(exist_ok=True)
        (self.root / "tmp").mkdir(exist_ok=True)
        os.chmod(self.root / "tmp", 0o1777)
        (self.root / "conf" / "cupsd.conf").write_text(CUPSD_CONF.format(socket=self.socket))
        (self.root / "conf" / "cups-files.conf").write_text(CUPS_FILES_CONF.format(root=self.root))
        self.process = subprocess.Popen(
            [CUPSD, "-f", "-c", str(self.root / "conf" / "cupsd.conf"),
             "-s", str(self.root / "conf" / "cups-files.conf")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        self._wait_for(lambda: "scheduler is running" in self._lpstat_r(), "cupsd to answer")
        return self

    def _lpstat_r(self) -> str:
        result = subprocess.run(["lpstat", "-r"], capture_output=True, text=True, timeout=10,
                                env={**os.environ, "LC_ALL": "C"})
        return result.stdout

    def _wait_for(self, ready, what: str, seconds: float = 20.0) -> None:
        deadline = time.monotonic() + seconds
        while not ready():
            assert time.monotonic() < deadline, f"timed out waiting for {what}"
            time.sleep(0.1)

    def add_queue(self, paper: str = "Letter", name: str = QUEUE) -> str:
        run("lpadmin", "-p", name, "-v", "cups-pdf:/", "-E", "-P", CUPS_PDF_PPD,
            "-o", f"PageSize={paper}")
        run("lpadmin", "-d", name)
        return name

    def jobs(self, queue: str = QUEUE) -> list[int]:
        out = run("lpstat", "-W", "all", "-o", queue)
        return [int(line.split()[0].rpartition("-")[2]) for line in out.splitlines()
                if line and not line[0].isspace()]

    def spooled(self, job: int) -> Path:
        """The document of job ``job`` as the print system received it."""
        return self.root / "spool" / f"d{job:05d}-001"

    def control(self, job: int) -> bytes:
        """The job's attributes as cupsd keeps them (job-name among them)."""
        return (self.root / "spool" / f"c{job:05d}").read_bytes()

    def wait_done(self, job: int, queue: str = QUEUE) -> None:
        self._wait_for(lambda: f"{queue}-{job} " not in run("lpstat", "-W", "not-completed", "-o", queue),
                       f"job {job} to finish")

    def stop(self) -> None:
        """Stop the cupsd this object started (by its pid) and wait for it."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
