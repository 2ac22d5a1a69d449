"""The course website (``make site``): built once per session from the saved notebooks, with warnings
as errors, then checked page by page: every notebook has its page with its title, figures and
tables; no internal link, image or anchor points nowhere (a link checker over every built page);
and a real headless Chromium, served from 127.0.0.1 with every other address cut, sees the title,
rendered formulas and figures, collapsed answers, and search. Each check is shown failing on a
spoiled copy."""
from __future__ import annotations

import html
import json
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "website"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import sitebuild  # noqa: E402
from browser import browser, offline_page, require_chromium, serve  # noqa: E402

# the theme calls deprecated Sphinx attributes: Sphinx's own warnings are errors (-W), not these
pytestmark = pytest.mark.filterwarnings("ignore:.*Check CHANGES for Sphinx API modifications")
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SCREENSHOTS = ROOT / "build" / "screenshots"
GITHUB_BLOB = f"https://github.com/{sitebuild.REPO}/blob/{sitebuild.BRANCH}/"
COLAB_BLOB = f"https://colab.research.google.com/github/{sitebuild.REPO}/blob/{sitebuild.BRANCH}/"
OUTPUT_IMAGE = re.compile(r'<img [^>]*src="\.\./_images/[0-9a-f]{16,}\.(?:png|svg|jpg|jpeg|gif)"')


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site, built once per session exactly as `make site` builds it (warnings are errors)."""
    return sitebuild.build(tmp_path_factory.mktemp("website") / "site")


def _notebook(path: Path) -> dict:
    return json.loads(path.read_text())


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _title(nb: dict) -> str:
    return re.match(r"# (.+)", _source(nb["cells"][0])).group(1).strip()


# --- the link checker ------------------------------------------------------------------------------

class _Page(HTMLParser):
    """The ids of one HTML page and every URL it refers to (href, src, srcset)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.urls = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name" if tag == "a" else None):
            if key and attrs.get(key):
                self.ids.add(attrs[key])
        for key in ("href", "src", "poster", "data"):
            if attrs.get(key) is not None and tag not in ("meta",):
                self.urls.append((tag, attrs[key]))
        for candidate in (attrs.get("srcset") or "").split(","):
            if candidate.strip():
                self.urls.append((tag, candidate.split()[0]))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(errors="replace"))
    return page


def broken_links(site: Path, repo: Path = ROOT) -> list[str]:
    """Every link, image, script, style and anchor in every built page (and every url() in its CSS)
    that points nowhere: a missing file, a missing #anchor, a path outside the site, or a GitHub or
    Colab link to a file the repository does not have. One line per problem."""
    site = site.resolve()
    # _static/ holds the theme's Jinja macro files (webpack-macros.html), copied but never served as pages
    pages = {p: _parse(p) for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts}
    problems = []

    def local(page_path: Path, url: str, what: str):
        parts = urlsplit(url)
        target = page_path if not parts.path else (page_path.parent / unquote(parts.path)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if site not in target.parents and target != site:
            problems.append(f"{page_path.relative_to(site)}: {what} {url!r} leaves the site")
        elif not target.exists():
            problems.append(f"{page_path.relative_to(site)}: {what} {url!r}: no such file")
        elif parts.fragment and target.suffix == ".html":
            ids = pages[target].ids if target in pages else _parse(target).ids
            if unquote(parts.fragment) not in ids:
                problems.append(f"{page_path.relative_to(site)}: {what} {url!r}: no anchor #{parts.fragment}")

    for path, page in pages.items():
        for tag, url in page.urls:
            url = url.strip()
            if url in ("", "#") or url.startswith(("javascript:", "mailto:", "data:")):
                continue
            for prefix in (GITHUB_BLOB, COLAB_BLOB):
                if url.startswith(prefix):
                    file = unquote(urlsplit(url[len(prefix):]).path)
                    if not (repo / file).is_file():
                        problems.append(f"{path.relative_to(site)}: <{tag}> {url!r}: the repository has no {file}")
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", url):
                continue  # another site: its links are not ours to check offline
            local(path, url, f"<{tag}>")
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css.read_text(errors="replace")):
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|^#", url):
                target = (css.parent / unquote(urlsplit(url).path)).resolve()
                if not target.exists():
                    problems.append(f"{css.relative_to(site)}: url({url}): no such file")
    return problems


