"""The Colab set-up cell, run for real: with a stand-in `google.colab` module and a local clone URL
it must clone the course, install requirements-colab.txt and make `import utils` find the clone;
without it, it must do nothing."""
import os
import shutil
import subprocess
import sys

import pytest

from utils import colab

GIT = shutil.which("git")


def _run_cell(cwd, extra_env, probe):
    env = {**os.environ, **extra_env}
    code = colab.SETUP_CELL + "\n" + probe
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def course_remote(tmp_path, root):
    """A git repository holding this working tree's utils/ and requirements-colab.txt."""
    remote = tmp_path / "remote"
    shutil.copytree(root / "utils", remote / "utils", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(root / colab.COLAB_REQUIREMENTS, remote / colab.COLAB_REQUIREMENTS)
    quiet = dict(cwd=remote, check=True, capture_output=True)
    subprocess.run([GIT, "init", "-q", "-b", "main"], **quiet)
    subprocess.run([GIT, "add", "."], **quiet)
    subprocess.run([GIT, "-c", "user.name=test", "-c", "user.email=test@example.invalid",
                    "commit", "-q", "-m", "course"], **quiet)
    return remote


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_setup_cell_on_colab_clones_installs_and_imports(tmp_path, course_remote):
    stub = tmp_path / "stub"
    (stub / "google" / "colab").mkdir(parents=True)
    (stub / "google" / "colab" / "__init__.py").write_text("# stand-in for Colab's module\n")
    content = tmp_path / "content"  # Colab's working folder
    content.mkdir()
    probe = "import utils; print('IN_COLAB', IN_COLAB); print('UTILS', utils.__file__)"
    result = _run_cell(content, {"PYTHONPATH": str(stub), "DLCOURSE_REPO": course_remote.as_uri()}, probe)
    assert result.returncode == 0, result.stderr
    assert "IN_COLAB True" in result.stdout
    clone = content / colab.CLONE_DIR
    assert (clone / "utils" / "__init__.py").exists()
    utils_file = result.stdout.split("UTILS ", 1)[1].strip()
    assert utils_file == str(clone / "utils" / "__init__.py")
    # running the cell again (a second notebook in the same Colab session) reuses the clone
    again = _run_cell(content, {"PYTHONPATH": str(stub), "DLCOURSE_REPO": "file:///nonexistent"}, probe)
    assert again.returncode == 0, again.stderr


def test_setup_cell_does_nothing_elsewhere(tmp_path):
    result = _run_cell(tmp_path, {"DLCOURSE_REPO": "file:///nonexistent"}, "print('IN_COLAB', IN_COLAB)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "IN_COLAB False"
    assert list(tmp_path.iterdir()) == []


def test_badge_points_at_the_notebook_in_the_course_repository():
    b = colab.badge("notebooks/01_tensors.ipynb")
    assert b == ("[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
                 f"(https://colab.research.google.com/github/{colab.REPO}/blob/main/notebooks/01_tensors.ipynb)")
    assert colab.REPO in colab.SETUP_CELL and colab.REPO_URL in colab.SETUP_CELL
    with pytest.raises(ValueError, match="ends in .ipynb"):
        colab.badge("01_tensors.py")


def test_sync_writes_badge_and_cell(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 99 · Test\n\nSome objectives."),
                nbformat.v4.new_code_cell("# Colab"),
                nbformat.v4.new_code_cell("import utils")]
    path = tmp_path / "99_test.ipynb"
    nbformat.write(nb, path)
    assert colab.sync(path) is True
    synced = nbformat.read(path, as_version=4)
    assert synced.cells[0].source == f"# 99 · Test\n\n{colab.badge(path)}\n\nSome objectives."
    assert synced.cells[1].source == colab.SETUP_CELL
    assert synced.cells[2].source == "import utils"
    assert colab.sync(path) is False  # idempotent


def test_sync_inserts_a_missing_cell_and_rejects_untitled(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 98 · Test"), nbformat.v4.new_code_cell("x = 1")]
    path = tmp_path / "98_test.ipynb"
    nbformat.write(nb, path)
    colab.sync(path)
    synced = nbformat.read(path, as_version=4)
    assert [c.source for c in synced.cells[1:]] == [colab.SETUP_CELL, "x = 1"]
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    nbformat.write(nb, path)
    with pytest.raises(ValueError, match="markdown title"):
        colab.sync(path)
