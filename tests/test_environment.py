"""The pins: exact, the same in requirements.txt, environment.yml and requirements-colab.txt, and
the ones actually installed."""
import re
from importlib import metadata

import pytest
from packaging.markers import Marker

PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([0-9][A-Za-z0-9.+\-]*)\s*(?:;\s*(.+))?$")


def _pins(lines):
    """{name: (version, marker or None)} from requirement lines; every line must be an exact pin."""
    pins = {}
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if not line or line == "-e .":
            continue
        m = PIN.match(line)
        assert m, f"not an exact pin: {raw!r} (write name==version, optionally ; marker)"
        name = m.group(1).lower().replace("_", "-")
        assert name not in pins, f"{name} is pinned twice"
        pins[name] = (m.group(2), m.group(3))
    return pins


def _applies(marker) -> bool:
    return marker is None or Marker(marker).evaluate()


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
    for must in ("torch", "torchvision", "fastai", "tensorflow-cpu", "tensorflow", "keras", "nbval", "pytest",
                 "jupyterlab", "ipywidgets", "matplotlib", "pandas", "scikit-learn", "mlxtend"):
        assert must in requirements, f"{must} is missing from requirements.txt"
    assert requirements["torch"][0] == "2.14.1" and requirements["torchvision"][0] == "0.29.1"
    assert requirements["keras"][0].startswith("3.")
    assert requirements["tensorflow-cpu"][0] == requirements["tensorflow"][0]
    assert requirements["tensorflow"][0].startswith("2.21.")


@pytest.mark.parametrize("platform, machine", [("linux", "x86_64"), ("linux", "aarch64"), ("darwin", "arm64"),
                                               ("win32", "AMD64")])
def test_exactly_one_tensorflow_per_platform(requirements, platform, machine):
    env = {"sys_platform": platform, "platform_machine": machine}
    chosen = [name for name in ("tensorflow-cpu", "tensorflow")
              if Marker(requirements[name][1]).evaluate(env)]
    assert len(chosen) == 1, f"{platform}/{machine} would install {chosen}"


def test_environment_yml_mirrors_requirements(root, requirements):
    assert _environment_yml_pins(root) == requirements


def test_colab_requirements_use_the_same_pins(root, requirements):
    colab = _pins((root / "requirements-colab.txt").read_text().splitlines())
    assert colab, "requirements-colab.txt lists nothing"
    for name, pin in colab.items():
        assert requirements.get(name) == pin, f"{name}: Colab pin {pin} != {requirements.get(name)}"


def test_installed_versions_match_the_pins(requirements):
    wrong = {}
    for name, (version, marker) in requirements.items():
        if not _applies(marker):
            continue
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
    assert _pins(['tf==2.1; sys_platform == "linux"']) == {"tf": ("2.1", 'sys_platform == "linux"')}