def test_the_link_checker_finds_nothing_broken(site):
    problems = broken_links(site)
    assert not problems, "\n".join(problems[:40])
    assert len(list(site.rglob("*.html"))) >= len(NOTEBOOKS) + 2


def test_the_link_checker_rejects_broken_links(tmp_path):
    (tmp_path / "img.png").write_bytes(b"\x89PNG")
    (tmp_path / "style.css").write_text("a { background: url(missing-font.woff2) }")
    (tmp_path / "other.html").write_text('<h1 id="here">x</h1>')
    (tmp_path / "index.html").write_text(
        '<a href="other.html#here">fine</a> <img src="img.png"> <a href="#top" id="top">self</a>'
        '<a href="gone.html">a missing page</a> <a href="other.html#nowhere">a missing anchor</a>'
        '<img src="_images/lost.png"> <script src="../outside.js"></script>'
        f'<a href="{GITHUB_BLOB}notebooks/99_no_such_chapter.ipynb">GitHub</a>'
        '<a href="https://example.org/page.html">another site</a>')
    problems = broken_links(tmp_path)
    expected = ["gone.html", "#nowhere", "lost.png", "outside.js", "99_no_such_chapter", "missing-font"]
    for word in expected:
        assert any(word in p for p in problems), f"the checker missed {word!r}: {problems}"
    assert len(problems) == len(expected), problems


# --- pages, titles, figures --------------------------------------------------------------------------

def missing_pages(site: Path, notebooks=NOTEBOOKS) -> list[str]:
    """The notebooks that have no page in the built site."""
    return [nb.name for nb in notebooks if not (site / "notebooks" / f"{nb.stem}.html").is_file()]


def test_every_notebook_has_a_page(site):
    assert NOTEBOOKS
    assert not missing_pages(site)
    assert (site / "index.html").read_text() == (site / "README.html").read_text(), "README is the front page"


def test_a_missing_page_is_noticed(site, tmp_path):
    spoiled = tmp_path / "spoiled"
    shutil.copytree(site, spoiled, ignore=shutil.ignore_patterns(f"{NOTEBOOKS[-1].stem}.html", "mathjax"))
    assert missing_pages(spoiled) == [NOTEBOOKS[-1].name]


def test_planned_chapters_have_no_page(site):
    readme = (ROOT / "README.md").read_text()
    planned = re.findall(r"^\|\s*\d\d\s*\|\s*`(\d\d_[a-z0-9_]+)`.*\|\s*planned\s*\|\s*$", readme, re.M)
    for stem in planned:
        if not (ROOT / "notebooks" / f"{stem}.ipynb").exists():
            assert not (site / "notebooks" / f"{stem}.html").exists(), stem


