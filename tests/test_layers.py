"""The layers the import-linter contracts state hold at run time too: the commands that do not crawl never
load Scrapy (they start fast, and the archive and search work where Scrapy is not installed)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

LOADED = ("import json, sys; {imports}; "
          "print(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & {{'scrapy', 'twisted'}})))")


@pytest.mark.parametrize("imports", [
    "from portal_archive.cli.main import main",
    "from portal_archive import archive",
    "from portal_archive.datasette import plugin",
    "from portal_archive.ops import scheduler, health, cluster",
])
def test_no_scrapy_without_a_crawl(imports):
    proc = subprocess.run([sys.executable, "-c", LOADED.format(imports=imports)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=True)
    assert json.loads(proc.stdout) == []


def test_help_runs_without_scrapy():
    code = ("import json, sys; from click.testing import CliRunner; from portal_archive.cli.main import main; "
            "r = CliRunner().invoke(main, ['search', '--help']); assert r.exit_code == 0, r.output; "
            "print(json.dumps('scrapy' in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          check=True)
    assert json.loads(proc.stdout) is False
