"""eval/mirror_proxy.py: a saved mirror answers as its own host through a real HTTP proxy, offline."""
from __future__ import annotations

import importlib.util
import threading
import urllib.error
import urllib.request
from http.server import ThreadingHTTPServer

import pytest

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("mirror_proxy", ROOT / "eval" / "mirror_proxy.py")
mirror_proxy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mirror_proxy)

PAGE = "<html><body><h1>Tin tức của trường</h1></body></html>"


@pytest.fixture
def proxy(tmp_path):
    site = tmp_path / "truong.edu.vn"
    (site / "tin-tuc").mkdir(parents=True)
    (site / "tin-tuc" / "bai-1.html").write_text(PAGE, encoding="utf-8")
    (site / "index.html").write_text("<html>home</html>", encoding="utf-8")
    (site / "gioi-thieu").mkdir()
    (site / "gioi-thieu" / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("outside the mirror", encoding="utf-8")
    handler = type("Handler", (mirror_proxy.MirrorHandler,), {"root": tmp_path, "log_message": lambda *a: None})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": f"http://127.0.0.1:{server.server_address[1]}"}))
    opener.proxy_port = server.server_address[1]
    yield opener
    server.shutdown()


def _status(opener, url):
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_a_mirrored_page_answers_as_its_host(proxy):
    assert _status(proxy, "http://truong.edu.vn/tin-tuc/bai-1.html?page=2") == (200, PAGE)


def test_a_folder_url_answers_with_its_index(proxy):
    assert _status(proxy, "http://truong.edu.vn/")[1] == "<html>home</html>"


def test_a_folder_named_without_its_slash_moves_to_it(proxy):
    # urllib follows the move: the page answers under the slash form
    assert _status(proxy, "http://truong.edu.vn/gioi-thieu") == (200, PAGE)


def test_a_folder_named_without_its_slash_answers_301(proxy):
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", proxy.proxy_port, timeout=10)
    connection.request("GET", "http://truong.edu.vn/gioi-thieu")
    assert connection.getresponse().status == 301


def test_a_page_the_mirror_lacks_is_404(proxy):
    assert _status(proxy, "http://truong.edu.vn/robots.txt")[0] == 404


def test_another_host_is_404(proxy):
    assert _status(proxy, "http://example.com/tin-tuc/bai-1.html")[0] == 404


def test_a_path_out_of_the_mirror_is_404(proxy):
    assert _status(proxy, "http://truong.edu.vn/../secret.txt")[0] == 404