def page_problems(site: Path, nb_path: Path) -> list[str]:
    """What a notebook's page lacks: its title, its figures (as images that exist), its tables, its
    saved outputs, its GitHub and Colab links, the local Colab badge."""
    nb = _notebook(nb_path)
    page = site / "notebooks" / f"{nb_path.stem}.html"
    text = page.read_text()
    problems = []
    title = _title(nb)
    h1 = re.search(r'<h1>((?:(?!</h1>).)*?)<a class="headerlink"', text, re.S)
    if not h1 or html.unescape(re.sub(r"<[^>]+>", "", h1.group(1))).strip() != title:
        problems.append(f"the page's <h1> is not the chapter title {title!r}")
    if not re.search(rf"<title>{re.escape(html.escape(title, quote=False))}", text):
        problems.append("the <title> does not start with the chapter title")
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    figures = sum(any(k.startswith("image/") for k in o.get("data", {})) for o in outputs)
    images = OUTPUT_IMAGE.findall(text)
    if len(images) != figures:
        problems.append(f"{figures} figures saved in the notebook, {len(images)} output images on the page")
    for src in re.findall(r'<img [^>]*src="([^"]+)"', text):
        if not src.startswith(("http:", "https:", "data:")) and not (page.parent / src).resolve().is_file():
            problems.append(f"image {src} is not in the build")
        if src.startswith(("http:", "https:")):
            problems.append(f"image {src} would be fetched from the internet")
    tables = sum("dataframe" in "".join(o.get("data", {}).get("text/html", "")) for o in outputs)
    if text.count('class="dataframe') < tables:
        problems.append(f"{tables} DataFrames saved, fewer shown")
    streams = [o for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stdout"]
    for out in streams[:3]:
        line = next((l for l in "".join(out["text"]).splitlines() if l.strip()), "")
        if line and html.escape(line.strip(), quote=False) not in text:
            problems.append(f"the saved output {line.strip()[:60]!r} is not on the page")
    for link in (f"{GITHUB_BLOB}notebooks/{nb_path.name}", f"{COLAB_BLOB}notebooks/{nb_path.name}"):
        if f'href="{link}' not in text:
            problems.append(f"no link to {link}")
    if "colab-badge.svg" not in text:
        problems.append("no Colab badge")
    return problems


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_each_page_has_its_title_figures_tables_and_links(site, nb_path):
    problems = page_problems(site, nb_path)
    assert not problems, "\n".join(problems)


def test_page_problems_are_noticed(site, tmp_path):
    nb_path = next(p for p in NOTEBOOKS if any('"image/png"' in l for l in p.read_text().splitlines()))
    spoiled = tmp_path / "site"
    (spoiled / "notebooks").mkdir(parents=True)
    text = (site / "notebooks" / f"{nb_path.stem}.html").read_text()
    text = re.sub(r'<h1>((?:(?!</h1>).)*?)<a class="headerlink"', '<h1>Another title<a class="headerlink"', text,
                  flags=re.S)
    text = OUTPUT_IMAGE.sub("<img src=\"../_images/gone.png\"", text, count=1)
    text = text.replace(COLAB_BLOB, "https://example.org/")
    (spoiled / "notebooks" / f"{nb_path.stem}.html").write_text(text)
    problems = "\n".join(page_problems(spoiled, nb_path))
    for words in ("chapter title", "output images on the page", "_images/", COLAB_BLOB):
        assert words in problems, problems


def test_the_colab_cell_is_collapsed(site):
    for nb_path in NOTEBOOKS:
        text = (site / "notebooks" / f"{nb_path.stem}.html").read_text()
        cell = re.search(r'<div class="cell tag_hide-input[^"]*">\s*<details class="[^"]*hide above-input">'
                         r'(?:(?!</details>).)*?# @title Colab set-up', text, re.S)
        assert cell, f"{nb_path.name}: the Colab set-up cell is not collapsed on its page"


def test_parts_are_the_sections_of_the_navigation(site):
    parts = sitebuild.chapter_parts((ROOT / "README.md").read_text(), NOTEBOOKS)
    nav = (site / "index.html").read_text()
    captions = [html.unescape(c) for c in re.findall(r'<span class="caption-text">(.*?)</span>', nav)]
    assert captions == [title for title, _ in parts] + ["For contributors"]
    links = re.findall(r'href="notebooks/(\d\d_[a-z0-9_]+)\.html"', nav.split('class="bd-sidebar-primary', 1)[1])
    assert list(dict.fromkeys(links)) == [nb.stem for _, nbs in parts for nb in nbs], "chapters not in course order"


def test_chapter_parts_follow_readme_and_disk():
    readme = "\n".join([
        "| # | notebook | status |", "|---|---|---|",
        "| | **Part I · One** | | |",
        "| 01 | [01_a](notebooks/01_a.ipynb) | available |",
        "| 02 | `02_b` planned | planned |",
        "| | **Part II · Two** | | |",
        "| 05 | [05_c](notebooks/05_c.ipynb) | available |",
        "| | **Part III · Empty** | | |",
        "| 09 | `09_d` | planned |"])
    on_disk = [Path("notebooks/05_c.ipynb"), Path("notebooks/01_a.ipynb"), Path("notebooks/06_new.ipynb")]
    parts = sitebuild.chapter_parts(readme, on_disk)
    assert [(t, [p.name for p in nbs]) for t, nbs in parts] == [
        ("Part I · One", ["01_a.ipynb"]), ("Part II · Two", ["05_c.ipynb", "06_new.ipynb"])]
    with pytest.raises(ValueError, match="part rows"):
        sitebuild.chapter_parts("no table here", on_disk)


def test_sources_are_copies_and_notebooks_stay_unchanged(site, tmp_path):
    before = {p: p.stat().st_mtime_ns for p in NOTEBOOKS}
    sitebuild.prepare_sources(tmp_path / "src")
    copy = _notebook(tmp_path / "src" / "notebooks" / NOTEBOOKS[0].name)
    assert "hide-input" in copy["cells"][1]["metadata"]["tags"]
    assert sitebuild.BADGE_IMAGE not in _source(copy["cells"][0])
    assert {p: p.stat().st_mtime_ns for p in NOTEBOOKS} == before
    assert not list(site.parent.rglob("*.ipynb.nbconvert*")), "something was executed"


# --- a real browser ------------------------------------------------------------------------------------

def _chapters_for_the_browser():
    """Two chapter pages: the first with a formula and a figure, and another with collapsed answers
    (the last chapter if none has them)."""
    def has(nb, markdown, output="image/png"):
        cells = _notebook(nb)["cells"]
        return any(c["cell_type"] == "markdown" and markdown in _source(c) for c in cells) and \
            any(output in o.get("data", {}) for c in cells for o in c.get("outputs", []))
    first = next(nb for nb in NOTEBOOKS if has(nb, "$"))
    other = next((nb for nb in NOTEBOOKS[::-1] if nb != first and has(nb, "<details>")), NOTEBOOKS[-1])
    return [first, other]


def _local_failures(page):
    return [f"{r.status} {r.url}" for r in page.responses if r.status >= 400]


def test_a_browser_reads_the_site_offline(site):
    require_chromium()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with serve(site) as base, browser() as chromium:
        page = offline_page(chromium, base)
        page.goto(base + "/", wait_until="networkidle")
        readme_title = re.search(r"^# (.+)$", (ROOT / "README.md").read_text(), re.M).group(1)
        assert page.locator("article h1").first.inner_text().strip().rstrip("#").strip() == readme_title
        assert page.get_by_text("Part I · Foundations", exact=True).first.is_visible()
        page.screenshot(path=str(SCREENSHOTS / "site_front.png"))
        assert not page.outside, f"the front page asked the internet for {page.outside}"
        assert not _local_failures(page), _local_failures(page)

        for nb_path in _chapters_for_the_browser():
            page = offline_page(chromium, base)
            page.goto(f"{base}/notebooks/{nb_path.stem}.html", wait_until="networkidle")
            assert page.locator("article h1").first.inner_text().strip().rstrip("#").strip() == \
                _title(_notebook(nb_path))
            formula = page.locator("article mjx-container").first  # MathJax made it: the TeX was typeset
            formula.wait_for(state="attached", timeout=30_000)
            formula.scroll_into_view_if_needed()
            assert formula.locator("mjx-math").count() == 1 and formula.bounding_box()["width"] > 0
            figure = page.locator("article .cell_output img").first
            figure.scroll_into_view_if_needed()
            assert figure.evaluate("img => img.complete && img.naturalWidth > 0"), "a figure did not load"
            setup = page.locator("article details.hide.above-input").first
            assert setup.evaluate("d => !d.open") and not setup.locator("pre").first.is_visible(), \
                "the Colab set-up cell is open"
            answers = page.locator("article details:not(.hide)")
            if "<details>" in nb_path.read_text():
                assert answers.count() >= 1
                first = answers.first
                first.scroll_into_view_if_needed()
                assert first.evaluate("d => !d.open"), "the answers are open"
                assert first.locator("summary").is_visible()
                body = first.locator(":scope > :not(summary)").first
                assert not body.is_visible(), "the answers show before the reader asks"
                page.screenshot(path=str(SCREENSHOTS / f"site_{nb_path.stem}.png"))
                first.locator("summary").click()
                assert body.is_visible(), "the summary does not open the answers"
            else:
                page.locator("article h1").first.scroll_into_view_if_needed()
                page.screenshot(path=str(SCREENSHOTS / f"site_{nb_path.stem}.png"))
            assert not page.outside, f"{nb_path.stem} asked the internet for {page.outside}"
            assert not _local_failures(page), _local_failures(page)

        page = offline_page(chromium, base)
        page.goto(base + "/search.html?q=einsum", wait_until="networkidle")
        hit = page.locator("#search-results a[href*='01_tensors']").first
        hit.wait_for(timeout=30_000)
        assert not page.outside, page.outside


def test_the_browser_test_notices_a_request_to_the_internet(tmp_path):
    require_chromium()
    (tmp_path / "index.html").write_text('<h1>x</h1><img src="https://cdn.example.org/a.png">')
    with serve(tmp_path) as base, browser() as chromium:
        page = offline_page(chromium, base)
        page.goto(base + "/index.html", wait_until="networkidle")
        assert page.outside == ["https://cdn.example.org/a.png"]
