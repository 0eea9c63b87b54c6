"""Goal charts and glossary terms on 390 px and 320 px phones, in Debian's Chromium
(issue 14, items 10 and 11): what the browser really draws, not what the server meant to.
"""

from __future__ import annotations

import pytest

from careplan.demo.builder import demo_id
from tests.browser.conftest import axe_violations, new_page, run_sync_demo_load, scrolls_sideways

WIDTHS = [390, 320]
KOFI_SLEEP = demo_id("osei:objective:sleep")

# Every word drawn in each chart, with its box on the screen, and the chart's own box.
CHART_BOXES = """() => [...document.querySelectorAll('svg.cp-chart__svg')].map(svg => {
  const box = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map(t => {
    const r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  const marks = [...svg.querySelectorAll('circle, rect')].map(m => {
    const r = m.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  });
  return {box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
          texts, marks, goal: svg.closest('section').id};
})"""

# Where the character right after a glossary term sits, against the term's last character,
# in the sentence as it is read (the explanation and hidden words left out): markup-blind.
AFTER_TERM = """([holder, term]) => {
  const root = document.querySelector(holder);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {acceptNode: n =>
    n.parentElement.closest('.cp-term__explain, .govuk-visually-hidden')
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  const nodes = []; let text = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    nodes.push([n, text.length]); text += n.data;
  }
  const at = text.indexOf(term) + term.length;
  const rectOf = index => {
    for (const [n, start] of nodes) {
      if (index >= start && index < start + n.data.length) {
        const range = document.createRange();
        range.setStart(n, index - start); range.setEnd(n, index - start + 1);
        return range.getBoundingClientRect();
      }
    }
    return null;
  };
  const last = rectOf(at - 1), after = rectOf(at);
  return {sentence: text, next: text[at], lastTop: last.top, lastBottom: last.bottom,
          afterTop: after.top, afterLeft: after.left, lastRight: last.right};
}"""


def sign_in(server, page, who: str) -> None:
    page.goto(server.url + "/auth/demo")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Sign in as {who}").click()


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"] - 0.5
        and b["left"] < a["right"] - 0.5
        and (a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5)
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("who", ["Jess Hartley", "Abena Osei"])
def test_goal_charts_fit_the_phone_and_their_words_do_not_overlap(
    live_server, browser, width, who
) -> None:
    run_sync_demo_load(live_server)
    page, errors = new_page(browser, phone=True, viewport={"width": width, "height": 800})
    try:
        sign_in(live_server, page, who)
        page.goto(live_server.url + "/family/goals")
        charts = page.evaluate(CHART_BOXES)
        assert charts, "the demo's goals have charts"
        for chart in charts:
            box = chart["box"]
            assert box["left"] >= 0 and box["right"] <= width, chart["goal"]
            for drawn in chart["texts"] + chart["marks"]:  # nothing is clipped
                assert box["left"] - 0.5 <= drawn["left"] and drawn["right"] <= box["right"] + 0.5
                assert box["top"] - 0.5 <= drawn["top"] and drawn["bottom"] <= box["bottom"] + 0.5
            texts = chart["texts"]
            for i, one in enumerate(texts):
                for other in texts[i + 1 :]:
                    assert not overlap(one, other), (chart["goal"], one["text"], other["text"])
        assert not scrolls_sideways(page)
        assert axe_violations(page) == []
        if who == "Abena Osei":  # "Nights out of 7" offers 7
            goal = page.locator(f"#goal-{KOFI_SLEEP}")
            assert goal.get_by_label("7", exact=True).is_visible()
        assert errors.console == []
    finally:
        page.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_tapped_term_keeps_its_full_stop(live_server, browser, width) -> None:
    run_sync_demo_load(live_server)
    page, errors = new_page(browser, phone=True, viewport={"width": width, "height": 800})
    try:
        sign_in(live_server, page, "Abena Osei")
        holder = ".cp-item__text:has(details.cp-term)"
        sentence = page.locator(holder).first
        assert "contact centre" in sentence.inner_text()
        closed = page.evaluate(AFTER_TERM, [holder, "contact centre"])
        assert closed["next"] == "."
        assert closed["afterTop"] == closed["lastTop"]  # on the same line
        sentence.locator("summary").tap()
        assert sentence.locator(".cp-term__explain").is_visible()
        opened = page.evaluate(AFTER_TERM, [holder, "contact centre"])
        # Opened, the explanation comes after the full stop, not between the term and it.
        assert opened["afterTop"] == opened["lastTop"], opened
        assert opened["afterLeft"] >= opened["lastRight"] - 0.5
        assert not scrolls_sideways(page)
        assert axe_violations(page) == []
        assert errors.console == []
    finally:
        page.context.close()
