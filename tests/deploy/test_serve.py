"""deploy/serve.py's HAProxy configuration: accepted by HAProxy itself, and sticky by cookie."""

import shutil
import subprocess

from deploy.serve import haproxy_config, memory_refusal, streamlit_command

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"


def test_haproxy_accepts_the_generated_configuration(tmp_path):
    config = tmp_path / "haproxy.cfg"
    config.write_text(haproxy_config("127.0.0.1", 8501, [8601, 8602, 8603], 8600))
    checked = subprocess.run([HAPROXY, "-c", "-f", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_every_worker_is_health_checked_and_named_by_the_affinity_cookie():
    config = haproxy_config("0.0.0.0", 8501, [8601, 8602], 8600)
    assert "cookie EXPLORER_BACKEND insert" in config and "balance source" not in config
    assert "option httpchk GET /_stcore/health" in config
    for name, port in (("s1", 8601), ("s2", 8602)):
        assert f"server {name} 127.0.0.1:{port} check" in config and f"cookie {name}" in config
    assert "timeout tunnel" in config  # websockets outlive the ordinary server timeout


def test_make_serve_refuses_workers_that_do_not_fit_with_the_arithmetic(monkeypatch):
    monkeypatch.setenv("BERT_EXPLORER_MODEL_CACHE_MB", "2048")
    monkeypatch.setenv("BERT_EXPLORER_RESULT_CACHE_MB", "256")
    each = (1024 + 2048 + 256 + 1024) * 2**20
    assert memory_refusal(2, 2 * each) is None
    refusal = memory_refusal(3, 2 * each)
    assert refusal.startswith("3 workers need up to 13,056 MiB: 3 × (1,024 MiB process and sessions + 2,048 MiB "
                              "model cache + 256 MiB shared results + 1,024 MiB one training run), more than this "
                              "machine's 8,704 MiB.")


def test_a_server_on_the_network_names_its_own_address_so_streamlit_looks_up_none():
    assert "--browser.serverAddress=0.0.0.0" in streamlit_command(8501, "0.0.0.0")
    assert not any(part.startswith("--browser.serverAddress") for part in streamlit_command(8501, "127.0.0.1"))
