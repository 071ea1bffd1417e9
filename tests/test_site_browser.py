"""The built site in a real browser: headless Chromium, driven by Playwright, from file://.

Every page: it loads cleanly, pictures decode, formulas typeset, folds open by mouse and
keyboard, navigation works; nothing is cut off at a desktop's width or a phone's; axe-core
finds nothing serious in light or dark mode, where pictures sit on a light panel. And the
search, from disk, from the keyboard, into a closed aside; and a printed lesson.

The `browser` fixture (conftest.py) needs a Chromium on the machine, or skips with advice.
"""
import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from course import lessons

COURSE = lessons()
PAGES = ["index.html", "glossary.html"] + [f"{lesson.stem}.html" for lesson in COURSE]
WIDTHS = {"a desktop": 1280, "a phone": 390}
COLOUR_RULES = ["color-contrast", "link-in-text-block"]   # axe's rules that depend on the colours

# Every element whose content is cut off: bigger than its box where the box hides what does
# not fit, or scrolling up and down (a scrollbar there eats the content's end). A box that
# scrolls sideways is fine. Also the page itself, if it is wider than the window.
CUT_OFF = """() => {
  const hides = v => v === 'hidden' || v === 'clip', scrolls = v => v === 'auto' || v === 'scroll';
  const name = e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
                    ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const found = [];
  for (const e of document.body.querySelectorAll('*')) {
    const style = getComputedStyle(e);
    if (!e.getClientRects().length || style.display.startsWith('inline') && style.display !== 'inline-block'
        || e.closest('.course-search-panel, .mg-scroll')) continue;   // these scroll on purpose: the
        // search results, and a stepper's graph, kept beside its buttons and scrolled to the value in play
    const wide = e.scrollWidth > e.clientWidth + 1, tall = e.scrollHeight > e.clientHeight + 1;
    const what = `${name(e)} (${e.scrollWidth}x${e.scrollHeight} in ${e.clientWidth}x${e.clientHeight}):`
                 + ` "${e.textContent.trim().slice(0, 50)}"`;
    if (wide && hides(style.overflowX)) found.push('cut at the side: ' + what);
    if (tall && hides(style.overflowY)) found.push('cut at the bottom: ' + what);
    if (tall && scrolls(style.overflowY)) found.push('scrolls up and down: ' + what);
  }
  const over = document.documentElement.scrollWidth - window.innerWidth;
  if (over > 0) found.push(`the page is ${over}px wider than the window`);
  return found;
}"""

TYPESET = "() => new Promise(done => window.MathJax ? MathJax.Hub.Queue(() => done(true)) : done(true))"


class Visit:
    """A page opened from file://, with every console error, failed or outside request."""

    def __init__(self, browser, url, width=1280, scheme="light"):
        self.errors, self.outside, self.failed = [], [], []
        self.page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url[:80]} ({r.failure})"))
        self.page.on("request", lambda r: r.url.startswith(("file://", "data:"))
                     or self.outside.append(r.url))   # (this machine reaches no network anyway)
        self.page.goto(url)
        self.page.evaluate(TYPESET)

    def clean(self):
        return self.errors == [] and self.failed == [] and self.outside == []


@pytest.fixture(scope="class", params=PAGES)
def shown(request, browser, site_dir):
    """(name, Visit): one page, opened once for all the tests of the class, which run in order
    (the last one leaves the page)."""
    visit = Visit(browser, (site_dir / request.param).as_uri())
    yield request.param, visit
    visit.page.close()


