"""The built site in a real browser: headless Chromium, driven by Playwright, from file://.

The `browser` fixture (conftest.py) needs a Chromium on the machine, or skips with advice.
"""
import pytest

from course import lessons

COURSE = lessons()
PAGES = ["index.html"] + [f"{lesson.stem}.html" for lesson in COURSE]


class Visit:
    """A page opened from file://, with every console error, failed or outside request."""

    def __init__(self, browser, url):
        self.errors, self.outside, self.failed = [], [], []
        self.page = browser.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url[:80]} ({r.failure})"))
        self.page.on("request", lambda r: r.url.startswith(("file://", "data:"))
                     or self.outside.append(r.url))   # (this machine reaches no network anyway)
        self.page.goto(url)
        self.page.wait_for_function("window.MathJax && window.MathJax.Hub")
        self.page.evaluate("() => new Promise(done => MathJax.Hub.Queue(() => done(true)))")


@pytest.mark.parametrize("name", PAGES)
def test_page_in_chromium(browser, site_dir, name):
    """One visit per page: it loads cleanly, pictures decode, formulas typeset, folds work,
    and every navigation link opens a page of the site."""
    visit = Visit(browser, (site_dir / name).as_uri())
    page = visit.page
    undecoded = page.eval_on_selector_all(
        "img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.alt || i.src.slice(0, 60))")
    # MathJax leaves no TeX behind in the prose (code and outputs keep their dollars)
    raw_tex = page.evaluate("""() => [...document.querySelectorAll('.jp-RenderedMarkdown, .course-blurb')]
        .map(e => { const c = e.cloneNode(true);
                    c.querySelectorAll('pre, code, script, math').forEach(x => x.remove());
                    return c.innerText; })
        .filter(t => /\\$[^$\\s][^$]*\\$|\\\\\\(|\\\\\\[/.test(t))
        .map(t => t.slice(0, 80))""")
    math_errors = page.locator("text=Math Processing Error").count()
    assert visit.errors == [] and visit.failed == [] and visit.outside == []
    assert undecoded == [], f"images that did not decode: {undecoded}"
    assert raw_tex == [] and math_errors == 0, f"TeX left untypeset: {raw_tex}"

    # every solution and aside starts closed, its cells hidden; the first of each kind opens on click
    folds = page.locator("details.course-solution, details.course-aside")
    assert page.locator("details[open]").count() == 0
    assert not [i for i in range(folds.count()) if folds.nth(i).locator(".jp-Cell").first.is_visible()]
    for kind in ("course-solution", "course-aside"):
        fold = page.locator(f"details.{kind}").first
        if fold.count():
            fold.locator("summary").click()
            assert fold.get_attribute("open") is not None and fold.locator(".jp-Cell").first.is_visible()

    # every navigation link leads to a page of the site (each of which this test opens),
    # and following one really opens it
    links = page.eval_on_selector_all(".course-nav a, .course-lessons a", "links => links.map(a => a.href)")
    assert links, "no navigation links"
    pages = [href.removeprefix(site_dir.as_uri() + "/").split("#")[0] for href in links]
    assert set(pages) <= set(PAGES), f"{name}: links outside the site: {sorted(set(pages) - set(PAGES))}"
    follow = ".course-contents" if name == PAGES[-1] else ".course-next, .course-lessons a"
    with page.expect_navigation(wait_until="commit"):
        page.locator(follow).first.click()
    assert page.url.removeprefix(site_dir.as_uri() + "/") in PAGES
    page.close()
