"""`personalint inventory pull` against a local HTTP server on loopback serving the documented
list replies: pagination, the auth header, errors, and nothing half-written. Never the real vendors."""

from __future__ import annotations

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from helpers import REPO

from personalint import inventory
from personalint.cli import cli

ORG = REPO / "tests" / "fixtures" / "inventory" / "org"
KEY = "sk-test-0123456789abcdef-never-printed"

# what the server holds: the fixture's items; endpoint -> (vendor, items, first page)
_ANAM = {f"/v1/{name}": name for name in ("avatars", "voices", "llms", "tools")}
_TAVUS = {
    "/v2/replicas": ("replicas", 1),
    "/v2/guardrails": ("guardrails", 0),
    "/v2/documents": ("documents", 0),
    "/v2/objectives": ("objectives", 1),
    "/v2/pronunciation-dictionaries": ("pronunciation-dictionaries", 0),
}


def _items(vendor: str, name: str) -> list[dict]:
    return [
        item for path in sorted((ORG / vendor).glob(f"{name}-*.json")) for item in json.loads(path.read_text())["data"]
    ]


class FakeVendor:
    """A loopback server answering like the documented list endpoints, with a small page size."""

    def __init__(self, page_size: int = 2) -> None:
        self.page_size = page_size
        self.requests: list[tuple[str, dict, dict]] = []  # (path, query, headers)
        self.overrides: dict[str, tuple[int, bytes, str]] = {}  # path -> (status, body, content type)
        self.total_bonus: dict[str, int] = {}  # path -> how many items the reply claims beyond those it has
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                fake.requests.append((url.path, query, {k.lower(): v for k, v in self.headers.items()}))
                status, body, content_type = fake.answer(url.path, query, self.headers)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # serve_forever checks for shutdown() every poll_interval (0.5 s by default): each test's teardown waited that long
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def answer(self, path: str, query: dict, headers) -> tuple[int, bytes, str]:
        if path in self.overrides:
            return self.overrides[path]
        if path in _ANAM:
            if headers.get("Authorization") != f"Bearer {KEY}":
                return 401, b'{"message": "Unauthorized"}', "application/json"
            items = _items("anam", _ANAM[path])
            size = min(int(query.get("perPage", 10)), self.page_size)
            page = int(query.get("page", 1))
            last = max(1, -(-len(items) // size))
            meta = {
                "total": len(items),
                "lastPage": last,
                "currentPage": page,
                "perPage": size,
                "prev": page - 1 if page > 1 else None,
                "next": page + 1 if page < last else None,
            }
            body = {"data": items[(page - 1) * size : page * size], "meta": meta}
        elif path in _TAVUS:
            if headers.get("x-api-key") != KEY:
                return 401, b'{"message": "Invalid access token"}', "application/json"
            name, first = _TAVUS[path]
            items = _items("tavus", name)
            size = min(int(query.get("limit", 10)), self.page_size)
            index = int(query.get("page", first)) - first
            body = {
                "data": items[index * size : (index + 1) * size],
                "total_count": len(items) + self.total_bonus.get(path, 0),
            }
            if path != "/v2/replicas" and path != "/v2/objectives":
                body.update(page=index + first, limit=size)
        else:
            return 404, b'{"message": "not found"}', "application/json"
        return 200, json.dumps(body).encode(), "application/json"

    def __enter__(self) -> "FakeVendor":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def vendor():
    with FakeVendor() as server:
        yield server


def pull(*args: str, env: dict | None = None):
    environment = {"ANAM_API_KEY": KEY, "TAVUS_API_KEY": KEY, **(env or {})}
    result = CliRunner().invoke(cli, ["inventory", "pull", *args], env=environment, catch_exceptions=False)
    assert KEY not in result.stdout and KEY not in result.stderr  # the key is never printed
    return result


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_anam_pull_follows_every_page_with_the_bearer_key(vendor, tmp_path: Path) -> None:
    result = pull("--vendor", "anam", "--out", str(tmp_path / "inv"), "--base-url", vendor.url)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote 6 files to {tmp_path / 'inv' / 'anam'}\n"
    assert "anam/voices: 4 voices in 2 pages" in result.stderr
    assert sorted(p.name for p in (tmp_path / "inv" / "anam").iterdir()) == [
        "avatars-1.json",
        "avatars-2.json",
        "llms-1.json",
        "tools-1.json",
        "voices-1.json",
        "voices-2.json",
    ]
    pulled = inventory.load(str(tmp_path / "inv"))
    original = inventory.load(str(ORG))
    for key in ("anam/avatars", "anam/voices", "anam/llms", "anam/tools"):
        assert pulled.lists[key] == original.lists[key], key
    assert all(headers["authorization"] == f"Bearer {KEY}" for _, _, headers in vendor.requests)
    assert all(headers["accept"] == "application/json" for _, _, headers in vendor.requests)
    voices = [query["page"] for path, query, _ in vendor.requests if path == "/v1/voices"]
    assert voices == ["1", "2"]  # meta.next followed, and no further
    llms = [query for path, query, _ in vendor.requests if path == "/v1/llms"]
    assert all(q["includeDefaults"] == "true" and q["perPage"] == "100" for q in llms)
    # a page as it came: the reply's own envelope
    page = json.loads((tmp_path / "inv" / "anam" / "avatars-2.json").read_text())
    assert page["meta"]["currentPage"] == 2 and page["meta"]["next"] is None


def test_tavus_pull_follows_total_count_with_the_api_key_header(vendor, tmp_path: Path) -> None:
    vendor.page_size = 20
    result = pull("--vendor", "tavus", "--out", str(tmp_path), "--base-url", vendor.url)
    assert result.exit_code == 0, result.output
    pulled = inventory.load(str(tmp_path / "tavus"))
    original = inventory.load(str(ORG))
    for key in (
        "tavus/replicas",
        "tavus/guardrails",
        "tavus/documents",
        "tavus/objectives",
        "tavus/pronunciation-dictionaries",
    ):
        assert pulled.lists[key] == original.lists[key], key
    assert len(pulled.files["tavus/guardrails"]) == 3  # 51 guardrails, 20 a page
    assert all(headers["x-api-key"] == KEY and "authorization" not in headers for _, _, headers in vendor.requests)
    guardrails = [query for path, query, _ in vendor.requests if path == "/v2/guardrails"]
    assert [q["page"] for q in guardrails] == ["0", "1", "2"]  # 0-indexed with legacy=false, as documented
    assert all(q["legacy"] == "false" for q in guardrails)
    replicas = [query for path, query, _ in vendor.requests if path == "/v2/replicas"]
    assert replicas == [{"verbose": "true", "page": "1", "limit": "100"}]


def test_a_refused_key_is_reported_and_nothing_is_written(vendor, tmp_path: Path) -> None:
    out = tmp_path / "inv"
    result = pull("--vendor", "anam", "--out", str(out), "--base-url", vendor.url, env={"ANAM_API_KEY": "wrong"})
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: inventory pull: the API key was refused (401) by GET {vendor.url}/v1/avatars: check ANAM_API_KEY"
    )
    assert not out.exists()
    tavus = pull("--vendor", "tavus", "--out", str(out), "--base-url", vendor.url, env={"TAVUS_API_KEY": "wrong"})
    assert tavus.exit_code == 2 and "the API key was refused (401)" in tavus.stderr


def test_a_failure_midway_leaves_the_previous_pull_as_it_was(vendor, tmp_path: Path) -> None:
    assert pull("--vendor", "anam", "--out", str(tmp_path), "--base-url", vendor.url).exit_code == 0
    before = _tree(tmp_path)
    vendor.overrides["/v1/tools"] = (500, b'{"message": "Server error"}', "application/json")
    result = pull("--vendor", "anam", "--out", str(tmp_path), "--base-url", vendor.url)
    assert result.exit_code == 2
    assert f"GET {vendor.url}/v1/tools answered HTTP 500: Server error" in result.stderr
    assert _tree(tmp_path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["anam"]  # no staging folder left behind


def test_a_reply_that_does_not_validate_is_not_written(vendor, tmp_path: Path) -> None:
    bad = {
        "data": [{"id": "v1", "provider": "CARTESIA", "isZdr": "yes"}],
        "meta": {"total": 1, "lastPage": 1, "currentPage": 1, "perPage": 100, "prev": None, "next": None},
    }
    vendor.overrides["/v1/voices"] = (200, json.dumps(bad).encode(), "application/json")
    result = pull("--vendor", "anam", "--out", str(tmp_path), "--base-url", vendor.url)
    assert result.exit_code == 2 and "data/0/isZdr: Input should be a valid boolean" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_reply_that_is_not_json(vendor, tmp_path: Path) -> None:
    vendor.overrides["/v1/voices"] = (200, b"<html><body>Maintenance</body></html>", "text/html")
    result = pull("--vendor", "anam", "--out", str(tmp_path / "x"), "--base-url", vendor.url)
    assert result.exit_code == 2
    assert (
        f"GET {vendor.url}/v1/voices did not answer JSON (it starts with '<html><body>Maintenance</body></html>')"
        in result.stderr
    )
    vendor.overrides["/v1/voices"] = (200, b'{"voices": []}', "application/json")
    result = pull("--vendor", "anam", "--out", str(tmp_path / "x"), "--base-url", vendor.url)
    assert "GET /v1/voices did not answer an Anam list reply (expected {data, meta})" in result.stderr
    assert not (tmp_path / "x").exists()


def test_anams_404_means_an_empty_list(vendor, tmp_path: Path) -> None:
    vendor.overrides["/v1/tools"] = (404, b'{"message": "Not Found - No tools found"}', "application/json")
    assert pull("--vendor", "anam", "--out", str(tmp_path), "--base-url", vendor.url).exit_code == 0
    assert inventory.load(str(tmp_path)).lists["anam/tools"] == {}


def test_pages_that_do_not_add_up_are_refused(vendor, tmp_path: Path) -> None:
    vendor.total_bonus["/v2/documents"] = 3
    result = pull("--vendor", "tavus", "--out", str(tmp_path), "--base-url", vendor.url)
    assert result.exit_code == 2
    assert "GET /v2/documents: the pages held 2 documents but the reply counts 5; nothing was written" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_network_errors_and_missing_keys(tmp_path: Path) -> None:
    with FakeVendor() as closed:
        url = closed.url
    result = pull("--vendor", "tavus", "--out", str(tmp_path), "--base-url", url)
    assert result.exit_code == 2 and f"cannot reach {url}/v2/replicas" in result.stderr
    missing = CliRunner().invoke(
        cli, ["inventory", "pull", "--vendor", "anam", "--out", str(tmp_path)], env={"ANAM_API_KEY": ""}
    )
    assert missing.exit_code == 2 and "set ANAM_API_KEY to your Anam API key" in missing.stderr
    not_http = pull("--vendor", "anam", "--out", str(tmp_path), "--base-url", "ftp://127.0.0.1/")
    assert not_http.exit_code == 2 and "--base-url must be an http(s) URL" in not_http.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_base_url_can_come_from_the_environment(vendor, tmp_path: Path) -> None:
    result = pull("--vendor", "anam", "--out", str(tmp_path), env={"PERSONALINT_ANAM_BASE_URL": vendor.url})
    assert result.exit_code == 0 and vendor.requests
    assert os.path.isfile(tmp_path / "anam" / "avatars-1.json")


def test_the_pulled_folder_checks_personas(vendor, tmp_path: Path) -> None:
    assert pull("--vendor", "anam", "--out", str(tmp_path / "inv"), "--base-url", vendor.url).exit_code == 0
    persona = tmp_path / "p.yaml"
    persona.write_text("avatarId: 30fa96d0-26c4-4e55-94a0-517025942e18\navatarModel: cara-4\n")
    result = CliRunner().invoke(cli, ["check", "--isolated", "--inventory", str(tmp_path / "inv"), str(persona)])
    assert "IV003" in result.output and result.exit_code == 1


def test_secret_looking_values_are_not_written(vendor, tmp_path: Path) -> None:
    webhook = {
        "data": [
            {
                "id": "t1",
                "name": "book_slot",
                "type": "SERVER_WEBHOOK",
                "config": {
                    "url": "https://hooks.example.com/book",
                    "headers": {"Authorization": "Bearer whsec-live-abcdef"},
                },
            }
        ],
        "meta": {"total": 1, "lastPage": 1, "currentPage": 1, "perPage": 100, "prev": None, "next": None},
    }
    vendor.overrides["/v1/tools"] = (200, json.dumps(webhook).encode(), "application/json")
    result = pull("--vendor", "anam", "--out", str(tmp_path), "--base-url", vendor.url)
    assert result.exit_code == 0
    assert "anam/tools: 1 tool in 1 page (1 secret-looking value replaced by <redacted>)" in result.stderr
    written = (tmp_path / "anam" / "tools-1.json").read_text()
    assert "whsec-live-abcdef" not in written and '"Authorization": "<redacted>"' in written
    assert "whsec-live-abcdef" not in result.stdout + result.stderr


def test_a_server_echoing_the_key_does_not_make_it_appear(vendor, tmp_path: Path) -> None:
    vendor.overrides["/v1/avatars"] = (400, json.dumps({"message": f"bad key {KEY}"}).encode(), "application/json")
    result = pull("--vendor", "anam", "--out", str(tmp_path), "--base-url", vendor.url)
    assert result.exit_code == 2 and "answered HTTP 400: bad key <redacted>" in result.stderr
    echoed = {
        "data": [{"id": "t1", "name": "x", "type": "CLIENT", "description": f"made with {KEY}"}],
        "meta": {"total": 1, "lastPage": 1, "currentPage": 1, "perPage": 100, "prev": None, "next": None},
    }
    vendor.overrides = {"/v1/tools": (200, json.dumps(echoed).encode(), "application/json")}
    assert pull("--vendor", "anam", "--out", str(tmp_path), "--base-url", vendor.url).exit_code == 0
    assert all(KEY not in text for text in _tree(tmp_path).values())
