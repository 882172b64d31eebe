"""The in-browser Python runner, end to end in Chromium, on a reference page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from sitebuild.documented import documented_output

pytestmark = pytest.mark.browser

PAGE = "patterns/p041-circuit-breaker/"
BOOT_TIMEOUT = 60_000


def runner(page: Page, file: str = "snippets/part07_resilience/p041_circuit_breaker.py") -> Locator:
    return page.get_by_role("group", name=f"Runnable Python: {file}", exact=True)


def python_workers(page: Page) -> list[str]:
    """The runner's workers (Material also runs one for search)."""
    return [w.url for w in page.workers if "/assets/runner/" in w.url]


def set_code(page: Page, block: Locator, code: str) -> None:
    block.hover()
    editor = block.locator(".cm-content")
    expect(editor).to_be_visible()
    editor.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(code)


def run_and_wait(block: Locator, state: str) -> None:
    block.get_by_role("button", name="Run").click()
    expect(block).to_have_attribute("data-state", state, timeout=BOOT_TIMEOUT)


def test_nothing_of_pyodide_loads_before_intent(page: Page) -> None:
    page.goto(PAGE)
    expect(page.locator("[data-runnable]")).to_have_count(2)
    page.wait_for_timeout(1500)
    loaded = [u for u in page.watch.requests if "/vendor/pyodide/" in u or "editor.bundle" in u]  # type: ignore[attr-defined]
    assert loaded == []
    assert python_workers(page) == []


def test_run_shows_the_documented_output(page: Page) -> None:
    page.goto(PAGE)
    block = runner(page)
    published = block.locator("code").inner_text()
    run_and_wait(block, "ok")
    output = block.get_by_role("log")
    expect(output).to_have_text(documented_output(published).rstrip("\n"), use_inner_text=True)
    expect(block.locator(".runner__verdict")).to_have_attribute("data-matches", "true")
    expect(block.locator(".runner__status")).to_have_text(re.compile(r"Done in \d+ ms"))


def test_edited_code_runs_and_reset_restores(page: Page) -> None:
    page.goto(PAGE)
    block = runner(page)
    set_code(
        page,
        block,
        "from snippets.part07_resilience.p041_circuit_breaker import State\nprint('edited', State.OPEN.value)\n",
    )
    run_and_wait(block, "ok")
    expect(block.get_by_role("log")).to_have_text("edited open")
    block.get_by_role("button", name="Reset").click()
    expect(block.locator(".cm-content")).to_contain_text("P041 Circuit Breaker: stop calling")
    run_and_wait(block, "ok")
    expect(block.locator(".runner__verdict")).to_have_attribute("data-matches", "true")


def test_stop_ends_an_infinite_loop_and_the_next_run_works(page: Page) -> None:
    page.goto(PAGE)
    block = runner(page)
    set_code(page, block, "print('looping')\nwhile True:\n    pass\n")
    block.get_by_role("button", name="Run").click()
    expect(block).to_have_attribute("data-state", "running", timeout=BOOT_TIMEOUT)
    expect(block.get_by_role("log")).to_contain_text("looping", timeout=BOOT_TIMEOUT)
    block.get_by_role("button", name="Stop").click()
    expect(block).to_have_attribute("data-state", "error")
    expect(block.get_by_role("log")).to_contain_text("[stopped]")
    set_code(page, block, "print(6 * 7)\n")
    run_and_wait(block, "ok")
    expect(block.get_by_role("log")).to_have_text("42")


def test_exception_shows_a_traceback_with_editor_line_numbers(page: Page) -> None:
    page.goto(PAGE)
    block = runner(page)
    set_code(
        page,
        block,
        "def charge(amount):\n    raise ValueError(f'bad amount {amount}')\n\ncharge(-1)\n",
    )
    run_and_wait(block, "error")
    log = block.get_by_role("log")
    expect(log).to_contain_text('File "<snippet>", line 4, in <module>')
    expect(log).to_contain_text('File "<snippet>", line 2, in charge')
    expect(log).to_contain_text("ValueError: bad amount -1")
    expect(log).not_to_contain_text("/lib/python")


def test_a_flood_of_output_is_capped_and_the_page_stays_responsive(page: Page) -> None:
    page.goto(PAGE)
    block = runner(page)
    set_code(page, block, "for n in range(1_000_000):\n    print('line', n)\n")
    run_and_wait(block, "ok")
    expect(block.get_by_role("log")).to_contain_text("[output cut at 100,000 characters]")
    # The main thread answers promptly after the flood.
    assert page.evaluate("1 + 1") == 2


def test_input_gets_a_clear_message(page: Page) -> None:
    page.goto(PAGE)
    block = runner(page)
    set_code(page, block, "name = input('Your name? ')\n")
    run_and_wait(block, "error")
    expect(block.get_by_role("log")).to_contain_text("input() cannot read the keyboard")


def test_keyboard_only_run_with_ctrl_enter(page: Page) -> None:
    page.goto(PAGE)
    block = runner(page)
    block.get_by_role("button", name="Run").focus()  # focus is intent: the editor loads
    expect(block.locator(".cm-content")).to_be_visible()
    block.locator(".cm-content").focus()
    page.keyboard.press("Control+Enter")
    expect(block).to_have_attribute("data-state", "ok", timeout=BOOT_TIMEOUT)


def test_instant_navigation_sets_up_again_without_a_second_worker(page: Page) -> None:
    page.goto(PAGE)
    run_and_wait(runner(page), "ok")
    page.evaluate("window.sameDocument = true")
    page.locator("a.md-header__button.md-logo").click()
    expect(page).to_have_url(re.compile(r"/$"))
    page.locator(f'article a[href$="{PAGE}"]').first.click()
    expect(page.locator("[data-runnable]")).to_have_count(2)
    assert page.evaluate("window.sameDocument === true"), "navigation reloaded the page"
    run_and_wait(runner(page), "ok")
    assert len(python_workers(page)) == 1


def test_the_time_limit_stops_a_runaway_snippet_by_itself(page: Page) -> None:
    page.goto(PAGE)
    block = runner(page)
    set_code(page, block, "while True:\n    pass\n")
    block.get_by_role("button", name="Run").click()
    expect(block).to_have_attribute("data-state", "error", timeout=BOOT_TIMEOUT + 15_000)
    expect(block.get_by_role("log")).to_contain_text("[stopped: still running after 10 s]")
    set_code(page, block, "print('alive')\n")
    run_and_wait(block, "ok")


def test_a_memory_blow_up_is_an_error_and_the_next_run_works(page: Page) -> None:
    page.goto(PAGE)
    block = runner(page)
    # More than the WebAssembly heap can grow to: Python raises MemoryError at
    # once (or, in other browsers, the worker dies and is replaced). Either
    # way the page survives and the next Run works.
    set_code(page, block, "hoard = bytearray(2**31 - 1)\n")
    run_and_wait(block, "error")
    expect(block.get_by_role("log")).to_contain_text(
        re.compile("MemoryError|the Python runtime failed")
    )
    set_code(page, block, "print('alive')\n")
    run_and_wait(block, "ok")
    expect(block.get_by_role("log")).to_have_text("alive")
