"""The notebook standard, checked on every chapter in notebooks/ (nbval then executes them)."""
import json
import re

from pathlib import Path

import nbformat
import pytest

from utils import colab

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
IDS = [p.name for p in NOTEBOOKS]
MACHINE_PATH = re.compile(r"(?<![\w:/.~-])(/[A-Za-z_][\w.-]*/[\w.-]+)")  # e.g. /home/me/..., /tmp/x
MAX_BYTES = 3_000_000
ADDRESS = re.compile(r"\b0x[0-9a-fA-F]{8,}\b")  # an object's address: different on every run
BARE_OBJECT = re.compile(r"^<[\w.]+ (object|at 0x[0-9a-fA-F]+)>$")  # e.g. <IPython.core.display.HTML object>
GENERIC_Y_LABEL = re.compile(r"""(ylabel\s*=\s*|set_ylabel\(\s*)["'](metric|metrics)["']""")
WIDGET = "application/vnd.jupyter.widget-view+json"


def _readme_rows():
    """{'01': ('01_tensors', 'available'), ...} from the chapter table in README.md."""
    rows = {}
    for line in (ROOT / "README.md").read_text().splitlines():
        m = re.match(r"^\|\s*(\d\d)\s*\|(.*)\|\s*([^|]+?)\s*\|\s*$", line)
        if m:
            name = re.search(r"\b(\d\d_[a-z0-9_]+)\b", m.group(2))
            rows[m.group(1)] = (name.group(1) if name else None, m.group(3).lower())
    return rows


def _src(cell):
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


@pytest.fixture(params=NOTEBOOKS, ids=IDS)
def nb(request):
    path = request.param
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    notebook.path = path
    return notebook


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", p.name) for p in NOTEBOOKS)


def test_readme_table_lists_every_chapter_with_its_status():
    rows = _readme_rows()
    assert sorted(rows) == [f"{i:02d}" for i in range(1, 30)], "README's table must list chapters 01-29"
    available = {num for num, (_, status) in rows.items() if status.startswith("available")}
    on_disk = {p.name[:2] for p in NOTEBOOKS}
    assert available == on_disk, f"README says available {sorted(available)}, notebooks/ holds {sorted(on_disk)}"
    for p in NOTEBOOKS:
        assert rows[p.name[:2]][0] == p.stem, f"README row {p.name[:2]} should name {p.stem}"
        assert f"(notebooks/{p.name})" in (ROOT / "README.md").read_text(), f"README does not link {p.name}"


def _text(value) -> str:
    return value if isinstance(value, str) else "".join(value)


def saved_output_problems(nb) -> list:
    """What a reader on GitHub should not see in a notebook's saved outputs, one line per problem."""
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        source = _src(cell)
        if re.search(r"^\s*(from tqdm|import tqdm)", source, re.M):
            problems.append(f"cell {i}: imports tqdm (a tqdm widget is saved as '0%'): use fastprogress's progress_bar")
        if GENERIC_Y_LABEL.search(source):
            problems.append(f"cell {i}: a y axis labelled 'metric': name the metric")
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            texts = [_text(out.get("text", "")), _text(data.get("text/plain", "")), _text(data.get("text/html", ""))]
            joined = "\n".join(texts)
            if WIDGET in data or re.search(r"\b0%\|", joined):
                problems.append(f"cell {i}: a progress widget saved as its first frame ('0%')")
            if re.search(r"<progress[^>]*\bvalue=\"0\"", texts[2]):
                problems.append(f"cell {i}: a progress bar saved at 0%")
            if "\x1b[" in joined:
                problems.append(f"cell {i}: ANSI colour codes in an output")
            if ADDRESS.search(texts[0] + texts[1]):
                problems.append(f"cell {i}: an object address in an output: {ADDRESS.search(texts[0] + texts[1]).group(0)}")
            visible = re.sub(r"<[^>]+>", "", re.sub(r"(?s)<style.*?</style>", "", texts[2])).strip()
            if "text/html" in data and not visible and not re.search(r"<(img|svg|table|canvas)\b", texts[2]):
                problems.append(f"cell {i}: an HTML output that shows nothing (a style block or a blanked bar), "
                                "saved as a bare HTML object")
            if out.get("output_type") in ("display_data", "execute_result") and set(data) <= {"text/plain"} \
                    and BARE_OBJECT.match(texts[1].strip()):
                problems.append(f"cell {i}: a bare display object: {texts[1].strip()}")
            if out.get("output_type") in ("display_data", "execute_result") and set(data) <= {"text/plain"} \
                    and re.match(r"^<Figure size", texts[1].strip()):
                problems.append(f"cell {i}: a figure saved without its image")
    return problems


