"""Scale-out end to end: two real scrapyd nodes on 127.0.0.1, the project deployed with scrapyd-deploy,
the replica portals dispatched across them, shards merged into one archive equal to a single-machine crawl."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import replica
from portal_archive.ops.cluster import Cluster, ClusterError, Node, rendezvous
from portal_archive.ops.schedule import load_schedule
from portal_archive import archive
from portal_archive.archive.merge import merge_shards, table_checksums
from portal_archive.ops import dispatch
from tests.conftest import BIN, ROOT, rows, run_cli

pytest.importorskip("scrapyd")
pytest.importorskip("scrapyd_client")

SCRAPYD_CONF = """[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
eggs_dir = {home}/eggs
logs_dir = {home}/logs
items_dir =
jobs_to_keep = 5
dbs_dir = {home}/dbs
max_proc = 4
poll_interval = 0.2
finished_to_keep = 100
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ScrapydNode:
    """A scrapyd process in its own directory (its scrapyd.conf in its cwd), run with this interpreter."""

    def __init__(self, name: str, home: Path, env: dict | None = None):
        self.name, self.home, self.port = name, home, free_port()
        home.mkdir(parents=True)
        (home / "scrapyd.conf").write_text(SCRAPYD_CONF.format(port=self.port, home=home))
        self.out = open(home / "scrapyd.out", "wb")
        self.proc = subprocess.Popen([sys.executable, "-m", "scrapyd"], cwd=home, stdout=self.out,
                                     stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
        self.url = f"http://127.0.0.1:{self.port}/"

    def wait_up(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                assert self.proc.poll() is None, (self.home / "scrapyd.out").read_text()[-2000:]
                time.sleep(0.1)
        raise AssertionError(f"scrapyd {self.name} did not start")

    def stop(self, kill=False):
        if self.proc.poll() is None:
            self.proc.kill() if kill else self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.out.close()


@pytest.fixture(scope="module")
def cluster_env(tmp_path_factory, replica_live):
    """Two scrapyd nodes with the project deployed by scrapyd-deploy; a schedule file naming them."""
    base = tmp_path_factory.mktemp("cluster")
    node1 = ScrapydNode("node1", base / "node1", env={"PORTAL_ARCHIVE_DATA": str(base / "node1" / "data")})
    node2 = ScrapydNode("node2", base / "node2")  # its shard is set by the schedule's `db` instead
    nodes = [node1, node2]
    try:
        for node in nodes:
            node.wait_up()
        # deploy with the standard client: targets come from a user-level scrapy.cfg (XDG_CONFIG_HOME)
        config = base / "config"
        config.mkdir()
        (config / "scrapy.cfg").write_text("".join(f"[deploy:{n.name}]\nurl = {n.url}\nproject = portal_archive\n\n"
                                                   for n in nodes))
        env = {**os.environ, "XDG_CONFIG_HOME": str(config)}
        # build from a copy of the project: setup.py's build/ never races another test run in the checkout
        project = base / "project"
        ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "build")
        project.mkdir()
        for name in ("scrapy.cfg", "setup.py", "pyproject.toml", "README.md"):
            shutil.copy(ROOT / name, project / name)
        for package in ("crawler", "pipelines", "replica"):
            shutil.copytree(ROOT / package, project / package, ignore=ignore)
        egg = base / "portal_archive.egg"
        deploy = BIN / "scrapyd-deploy"
        build = subprocess.run([str(deploy), "--build-egg", str(egg)], cwd=project, env=env, capture_output=True,
                               text=True, timeout=120)
        assert build.returncode == 0, build.stderr[-2000:]
        for node in nodes:
            out = subprocess.run([str(deploy), node.name, "--egg", str(egg)], cwd=project, env=env,
                                 capture_output=True, text=True, timeout=120)
            assert out.returncode == 0, out.stdout + out.stderr
            assert '"status": "ok"' in out.stdout + out.stderr, out.stdout + out.stderr
            assert "portal" in (out.stdout + out.stderr)  # the spider list scrapyd read from the egg
        shard2 = base / "node2" / "shard" / "archive.db"
        schedule = base / "schedule.toml"
        schedule.write_text(
            "[cluster]\nnodes = [\n"
            f'  {{ name = "node1", url = "{node1.url}" }},\n'
            f'  {{ name = "node2", url = "{node2.url}", db = "{shard2}" }},\n]\n\n'
            '[defaults]\ncron = "@daily"\n\n'
            + "".join(f'[portals.{slug}]\nbase_url = "{url}"\n\n' for slug, url in replica_live.base_urls.items()))
        yield {"base": base, "nodes": {n.name: n for n in nodes}, "schedule": schedule,
               "shards": {"node1": base / "node1" / "data" / "archive.db", "node2": shard2},
               "central": base / "central" / "archive.db"}
    finally:
        for node in nodes:
            node.stop()


def test_two_nodes_dispatch_merge_equals_single_machine_crawl(cluster_env, crawled_db, replica_live):
    schedule = load_schedule(cluster_env["schedule"])
    cluster = Cluster.from_schedule(schedule)
    assert {n: s["up"] for n, s in cluster.status().items()} == {"node1": True, "node2": True}
    expected = {e.slug: rendezvous(e.slug, cluster.nodes)[0].name for e in schedule.entries}
    assert set(expected.values()) == {"node1", "node2"}  # the three portals spread over both nodes

    central = archive.open_archive(cluster_env["central"])
    decisions = cluster.dispatch(schedule.entries, central, trigger="scheduled")
    assert [(d.portal, d.status, d.node) for d in decisions] == \
        [(e.slug, "dispatched", expected[e.slug]) for e in schedule.entries], [d.line() for d in decisions]
    assert all(d.job.startswith(d.portal + ".") and d.reassigned_from is None for d in decisions)
    # no overlap: while the jobs are pending or running, a second dispatch sends nothing
    again = cluster.dispatch(schedule.entries, central, trigger="manual")
    assert [d.status for d in again] == ["skipped"] * 3, [d.line() for d in again]
    assert all(f"job {d.job}" in a.message for d, a in zip(decisions, again))

    finished = cluster.wait(central, [d.job for d in decisions], timeout=60, poll=0.3)
    assert {j: f["node"] for j, f in finished.items()} == {d.job: d.node for d in decisions}
    history = dispatch.list_dispatches(central, limit=None)
    assert sorted(r["status"] for r in history) == ["finished"] * 3 + ["skipped"] * 3

    # each node wrote its own shard, runs recorded with node and scrapyd job, as a crawl would
    shards = cluster_env["shards"]
    for node, shard in shards.items():
        runs = rows(shard, "SELECT portal, status, node, scrapyd_job, trigger FROM crawl_runs")
        assert sorted((r["portal"], r["status"], r["node"], r["trigger"]) for r in runs) == \
            sorted((d.portal, "ok", node, "scheduled") for d in decisions if d.node == node)
        assert {r["scrapyd_job"] for r in runs} == {d.job for d in decisions if d.node == node}
        assert list((shard.parent / "warc").glob("*.warc.gz")), f"{node} captured no WARC"
    before = {t: archive.count_rows(central, t) for t in ("articles", "counter_snapshots", "crawl_runs")}
    central.conn.close()

    reports = merge_shards([shards["node1"], shards["node2"]], cluster_env["central"])
    assert [r.shard for r in reports] == ["node1", "node2"]
    merged = cluster_env["central"]
    single = {(r["url"], r["content_hash"]) for r in rows(crawled_db, "SELECT url, content_hash FROM articles")}
    got = {(r["url"], r["content_hash"]) for r in rows(merged, "SELECT url, content_hash FROM articles")}
    assert got == single
    assert rows(merged, "SELECT count(*) AS n, count(DISTINCT url_key) AS k FROM articles")[0] == \
        {"n": len(single), "k": len(single)}
    counters = {r["portal"]: r["n"] for r in rows(merged, "SELECT portal, count(*) AS n FROM counter_snapshots "
                                                          "WHERE total IS NOT NULL GROUP BY portal")}
    assert set(counters) == set(replica.PORTALS)
    assert min(counters.values()) > 10
    runs = rows(merged, "SELECT portal, shard, node, scrapyd_job FROM crawl_runs")
    assert sorted((r["portal"], r["shard"], r["node"], r["scrapyd_job"]) for r in runs) == \
        sorted((d.portal, d.node, d.node, d.job) for d in decisions)
    # each article names the merged run of its own portal that stored it
    owners = rows(merged, "SELECT count(*) AS n FROM articles a JOIN crawl_runs r ON r.id = a.run_id "
                          "WHERE r.portal = a.portal")
    assert owners == [{"n": len(single)}]
    # WARC references resolve in the merged archive's warc/ directory
    from warcio.archiveiterator import ArchiveIterator

    refs = rows(merged, "SELECT warc_file, warc_offset, warc_record_id FROM articles")
    assert all(r["warc_file"] for r in refs)
    for ref in refs[:: max(1, len(refs) // 40)]:
        with open(merged.parent / "warc" / ref["warc_file"], "rb") as fh:
            fh.seek(ref["warc_offset"])
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_headers.get_header("WARC-Record-ID") == ref["warc_record_id"]
    # the search index covers every merged article
    db = archive.open_archive(merged)
    assert archive.count_rows(db, "articles_fts") == len(single)
    site = replica_live.sites["danvan-replica"]
    assert archive.search_count(db, site.articles[0]["title"].split()[-1]) >= 1
    after = {t: archive.count_rows(db, t) for t in ("articles", "counter_snapshots", "crawl_runs")}
    sums = table_checksums(db)
    db.conn.close()
    print(f"\nrows before merge {before}, after {after}")

    merge_shards([shards["node1"], shards["node2"]], merged)  # again: a no-op
    db = archive.open_archive(merged)
    assert table_checksums(db) == sums
    db.conn.close()
    out = run_cli("merge", shards["node2"], "--into", merged, check=True).stdout
    assert "0 new, 0 updated" in out
    assert "0 copied" in out


def test_node_down_at_dispatch_its_portals_go_to_the_other_node(cluster_env):
    schedule = load_schedule(cluster_env["schedule"])
    cluster = Cluster.from_schedule(schedule)
    cluster_env["nodes"]["node2"].stop(kill=True)  # the machine died
    status = cluster.status()
    assert status["node1"]["up"]
    assert not status["node2"]["up"]
    central = archive.open_archive(cluster_env["central"])
    try:
        decisions = cluster.dispatch(schedule.entries, central, trigger="scheduled")
        prefer2 = [e.slug for e in schedule.entries if rendezvous(e.slug, cluster.nodes)[0].name == "node2"]
        assert prefer2
        for d in decisions:
            assert d.status == "dispatched", d.line()
            assert d.node == "node1", d.line()
            if d.portal in prefer2:
                assert d.reassigned_from == "node2"
                assert d.message.startswith("reassigned from node2: node down")
            else:
                assert d.reassigned_from is None
        history = {r["scrapyd_job"]: r for r in dispatch.list_dispatches(central, limit=3)}
        for d in decisions:
            assert history[d.job]["node"] == "node1"
            assert history[d.job]["reassigned_from"] == ("node2" if d.portal in prefer2 else None)
        cluster.wait(central, [d.job for d in decisions], timeout=60, poll=0.3)
    finally:
        central.conn.close()
    text = run_cli("cluster", "history", "--db", cluster_env["central"], "--limit", "3", check=True).stdout
    assert text.count("reassigned from node2: node down") == len(prefer2)
    # every node down: nothing dispatched, said so
    cluster_env["nodes"]["node1"].stop(kill=True)
    central = archive.open_archive(cluster_env["central"])
    try:
        failed = Cluster([Node("node1", cluster_env["nodes"]["node1"].url)]).dispatch(schedule.entries[:1], central)
    finally:
        central.conn.close()
    assert failed[0].status == "failed"
    assert "no scrapyd node is up" in failed[0].message


def test_dispatch_needs_nodes():
    with pytest.raises(ClusterError):
        Cluster([])


# --- merge semantics on small hand-made shards (no scrapyd) ----------------------------------------

def _shard(path: Path, captures: list[tuple[str, str, str]], snapshots=()):
    """An archive where one article (url_key k1) was captured with (fetched_at, body, warc file) in order."""
    db = archive.open_archive(path)
    db["portals"].insert({"slug": "p", "name": "P", "first_crawled_at": captures[0][0],
                          "last_crawled_at": captures[-1][0]})
    for fetched, body, warc in captures:
        rec = {"url": "http://p/a1", "url_key": "k1", "portal": "p", "title": f"T {body}", "body_text": body,
               "content_hash": f"h-{body}", "first_seen_at": fetched, "last_seen_at": fetched,
               "fetched_at": fetched, "warc_file": warc, "warc_record_id": f"<urn:{warc}:{fetched}>",
               "images": [{"src": f"http://p/{body}.jpg", "caption": body}]}
        archive.store_batch(db, [rec], [{"portal": "p", "page_url": "http://p/a1", "fetched_at": s, "total": n}
                                        for s, n in snapshots if s == fetched])
    db.conn.close()
    return path


def _state(path: Path):
    return (rows(path, "SELECT url_key, body_text, fetched_at, first_seen_at, last_seen_at, warc_file FROM articles"),
            rows(path, "SELECT body_text, fetched_at, replaced_at FROM article_versions ORDER BY fetched_at"),
            rows(path, "SELECT src FROM images"),
            rows(path, "SELECT fetched_at, total FROM counter_snapshots ORDER BY fetched_at"))


def test_merge_interleaves_revisions_by_fetch_time_in_any_order(tmp_path):
    snaps = [("2025-01-01T00:00:00+00:00", 10), ("2025-01-02T00:00:00+00:00", 20), ("2025-01-03T00:00:00+00:00", 30)]
    a = _shard(tmp_path / "a" / "archive.db", [("2025-01-01T00:00:00+00:00", "one", "a1.warc.gz"),
                                               ("2025-01-03T00:00:00+00:00", "three", "a2.warc.gz")], snaps)
    b = _shard(tmp_path / "b" / "archive.db", [("2025-01-02T00:00:00+00:00", "two", "b1.warc.gz"),
                                               ("2025-01-04T00:00:00+00:00", "three", "b2.warc.gz")], snaps[1:])
    merge_shards([a, b], tmp_path / "ab" / "archive.db")
    merge_shards([b, a], tmp_path / "ba" / "archive.db")
    articles, versions, images, counters = _state(tmp_path / "ab" / "archive.db")
    assert articles == [{"url_key": "k1", "body_text": "three", "fetched_at": "2025-01-03T00:00:00+00:00",
                         "first_seen_at": "2025-01-01T00:00:00+00:00", "last_seen_at": "2025-01-04T00:00:00+00:00",
                         "warc_file": "a2.warc.gz"}]  # the text "three" was first captured by a, on the 3rd
    assert versions == [{"body_text": "one", "fetched_at": "2025-01-01T00:00:00+00:00",
                         "replaced_at": "2025-01-02T00:00:00+00:00"},
                        {"body_text": "two", "fetched_at": "2025-01-02T00:00:00+00:00",
                         "replaced_at": "2025-01-03T00:00:00+00:00"}]
    assert images == [{"src": "http://p/three.jpg"}]
    assert counters == [{"fetched_at": s, "total": n} for s, n in snaps]  # unioned, once each
    assert _state(tmp_path / "ba" / "archive.db") == (articles, versions, images, counters)
    db = archive.open_archive(tmp_path / "ab" / "archive.db")
    sums = table_checksums(db)
    db.conn.close()
    merge_shards([b, a], tmp_path / "ab" / "archive.db")
    db = archive.open_archive(tmp_path / "ab" / "archive.db")
    assert table_checksums(db) == sums
    assert archive.search_count(db, "three") == 1
    db.conn.close()


def test_merge_copies_warc_files_and_renames_a_clash(tmp_path):
    a = _shard(tmp_path / "a" / "archive.db", [("2025-01-01T00:00:00+00:00", "one", "x.warc.gz")])
    b = _shard(tmp_path / "b" / "archive.db", [("2025-01-02T00:00:00+00:00", "two", "x.warc.gz")])
    for shard, content in ((a, b"AAAA"), (b, b"BBBB")):
        (shard.parent / "warc").mkdir()
        (shard.parent / "warc" / "x.warc.gz").write_bytes(content)
    target = tmp_path / "t" / "archive.db"
    reports = merge_shards([a, b], target)
    assert [r.warc for r in reports] == [{"copied": 1, "identical": 0, "grown": 0, "renamed": 0},
                                         {"copied": 0, "identical": 0, "grown": 0, "renamed": 1}]
    warc = target.parent / "warc"
    assert (warc / "x.warc.gz").read_bytes() == b"AAAA"
    assert (warc / "x--b.warc.gz").read_bytes() == b"BBBB"
    assert rows(target, "SELECT warc_file FROM articles") == [{"warc_file": "x--b.warc.gz"}]  # b's text is current
    assert rows(target, "SELECT warc_file FROM article_versions") == [{"warc_file": "x.warc.gz"}]
    (a.parent / "warc" / "x.warc.gz").write_bytes(b"AAAAMORE")  # a's crawl appended records since
    again = merge_shards([a, b], target)
    assert [r.warc for r in again] == [{"copied": 0, "identical": 0, "grown": 1, "renamed": 0},
                                       {"copied": 0, "identical": 1, "grown": 0, "renamed": 0}]
    assert (warc / "x.warc.gz").read_bytes() == b"AAAAMORE"


def test_schedule_cluster_table_and_scheduler_dispatch_mode(tmp_path):
    from portal_archive.ops.schedule import ScheduleError
    from portal_archive.ops.scheduler import Scheduler

    path = tmp_path / "s.toml"
    path.write_text(f'[cluster]\nnodes = [{{ name = "n1", url = "http://127.0.0.1:{free_port()}" }}]\n'
                    '[portals.travinh-replica]\ncron = "@daily"\n')
    schedule = load_schedule(path)
    assert schedule.nodes[0]["url"].endswith("/")
    assert schedule.cluster["project"] == "portal_archive"
    lines = []
    sched = Scheduler(schedule, tmp_path / "central.db", log=lines.append)
    job = sched.launcher(schedule.entries[0])  # no node answers: recorded failed, seen as exit status 1
    assert job.poll() == 1
    assert any("no scrapyd node is up" in line for line in lines)
    db = archive.open_archive(tmp_path / "central.db")
    assert [r["status"] for r in dispatch.list_dispatches(db)] == ["failed"]
    db.conn.close()
    for bad in ('nodes = []', 'nodes = [{ name = "a b", url = "http://x" }]',
                'nodes = [{ name = "a", url = "ftp://x" }]', 'nodes = [{ name = "a", url = "http://x" }, '
                '{ name = "a", url = "http://y" }]', 'zones = 1'):
        path.write_text(f"[cluster]\n{bad}\n[portals.travinh-replica]\ncron = \"@daily\"\n")
        with pytest.raises(ScheduleError, match=r"\[cluster\]"):
            load_schedule(path)
