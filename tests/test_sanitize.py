"""tests/nbval_sanitize.cfg hides only what changes from run to run, never a number a lesson prints."""
import configparser
import re

import pytest

from course import ROOT, lessons

RULES = configparser.ConfigParser()
RULES.read(ROOT / "tests" / "nbval_sanitize.cfg")
NUMBER = re.compile(r"[-+]?\d+(\.\d+)?([eE][-+]?\d+)?(x\d+)?")  # 3, -0.25, 1e-08, 600x400


def stored_texts():
    """Every text of every stored output of every lesson (streams, text/plain, SVG)."""
    for lesson in lessons():
        for cell in lesson.read().cells:
            for output in cell.get("outputs", []):
                yield from [output.get("text", ""), output.get("evalue", ""),
                            *output.get("data", {}).values()]


@pytest.mark.parametrize("rule", RULES.sections())
def test_no_rule_hides_a_number(rule):
    pattern = re.compile(RULES[rule]["regex"])
    hidden = []
    for text in stored_texts():
        if not isinstance(text, str):
            continue
        for match in pattern.finditer(text):
            start, end = match.span()
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".-+"):
                start -= 1
            while end < len(text) and (text[end].isalnum() or text[end] == "."):
                end += 1
            if NUMBER.fullmatch(text[start:end]):
                hidden.append(text[start:end])
    assert not hidden, f"rule [{rule}] would hide these numbers: {sorted(set(hidden))[:10]}"


def test_the_memory_address_rule_leaves_sizes_alone():
    pattern = re.compile(RULES["memory-addresses"]["regex"])
    assert pattern.search("<function f at 0x7f3a1b2c3d40>")
    assert not pattern.search("<Figure size 600x400 with 1 Axes>")
    assert not pattern.search("a 10x5 grid")
