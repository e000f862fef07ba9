"""``report --html``: a self-contained page whose rows link to article pages written beside it;
and, in a real headless Chromium, a page that loads with no console error and shows its
chart and its network picture (skipped, with a message, where no Chromium is installed)."""

from __future__ import annotations

import base64
import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Motorpme


@pytest.fixture(scope="module")
def built(relations: Motorpme, tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = tmp_path_factory.mktemp("report") / "presse.html"
    result = relations("report", "--html", str(page))
    assert result.exit_code == 0, result.stderr
    return page


def test_the_report_is_one_self_contained_page(built: Path) -> None:
    page = built.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # nothing fetched
    images = dict(re.findall(r'<img id="(\w+)"[^>]* src="data:image/png;base64,([^"]+)"', page))
    assert set(images) == {"timeline", "network"}
    for data in images.values():
        assert base64.b64decode(data).startswith(b"\x89PNG")
    assert "Jean Dupuy" in page and "ACO" in page
    assert "50000 EUR" in page and "2000000 EUR" in page  # the largest amounts


def test_every_row_links_to_an_article_page_beside_it(built: Path) -> None:
    page = built.read_text(encoding="utf-8")
    links = set(re.findall(r'<a href="([^"]+)">', page))
    assert links == {
        "presse-articles/a1.html",
        "presse-articles/a2.html",
        "presse-articles/a3.html",
    }
    for link in links:
        article = (built.parent / link).read_text(encoding="utf-8")
        assert "<mark" in article  # the article view of ``show --html``
    assert "Dieppe" in (built.parent / "presse-articles/a3.html").read_text(encoding="utf-8")


def test_the_report_is_never_written_over_a_corpus_article(relations: Motorpme) -> None:
    target = relations.corpus / "a2.txt"
    before = target.read_bytes()
    result = relations("report", "--html", str(target))
    assert result.exit_code == 2 and "corpus article" in result.stderr
    assert target.read_bytes() == before


def _chromium() -> str | None:
    return next(
        filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None
    )


# Injected into a copy of the page: records errors (scripts, console, resources that fail to
# load) and where each picture is drawn, once everything has loaded.
PROBE = """<script>
window.__errors = [];
addEventListener("error", e => __errors.push(
  String(e.message || (e.target && e.target.src) || e.type).slice(0, 80)), true);
for (const k of ["error", "warn"]) {
  const f = console[k];
  console[k] = (...a) => { __errors.push(a.join(" ")); f(...a); };
}
addEventListener("load", () => {
  const images = [...document.images].map(i => {
    const r = i.getBoundingClientRect();
    return {id: i.id, natural: i.naturalWidth, x: r.left, y: r.top + scrollY,
            w: r.width, h: r.height};
  });
  document.documentElement.setAttribute(
    "data-probe", JSON.stringify({errors: __errors, images}));
});
</script>"""
WINDOW = (1200, 4000)


def _run(browser: str, *args: str) -> subprocess.CompletedProcess:
    flags = ["--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars"]
    size = f"--window-size={WINDOW[0]},{WINDOW[1]}"
    return subprocess.run(
        [browser, *flags, size, *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_a_real_browser_shows_the_chart_and_the_network(built: Path, tmp_path: Path) -> None:
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium installed: `apt-get install chromium` (make test does it as root)")
    import matplotlib.image

    shot = tmp_path / "shot.png"
    run = _run(browser, "--enable-logging=stderr", "--v=0", f"--screenshot={shot}", built.as_uri())
    assert shot.is_file(), run.stderr[-2000:]
    # The page has no script: any console line would be an error the page caused.
    assert "CONSOLE" not in run.stderr, run.stderr[-2000:]
    probe_page = built.with_name("probe.html")
    probe_page.write_text(built.read_text("utf-8").replace("<head>", "<head>" + PROBE, 1), "utf-8")
    dom = _run(browser, "--dump-dom", probe_page.as_uri()).stdout
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, dom[:500]
    probe = json.loads(html.unescape(found[1]))
    assert probe["errors"] == []
    pixels = matplotlib.image.imread(io.BytesIO(shot.read_bytes()), format="png")
    images = {i["id"]: i for i in probe["images"]}
    assert set(images) == {"timeline", "network"}
    for name, box in images.items():
        assert box["natural"] > 300 and box["w"] > 300, name  # decoded and laid out
        assert box["y"] + box["h"] <= WINDOW[1], f"{name} below the screenshot"
        region = pixels[
            int(box["y"]) : int(box["y"] + box["h"]), int(box["x"]) : int(box["x"] + box["w"]), :3
        ]
        colours = {tuple(p) for p in (region[::7, ::7] * 255).astype(int).reshape(-1, 3).tolist()}
        assert region.std() > 0.05 and len(colours) > 20, f"{name} looks blank in the screenshot"
