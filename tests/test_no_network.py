"""kratomtrack opens no network connection: a whole round of commands runs
with every attempt to reach the network turned into a test failure."""

import socket
import sys

import pytest

from kratomtrack.store.backups import list_backups

from conftest import TODAY

_NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
                   "socket.sendto", "socket.sendmsg", "urllib.Request", "http.client.connect",
                   "ftplib.connect", "smtplib.connect"}
_attempts: list[str] = []
_armed = False


class NetworkAttempted(AssertionError):
    pass


def _audit(event: str, args) -> None:
    # Python's audit hooks see every socket connect and name lookup made
    # from Python code, including those inside libraries.
    if _armed and event in _NETWORK_EVENTS:
        _attempts.append(f"{event} {args!r}"[:200])
        raise NetworkAttempted(f"network attempted: {event} {args!r}")


sys.addaudithook(_audit)  # cannot be removed; it acts only while armed


@pytest.fixture
def no_network(monkeypatch):
    """Fail on any network connection attempt (recorded even if the code swallows it)."""
    global _armed

    def refuse(self, address, *args):
        _attempts.append(f"socket.connect {address!r}")
        raise NetworkAttempted(f"network attempted: connect to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    _attempts.clear()
    _armed = True
    try:
        yield _attempts
    finally:
        _armed = False
    assert _attempts == [], f"kratomtrack tried to use the network: {_attempts}"


def test_the_guard_catches_a_connection_attempt(no_network):
    with pytest.raises(NetworkAttempted):
        socket.create_connection(("127.0.0.1", 9), timeout=0.1)
    with pytest.raises(NetworkAttempted):
        socket.getaddrinfo("example.org", 443)
    assert len(no_network) == 2
    no_network.clear()  # expected here; the fixture checks the list is empty at the end


def test_a_whole_round_of_commands_opens_no_connection(no_network, run_cli, data_dir, tmp_path):
    assert run_cli("where")[0] == 0
    assert run_cli("demo", "--days", 60, "--today", TODAY)[0] == 0
    assert run_cli("backup")[0] == 0
    assert run_cli("backup", "--list")[0] == 0
    assert run_cli("export", "--format", "csv", "-o", tmp_path / "csv")[0] == 0
    assert run_cli("export", "--format", "json", "-o", tmp_path / "log.json")[0] == 0
    other = tmp_path / "other"
    assert run_cli("import", tmp_path / "log.json", folder=other)[0] == 0
    assert run_cli("import", tmp_path / "csv" / "doses.csv", tmp_path / "csv" / "checkins.csv",
                   "--replace", folder=other)[0] == 0
    backup = list_backups(data_dir)[0]
    assert run_cli("restore", backup.path)[0] == 0
    assert run_cli("import", tmp_path / "nonexistent.csv")[0] == 2