class TestEveryPage:
    def test_it_loads_cleanly_its_pictures_decode_and_its_formulas_typeset(self, shown):
        name, visit = shown
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
        assert visit.clean(), (visit.errors, visit.failed, visit.outside)
        assert undecoded == [], f"images that did not decode: {undecoded}"
        assert raw_tex == [] and math_errors == 0, f"TeX left untypeset: {raw_tex}"

    def test_nothing_is_cut_off_on_a_desktop_or_a_phone(self, shown):
        """Formulas, code, tables and outputs show whole; a wide one scrolls sideways in its
        own box, and no page is wider than a 390 px phone."""
        name, visit = shown
        for device, width in WIDTHS.items():
            visit.page.set_viewport_size({"width": width, "height": 900})
            cut = visit.page.evaluate(CUT_OFF)
            assert cut == [], f"{name} on {device} ({width} px):\n" + "\n".join(cut)
        visit.page.set_viewport_size({"width": 1280, "height": 900})

    def test_axe_finds_nothing_serious_in_light_or_dark_mode(self, shown):
        """axe-core's rules (WCAG 2 A and AA and its best practices): no serious or critical
        violation, with the system asking for light pages and for dark ones. In dark mode the
        page is dark, its text light, and plots and graphs keep a light panel."""
        name, visit = shown
        page, axe, found = visit.page, Axe(), []
        for scheme, rules in (("light", None), ("dark", COLOUR_RULES)):   # only colours change in the dark
            page.emulate_media(color_scheme=scheme)
            options = {"resultTypes": ["violations"], "preload": False, **({"runOnly": rules} if rules else {})}
            results = axe.run(page, options=options).response
            found += [f"{scheme}: {v['impact']} {v['id']} ({v['help']}), on {len(v['nodes'])} elements, "
                      f"first {v['nodes'][0]['target']}: {v['nodes'][0].get('failureSummary', '')[:300]}"
                      for v in results["violations"] if v["impact"] in ("serious", "critical")]
        colours = page.evaluate("""() => {
          const lum = c => { const [r, g, b] = c.match(/\\d+/g).map(Number); return (0.2126*r + 0.7152*g + 0.0722*b) / 255; };
          const bg = getComputedStyle(document.body).backgroundColor, fg = getComputedStyle(document.body).color;
          const panels = [...document.querySelectorAll('.jp-RenderedSVG img')].map(i => lum(getComputedStyle(i).backgroundColor));
          return {page: lum(bg), text: lum(fg), panels};
        }""")
        page.emulate_media(color_scheme="light")
        assert found == [], "\n".join(found)
        assert colours["page"] < 0.2 and colours["text"] > 0.8, f"{name} in dark mode: {colours}"
        assert all(panel > 0.95 for panel in colours["panels"]), f"{name}: a picture without its light panel"

    def test_folds_open_by_mouse_and_keyboard_and_every_link_leads_into_the_site(self, shown, site_dir):
        """Every solution and aside starts closed, its cells hidden; the first solution opens
        on a click, the first aside from the keyboard (its title focused, Enter). Every
        navigation link leads to a page of the site (each of which these tests open), and
        following one really opens it."""
        name, visit = shown
        page = visit.page
        folds = page.locator("details.course-solution, details.course-aside")
        assert page.locator("details[open]").count() == 0
        assert not [i for i in range(folds.count()) if folds.nth(i).locator(".jp-Cell").first.is_visible()]
        solution, aside = page.locator("details.course-solution").first, page.locator("details.course-aside").first
        if solution.count():
            solution.locator("summary").click()
            assert solution.get_attribute("open") is not None and solution.locator(".jp-Cell").first.is_visible()
        if aside.count():
            aside.locator("summary").focus()
            page.keyboard.press("Enter")
            assert aside.get_attribute("open") is not None and aside.locator(".jp-Cell").first.is_visible()

        links = page.eval_on_selector_all(".course-header a, .course-nav a, .course-lessons a, .course-footer a",
                                          "links => links.map(a => a.href)")
        assert links, "no navigation links"
        targets = [href.removeprefix(site_dir.as_uri() + "/").split("#")[0] for href in links]
        assert set(targets) <= set(PAGES) | {"LICENSE.txt", "LICENSE-TEXT.txt"}, \
            f"{name}: links outside the site: {sorted(set(targets) - set(PAGES))}"
        follow = ".course-next, .course-lessons a" if page.locator(".course-next, .course-lessons a").count() \
            else ".course-contents, .course-home"
        with page.expect_navigation(wait_until="commit"):
            page.locator(follow).first.click()
        assert page.url.removeprefix(site_dir.as_uri() + "/") in PAGES


def search_for(page, query):
    """Type a query into the page's search box, as a reader does; the result links."""
    box = page.locator("#course-search-box")
    box.click()
    box.press_sequentially(query, delay=20)
    # the results of the whole query, not of a part typed before the search ran
    page.wait_for_function("q => document.querySelector('.course-search-results').dataset.query === q",
                           arg=query.strip())
    page.locator(".course-search-results a").first.wait_for()
    return page.eval_on_selector_all(".course-search-results a", "links => links.map(a => a.getAttribute('href'))")