def test_saved_outputs_are_clean(nb):
    problems = saved_output_problems(nb)
    assert not problems, "\n".join(problems)


def colab_cell_problems(nb) -> list:
    """The Colab set-up cell is the first code cell, as utils/colab.py writes it, collapsed under its title."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    if not code or _src(code[0]) != colab.SETUP_CELL:
        return ["Colab set-up cell missing or stale: run `make colab-sync`"]
    meta = code[0].metadata
    if not (meta.get("cellView") == "form" and meta.get("jupyter", {}).get("source_hidden") is True):
        return ["the Colab cell must be collapsed (Colab's form view, JupyterLab's hidden source): run `make colab-sync`"]
    return []


def test_title_badge_and_colab_cell(nb):
    cells = nb.cells
    num = nb.path.name[:2]
    assert cells[0].cell_type == "markdown"
    assert re.match(rf"# {num} · \S", _src(cells[0])), "the first cell starts with '# NN · Title'"
    assert colab.badge(nb.path) in _src(cells[0]), "Colab badge missing or stale: run `make colab-sync`"
    assert colab.SETUP_CELL.startswith("# @title "), "the Colab cell opens with a one-line title"
    problems = colab_cell_problems(nb)
    assert not problems, problems
    code = [c for c in cells if c.cell_type == "code"]
    assert "import utils" in _src(code[1]) and "utils.start(" in _src(code[1]), \
        "the second code cell imports utils and calls utils.start()"
    assert nb.metadata.kernelspec.name == "python3"


def test_utils_is_imported_before_tensorflow(nb):
    text = "\n".join(_src(c) for c in nb.cells if c.cell_type == "code")
    tf = re.search(r"^\s*(import|from) (tensorflow|keras)\b", text, re.M)
    if tf:
        assert text.index("import utils") < tf.start()


def test_proves_its_claims(nb):
    code = [_src(c) for c in nb.cells if c.cell_type == "code"]
    asserts = sum(len(re.findall(r"^\s*assert\b", s, re.M)) for s in code)
    assert asserts >= 5, f"only {asserts} asserts: every claim needs one"
    assert any(s.lstrip().startswith("# NBVAL_CHECK_OUTPUT") for s in code), \
        "mark deterministic cells with # NBVAL_CHECK_OUTPUT"


def test_arc_questionnaire_and_exercises(nb):
    num = nb.path.name[:2]
    md = [_src(c) for c in nb.cells if c.cell_type == "markdown"]
    headings = [l for s in md for l in s.splitlines() if l.startswith("## ")]
    q = next((i for i, s in enumerate(md) if re.search(r"^## Questionnaire", s, re.M)), None)
    e = next((i for i, s in enumerate(md) if re.search(r"^## Exercises", s, re.M)), None)
    assert q is not None and e is not None and q <= e, f"needs '## Questionnaire' then '## Exercises'; has {headings}"
    asked, _, answered = md[q].split("## Questionnaire", 1)[1].partition("<details>")
    questions = re.findall(r"^\d+\.\s", asked, re.M)
    assert len(questions) >= 8, f"the questionnaire has {len(questions)} numbered questions (at least 8)"
    assert "<summary>" in answered and "</details>" in answered, \
        "the answers follow the questions, collapsed: <details> <summary>Answers</summary> ... </details>"
    answers = re.findall(r"^\d+\.\s", answered.split("</details>", 1)[0], re.M)
    assert len(answers) == len(questions), f"{len(questions)} questions but {len(answers)} answers"
    checks = [c for c in nb.cells if c.cell_type == "code"
              and re.search(rf"utils\.check\(\s*\w+\s*,\s*utils\.solutions\.ch\d\d\.\w+\s*\)", _src(c))]
    assert len(checks) >= 3, f"{len(checks)} auto-checked exercises (at least 3)"


def test_saved_from_one_clean_run(nb):
    code = [c for c in nb.cells if c.cell_type == "code" and _src(c).strip()]
    counts = [c.execution_count for c in code]
    assert None not in counts, "some code cells were never run: save after `make execute`"
    assert counts == list(range(1, len(code) + 1)), "not saved from one top-to-bottom run"
    for c in code:
        for out in c.outputs:
            assert out.output_type != "error", f"an error is saved in cell: {_src(c)[:60]!r}"
            if out.output_type == "stream" and out.name == "stderr":
                assert "warn" not in out.text.lower(), f"a warning is saved: {out.text[:200]!r}"


def test_no_machine_paths_and_small_file(nb):
    texts = [_src(c) for c in nb.cells]
    for c in nb.cells:
        for out in c.get("outputs", []):
            texts.append(out.get("text", "") if isinstance(out.get("text", ""), str) else "".join(out["text"]))
            plain = out.get("data", {}).get("text/plain", "")
            texts.append(plain if isinstance(plain, str) else "".join(plain))
    m = MACHINE_PATH.search("\n".join(texts))
    assert not m, f"an absolute path ({m.group(1)}) is saved in the notebook"
    assert nb.path.stat().st_size < MAX_BYTES


def test_notebook_json_is_tidy(nb):
    raw = json.loads(nb.path.read_text())
    assert raw["nbformat"] == 4
    for c in raw["cells"]:
        assert "execution" not in c.get("metadata", {}), "per-cell timing metadata is noise in diffs"


def test_readme_colab_links_follow_the_one_repository_address():
    links = re.findall(r"https://colab\.research\.google\.com/github/([^)\s]+)", (ROOT / "README.md").read_text())
    assert links, "README links no notebook in Colab"
    for link in links:
        assert link.startswith(f"{colab.REPO}/blob/{colab.BRANCH}/notebooks/"), link


# ---- the hygiene checks themselves: each one fails a deliberately spoiled copy of a chapter ----------
def _spoiled(kind: str):
    notebook = nbformat.read(NOTEBOOKS[0], as_version=4)
    cell = next(c for c in notebook.cells if c.cell_type == "code" and c.outputs)
    out = nbformat.v4.new_output
    spoils = {
        "tqdm import": lambda: setattr(cell, "source", "from tqdm.auto import tqdm\n" + _src(cell)),
        "tqdm widget": lambda: cell.outputs.append(out("display_data", data={
            WIDGET: {"model_id": "abc", "version_major": 2, "version_minor": 0},
            "text/plain": "  0%|          | 0/5 [00:00<?, ?it/s]"})),
        "progress at 0": lambda: cell.outputs.append(out("display_data", data={
            "text/html": '<div><progress max="5" value="0"></progress> 0.00% [0/5 00:00&lt;?]</div>',
            "text/plain": "<IPython.core.display.HTML object>"})),
        "style block": lambda: cell.outputs.append(out("display_data", data={
            "text/html": "\n<style>\n progress { width: 300px; }\n</style>\n",
            "text/plain": "<IPython.core.display.HTML object>"})),
        "blanked bar": lambda: cell.outputs.append(out("display_data", data={
            "text/html": "<div></div>", "text/plain": "<IPython.core.display.HTML object>"})),
        "object address": lambda: cell.outputs.append(out("execute_result", execution_count=cell.execution_count, data={
            "text/html": "<table><tr><td>1</td></tr></table>",
            "text/plain": "<pandas.io.formats.style.Styler at 0x7f8a0a326c10>"})),
        "bare object": lambda: cell.outputs.append(out("display_data", data={
            "text/plain": "<IPython.core.display.Markdown object>"})),
        "figure without image": lambda: cell.outputs.append(out("display_data", data={
            "text/plain": "<Figure size 432x288 with 1 Axes>"})),
        "ANSI codes": lambda: cell.outputs.append(out("stream", name="stdout", text="\x1b[1mModel: \"sequential\"\x1b[0m\n")),
        "metric axis": lambda: setattr(cell, "source", _src(cell) + '\nax.set_ylabel("metric")'),
    }
    spoils[kind]()
    return notebook


SPOILS = ["tqdm import", "tqdm widget", "progress at 0", "style block", "blanked bar", "object address", "bare object",
          "figure without image", "ANSI codes", "metric axis"]


@pytest.mark.parametrize("kind", SPOILS)
def test_hygiene_check_rejects_a_spoiled_copy(kind):
    clean = nbformat.read(NOTEBOOKS[0], as_version=4)
    assert saved_output_problems(clean) == [], "the unspoiled notebook must pass"
    problems = saved_output_problems(_spoiled(kind))
    assert len(problems) >= 1, f"a notebook spoiled with {kind} passes the hygiene check"


def test_colab_check_rejects_an_expanded_cell():
    notebook = nbformat.read(NOTEBOOKS[0], as_version=4)
    assert colab_cell_problems(notebook) == []
    cell = next(c for c in notebook.cells if c.cell_type == "code")
    cell.metadata = {}
    assert colab_cell_problems(notebook), "an expanded Colab cell passes"
    cell.source = "# Colab\nimport os"
    assert colab_cell_problems(notebook), "a stale Colab cell passes"
