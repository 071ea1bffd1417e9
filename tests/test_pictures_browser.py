"""The interactive pictures on the built site, driven in Chromium as a learner would: every
stepper stepped forward and back, by mouse and by keyboard alone, with a right, a wrong and a
malformed prediction; every slider moved; every training player played. The pages are the
lessons whose stored outputs hold a picture, and each page's pictures are found on it."""
import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from course import lessons

PAGES = [lesson.stem for lesson in lessons() if 'class=\\"mg-picture\\"' in lesson.path.read_text()]


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context, site_dir, request):
    """The lesson page, loaded, with its pictures alive and no console error or page error."""
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((site_dir / f"{request.param}.html").as_uri())
    page.wait_for_load_state("load")
    page.errors = errors
    yield page
    assert not errors, f"{request.param}.html: {errors}"
    page.close()


def pictures(page, kind):
    """(picture, its state) for every live picture of this kind on the page."""
    found = []
    for box in page.locator(".mg-picture").all():
        state = json.loads(box.locator("script.mg-state").text_content())
        if state["kind"] == kind:
            found.append((box.locator(f'.mg-live[data-picture="{kind}"]'), state))
    return found


def shown_grads(picture):
    """{box name: its grad field} as the picture's graph shows them now."""
    return picture.evaluate("""root => Object.fromEntries(
        [...root.querySelectorAll('g.node[data-n]')].filter(g => !g.dataset.n.endsWith('_op'))
            .map(g => { const t = g.querySelectorAll('text'); return [g.dataset.n, t[t.length - 1].textContent]; }))""")


def expected_grads(state, position):
    grads = dict(state["start"])
    for step in state["steps"][:position]:
        grads.update(dict(step["grads"]))
    return grads


def status(picture):
    return picture.locator(".mg-status").inner_text()


def said(picture):
    return picture.locator(".mg-said").inner_text()


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_every_picture_comes_alive_from_its_stored_output(page):
    boxes = page.locator(".mg-picture")
    assert boxes.count() > 0
    assert page.locator(".mg-picture .mg-live").count() == boxes.count()
    assert page.locator(".mg-fallback").count() == 0          # replaced by the live picture


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_steppers_step_forward_and_back_with_the_mouse(page):
    for picture, state in pictures(page, "stepper"):
        steps = len(state["steps"])
        toggle = picture.get_by_role("checkbox", name="Predict each gradient")
        toggle.set_checked(False)
        assert status(picture) == f"Step 0 of {steps}"
        assert shown_grads(picture) == expected_grads(state, 0)
        for k in range(1, steps + 1):
            picture.get_by_role("button", name="Next").click()
            assert status(picture) == f"Step {k} of {steps}"
            assert said(picture) == f"Step {k}: {state['steps'][k - 1]['text']}"
            assert shown_grads(picture) == expected_grads(state, k)
            assert picture.locator("g.mg-active").count() >= 1
        assert picture.locator(".mg-log li").all_inner_texts() == [s["text"] for s in state["steps"]]
        picture.get_by_role("button", name="Back").click()
        assert status(picture) == f"Step {steps - 1} of {steps}"
        assert shown_grads(picture) == expected_grads(state, steps - 1)
        picture.get_by_role("button", name="Reset").click()
        assert shown_grads(picture) == expected_grads(state, 0)
        picture.get_by_role("button", name="Run to the end").click()
        assert shown_grads(picture) == expected_grads(state, steps)
        if any(r["how"] == "overwrite" for s in state["steps"] for r in s["reveal"]):
            assert picture.locator("g.mg-overwrite").count() > 0 and "overwrites" in said(picture)


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_steppers_work_from_the_keyboard_alone(page):
    for picture, state in pictures(page, "stepper"):
        steps = len(state["steps"])
        picture.get_by_role("checkbox", name="Predict each gradient").focus()
        if picture.get_by_role("checkbox").is_checked():
            page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")
        assert status(picture) == f"Step {min(2, steps)} of {steps}"
        page.keyboard.press("ArrowLeft")
        assert status(picture) == f"Step 1 of {steps}"
        page.keyboard.press("End")
        assert shown_grads(picture) == expected_grads(state, steps)
        page.keyboard.press("Home")
        assert status(picture) == f"Step 0 of {steps}"
        page.keyboard.press("Shift+Tab")                # back to Run to the end ... Next
        page.keyboard.press("Shift+Tab")
        assert picture.evaluate("root => document.activeElement.textContent") == "Next"
        page.keyboard.press("Enter")
        assert status(picture) == f"Step 1 of {steps}"