def test_search_works_from_disk_and_leads_to_the_section(browser, site_dir):
    visit = Visit(browser, (site_dir / "01_derivatives.html").as_uri())
    page = visit.page
    results = search_for(page, "chain rule")
    assert "03_backprop_by_hand.html#One-more-step-back:-the-chain-rule" in results, results
    status = page.locator(".course-search-status").inner_text()
    assert re.match(r"\d+ sections? found", status), status
    assert page.locator(".course-search-results mark").count(), "the matched words are marked"
    # from the keyboard: down to the result, Enter opens it at its section
    for _ in range(results.index("03_backprop_by_hand.html#One-more-step-back:-the-chain-rule") + 1):
        page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("03_backprop_by_hand.html#One-more-step-back:-the-chain-rule")
    heading = page.locator("h2#One-more-step-back\\:-the-chain-rule")
    page.evaluate(TYPESET)
    assert heading.is_visible() and heading.evaluate("h => h.getBoundingClientRect().top") < 900
    phone = Visit(browser, (site_dir / "index.html").as_uri(), width=390)
    search_for(phone.page, "learning rate")
    edges = phone.page.evaluate("() => { const r = document.querySelector('.course-search-panel').getBoundingClientRect();"
                                " return [r.left, r.right]; }")
    assert 0 <= edges[0] and edges[1] <= 390, f"the results stick out of a phone's screen: {edges}"
    phone.page.close()
    nothing = search_for_nothing(page, "zzqxjv")
    assert nothing == "Nothing found for “zzqxjv”."
    assert visit.clean(), (visit.errors, visit.failed, visit.outside)
    page.close()


def search_for_nothing(page, query):
    box = page.locator("#course-search-box")
    box.fill("")
    box.press_sequentially(query, delay=20)
    status = page.locator(".course-search-status")
    page.wait_for_function("q => document.querySelector('.course-search-status').textContent.includes(q)", arg=query)
    return status.inner_text()


def test_a_search_result_inside_a_closed_aside_opens_it(browser, site_dir):
    """Asides are searched too; following a result into one opens it."""
    index = json.loads((site_dir / "search-index.js").read_text().split("= ", 1)[1].rstrip().removesuffix(";"))
    aside = next(d for d in index if "#Going-deeper" in d["url"] and d["url"].startswith("07_"))
    visit = Visit(browser, (site_dir / "index.html").as_uri())
    page = visit.page
    results = search_for(page, aside["title"].removeprefix("Going deeper: "))
    assert aside["url"] in results, (aside["url"], results)
    with page.expect_navigation():
        page.locator(f'.course-search-results a[href="{aside["url"]}"]').click()
    page.evaluate(TYPESET)
    anchor = aside["url"].split("#")[1]
    fold = page.locator(f'details[id="{anchor}"]')
    assert fold.get_attribute("open") is not None and fold.locator(".jp-Cell").first.is_visible()
    assert visit.clean(), (visit.errors, visit.failed, visit.outside)
    page.close()


def test_the_keyboard_alone_reaches_everything(browser, site_dir):
    """Tab first reaches the skip link, then the header; "/" jumps to the search box,
    arrows walk the results, Escape closes them; a glossary link leads to its entry."""
    visit = Visit(browser, (site_dir / "05_topological_sort.html").as_uri())
    page = visit.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "course-skip"
    assert page.locator(".course-skip").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "course-home"
    page.keyboard.press("Escape")
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "course-search-box"
    page.keyboard.type("topological", delay=20)
    page.locator(".course-search-results a").first.wait_for()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('.course-search-results') !== null")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.id") == "course-search-box"
    assert page.locator(".course-search-panel").is_hidden()
    term = page.locator("a.course-term").first
    term.focus()
    target = term.get_attribute("href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(target)
    assert page.locator(f'dt[id="{target.split("#")[1]}"]').is_visible()
    assert visit.clean(), (visit.errors, visit.failed, visit.outside)
    page.close()


def test_a_printed_lesson_has_no_site_chrome_and_its_code_wraps(browser, site_dir):
    """Printing a lesson: no header, search or navigation; code wraps inside the page
    instead of being cut; solutions and asides print as they are (closed here)."""
    visit = Visit(browser, (site_dir / "07_engine.html").as_uri(), width=700, scheme="dark")
    page = visit.page
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.course-header', '.course-nav', '.course-search', '.course-skip']
        .filter(s => [...document.querySelectorAll(s)].some(e => e.getClientRects().length))""")
    assert hidden == [], f"printed, though they are the site's chrome: {hidden}"
    cut = page.evaluate("""() => [...document.querySelectorAll('pre')]
        .filter(p => p.getClientRects().length && p.scrollWidth > p.clientWidth + 1)
        .map(p => p.textContent.slice(0, 60))""")
    assert cut == [], f"code wider than the printed page: {cut}"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    assert page.locator("details[open]").count() == 0 and page.locator("details").count()
    page.close()
