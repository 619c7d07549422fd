"""The load tools' own logic (bench/stack.py, bench/scale_demo.py) and the proxy configurations.

The tools themselves run for minutes against real servers (make bench-serve, make
scale-demo); here only what would make their figures wrong, or a configuration that
HAProxy refuses.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import scale_demo  # noqa: E402
import stack  # noqa: E402

WRK_OUTPUT = """\
Running 5s test @ http://127.0.0.1:8000/
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   160.02ms   40.10ms   1.20s    85.20%
    Req/Sec    48.00      5.00     60.00     70.00%
  Latency Distribution
     50%  850.00us
     75%    4.69ms
     90%    7.73ms
     99%    1.20s
  241 requests in 5.01s, 2.50MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 3
Requests/sec:     48.10
Transfer/sec:    510.00KB
"""


def test_wrk_output_is_read_in_milliseconds_whatever_its_units():
    load = stack.parse_wrk(WRK_OUTPUT)
    assert load.requests == 241
    assert load.seconds == pytest.approx(5.01)
    assert load.rps == pytest.approx(48.1)
    assert load.p50 == pytest.approx(0.85)
    assert load.p75 == pytest.approx(4.69)
    assert load.p99 == pytest.approx(1200)
    assert load.bad_status == 3
    assert load.socket_errors == {"connect": 0, "read": 2, "write": 0, "timeout": 1}
    assert load.errors == 6


def test_a_clean_wrk_run_has_no_errors():
    clean = "\n".join(
        line for line in WRK_OUTPUT.splitlines() if "errors" not in line and "Non-2xx" not in line
    )
    assert stack.parse_wrk(clean).errors == 0


def test_unexpected_wrk_output_is_an_error_not_a_zero():
    with pytest.raises(RuntimeError, match="Unexpected wrk output"):
        stack.parse_wrk("unable to connect to 127.0.0.1:8000 Connection refused\n")


def test_the_crowd_script_requests_every_page_in_turn(tmp_path):
    script = stack.rotation_script(tmp_path / "pages.lua", ["/", "/search/?q=gun+violence"])
    text = script.read_text()
    assert 'local paths = {"/", "/search/?q=gun+violence"}' in text
    assert "i = i % #paths + 1" in text


def test_the_tools_touch_no_server_but_this_machine():
    with pytest.raises(SystemExit, match="not on this machine"):
        stack.redis_command("redis://cache.example:6379/0", "FLUSHDB")
    with pytest.raises(SystemExit, match="not on this machine"):
        stack.Database("postgres://postgres@db.example:5432/postgres")


def haproxy_check(config, env=None):
    binary = stack.find_tool("haproxy")
    if not binary:
        pytest.skip("haproxy is not installed (make bench-tools)")
    return subprocess.run(  # noqa: S603 - the installed haproxy, a file written here
        [binary, "-c", "-q", "-f", str(config)],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_the_scale_demo_haproxy_configuration_is_valid(tmp_path):
    servers = [stack.Gunicorn(name, 8000 + n, {}, tmp_path) for n, name in enumerate("ABC")]
    proxy = scale_demo.HAProxy(tmp_path, 8080, servers, maxconn=2)
    result = haproxy_check(proxy.config)
    assert result.returncode == 0, result.stderr
    assert "server C 127.0.0.1:8002" in proxy.config.read_text()


def test_the_deploy_haproxy_configuration_is_valid(tmp_path):
    openssl = shutil.which("openssl")
    if not openssl:
        pytest.skip("openssl is needed for a throwaway certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    certificate = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    subprocess.run(  # noqa: S603 - fixed arguments
        [openssl, *certificate, "-subj", "/CN=localhost", "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    (tmp_path / "site.pem").write_text(cert.read_text() + key.read_text())
    config = tmp_path / "haproxy.cfg"
    config.write_text(
        (ROOT / "deploy" / "haproxy.cfg")
        .read_text()
        .replace("/usr/local/etc/haproxy/certs/site.pem", str(tmp_path / "site.pem"))
    )
    result = haproxy_check(config, {"PUBLIC_HOST": "safety.example", "APP_WORKERS": "3"})
    assert result.returncode == 0, result.stderr