def answer_for(reveal):
    """What a learner types for a revealed gradient: a fraction where it is a half."""
    return "1/2" if reveal["shown"] == "0.5" else reveal["shown"]


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_steppers_take_predictions_and_count_the_right_ones(page):
    for picture, state in pictures(page, "stepper"):
        picture.get_by_role("checkbox", name="Predict each gradient").set_checked(True)
        picture.get_by_role("button", name="Reset").click()
        box = picture.get_by_role("textbox")
        first = state["steps"][0]["reveal"][0]
        picture.get_by_role("button", name="Next").click()
        assert box.is_visible() and box.evaluate("b => b === document.activeElement")
        assert f"What is {first['name']}.grad after it?" in said(picture)
        box.fill("one")                                # not a number: asked again, nothing counted
        page.keyboard.press("Enter")
        assert said(picture).startswith("Type a number")
        wrong = str(float(first["shown"]) + 1)
        box.fill(wrong)
        page.keyboard.press("Enter")
        assert said(picture).startswith(f"Not quite: {first['name']}.grad is {first['shown']}, not {wrong}.")
        assert status(picture).endswith("right predictions: 0 of 1")
        given = 1
        for k, step in enumerate(state["steps"]):      # every other gradient, right
            if k == 0:
                continue
            picture.get_by_role("button", name="Next").click()
            for reveal in step["reveal"]:
                assert box.is_visible()
                box.fill(answer_for(reveal))
                box.press("Enter")
                given += 1
                assert said(picture).startswith(f"Right: {reveal['name']}.grad is {reveal['shown']}.")
        assert status(picture) == f"Step {len(state['steps'])} of {len(state['steps'])} \u00b7 right predictions: {given - 1} of {given}"
        assert shown_grads(picture) == expected_grads(state, len(state["steps"]))
        picture.get_by_role("button", name="Reset").click()     # a fresh start forgets the count
        assert status(picture).endswith("right predictions: 0 of 0")


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_sliders_show_the_numbers_of_each_position(page):
    for picture, state in pictures(page, "nudge"):
        slider = picture.get_by_role("slider")
        assert said(picture) == state["lines"][state["start"]]
        marker = picture.locator('[data-mg="measured"]')
        slider.focus()
        for k in (state["start"] + 1, state["start"] + 2):
            page.keyboard.press("ArrowRight")
            assert said(picture) == state["lines"][k]
            assert picture.locator("output").inner_text() == state["labels"][k]
            x, y = state["measured"][k].split(",")
            assert (marker.get_attribute("cx"), marker.get_attribute("cy")) == (x, y)
        slider.fill("0")                                # the far end, by mouse
        assert said(picture) == state["lines"][0]


def region_fills(regions, k):
    """The colour of each rectangle of frame k, in order: one per run of a sign along a row."""
    signs, columns = regions["frames"][k], regions["columns"]
    fills = []
    for r in range(0, len(signs), columns):
        row = signs[r:r + columns]
        fills += [regions["colours"][int(sign)] for i, sign in enumerate(row) if i == 0 or row[i - 1] != sign]
    return fills


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_players_play_and_step_through_the_frames(page):
    for picture, state in pictures(page, "player"):
        last = len(state["lines"]) - 1
        assert said(picture) == state["lines"][0]
        play = picture.get_by_role("button", name="Play")
        play.click()
        page.wait_for_function("([root, line]) => root.querySelector('.mg-said').textContent !== line",
                               arg=[picture.element_handle(), state["lines"][0]], timeout=5000)
        picture.get_by_role("button", name="Pause").click()
        frame = state["lines"].index(said(picture))
        assert frame > 0
        curve = picture.locator('[data-mg="loss-0"]')
        step = state["steps"][frame]
        assert curve.get_attribute("points") == " ".join(state["moves"][0]["points"][:step + 1])
        picture.get_by_role("slider").fill(str(last))
        assert said(picture) == state["lines"][last]
        if "regions" in state:                          # a classifier's regions, redrawn per frame
            for k in (0, last // 2, last):
                picture.get_by_role("slider").fill(str(k))
                shown = picture.locator('[data-mg="regions"] rect').evaluate_all(
                    "rects => rects.map(r => r.getAttribute('fill'))")
                assert shown == region_fills(state["regions"], k)
        picture.get_by_role("slider").focus()
        page.keyboard.press("Home")
        assert said(picture) == state["lines"][0]


@pytest.mark.parametrize("page", PAGES, indirect=True)
def test_pictures_fit_a_phone_and_pass_axe(page):
    page.set_viewport_size({"width": 390, "height": 800})
    widths = page.evaluate("""() => [...document.querySelectorAll('.mg-live')].map(
        p => [p.scrollWidth, p.clientWidth, p.getBoundingClientRect().right])""")
    for scroll, client, right in widths:
        assert scroll <= client and right <= 390, "a picture is wider than a phone's screen"
    before = len(page.errors)
    results = Axe().run(page, context=".mg-live")
    del page.errors[before:]     # axe's own requests for the stylesheets, refused on file://
    found = results.response["violations"]        # the site asks for no serious one; these have none
    assert not found, [(v["id"], v["impact"], [n["html"][:120] for n in v["nodes"]]) for v in found]
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_pages_with_pictures_are_found():
    assert {"03_backprop_by_hand", "05_topological_sort", "10_training", "11_classifier"} <= set(PAGES)
    assert all(re.match(r"\d\d_\w+$", stem) for stem in PAGES)
