"""The pins: exact, the same in requirements.txt, environment.yml and requirements-colab.txt, and
the ones actually installed."""
import re
from importlib import metadata

import pytest

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([0-9][A-Za-z0-9.+\-]*)$")


def _pins(lines):
    pins = {}
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line or line == "-e .":
            continue
        m = PIN.match(line)
        assert m, f"not an exact pin: {raw!r} (write name==version)"
        name = m.group(1).lower().replace("_", "-")
        assert name not in pins, f"{name} is pinned twice"
        pins[name] = m.group(2)
    return pins


@pytest.fixture
def requirements(root):
    return _pins((root / "requirements.txt").read_text().splitlines())


def _environment_yml_pins(root):
    text = (root / "environment.yml").read_text()
    assert re.search(r"^\s*-\s*python=3\.11\s*$", text, re.M), "environment.yml must ask for python=3.11"
    pip_section = text.split("- pip:", 1)[1].splitlines()
    items = [re.sub(r"^\s*-\s*", "", l) for l in pip_section if re.match(r"^\s*-\s", l)]
    return _pins(items)


def test_every_direct_dependency_is_pinned_exactly(requirements):
    for must in ("torch", "torchvision", "fastai", "tensorflow-cpu", "keras", "nbval", "pytest",
                 "jupyterlab", "ipywidgets", "matplotlib", "pandas", "scikit-learn", "mlxtend"):
        assert must in requirements, f"{must} is missing from requirements.txt"
    assert requirements["torch"] == "2.14.1" and requirements["torchvision"] == "0.29.1"
    assert requirements["tensorflow-cpu"].startswith("2.21.") and requirements["keras"].startswith("3.")


def test_environment_yml_mirrors_requirements(root, requirements):
    assert _environment_yml_pins(root) == requirements


def test_colab_requirements_use_the_same_pins(root, requirements):
    colab = _pins((root / "requirements-colab.txt").read_text().splitlines())
    assert colab, "requirements-colab.txt lists nothing"
    for name, version in colab.items():
        assert requirements.get(name) == version, f"{name}: Colab pin {version} != {requirements.get(name)}"


def test_installed_versions_match_the_pins(requirements):
    wrong = {}
    for name, version in requirements.items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = None
        if have != version:
            wrong[name] = (version, have)
    assert not wrong, f"installed versions differ from requirements.txt (pinned, installed): {wrong}"


def test_pin_parser_rejects_loose_pins():
    with pytest.raises(AssertionError, match="not an exact pin"):
        _pins(["torch>=2"])
    with pytest.raises(AssertionError, match="pinned twice"):
        _pins(["a==1", "A==2"])
