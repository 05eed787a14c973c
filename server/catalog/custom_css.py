"""What a survey's custom_css may do: restyle the card inside the widget's shadow root, nothing more.

The widget adopts ``appearance.custom_css`` as a stylesheet in its shadow root
on every page that shows the survey. Two things must never follow from it:

* a request from the visitor's browser to anyone (leaking the visitor's IP and
  the host page): no ``url()``/``image-set()``/``src()``, no ``@import`` or
  ``@font-face``, no at-rule but ``@media`` and ``@supports``;
* a card that leaves its frame and covers the page: no ``:host`` (the one
  selector that reaches the light-DOM host element), no ``position: fixed`` or
  ``sticky``, no viewport units, and the card's frame (stacking, maximum size,
  clipping, transforms) stays the widget's.

Sizes are bounded too, so no border, shadow, outline, margin or padding can
grow the card over the page: in declarations a length is at most 640px (40em,
or 100%), no other number reaches 1000, and values do no multiplication (a
``calc(999px * 999)`` would otherwise undo every bound).

The check is lexical and errs on the side of refusing: backslash escapes are
refused outright so that ``u\\72l(`` cannot spell ``url(`` past it, and
comments are blanked before matching so ``/**/`` cannot split a word.
"""
from __future__ import annotations

import re

COMMENT = re.compile(r"/\*.*?(\*/|$)", re.S)
AT_RULE = re.compile(r"@(-?[a-z][a-z0-9-]*)")
ALLOWED_AT_RULES = frozenset({"media", "supports"})
# every CSS function that makes the browser fetch something, with or without a vendor prefix
FETCHING_FUNCTION = re.compile(r"(?<![a-z0-9_-])(?:-[a-z]+-)?(url|src|image|image-set)\s*\(")
OUTSIDE_SELECTOR = re.compile(r"::?(host-context|host|slotted|part)(?![a-z0-9_-])")
# refused as words anywhere, so a custom property (--p:fixed; position:var(--p)) cannot smuggle them
ESCAPING_KEYWORD = re.compile(r"(?<![a-z0-9_-])(fixed|sticky)(?![a-z0-9_-])")
VIEWPORT_UNIT = re.compile(r"\d(?:[sld]?v(?:w|h|i|b|min|max))(?![a-z0-9_-])")
# the card's frame: how it stacks over the page, how large it may grow, what it clips; a declaration
# starts after { or ; (a media feature such as (max-width:640px) starts after a parenthesis)
FRAME_PROPERTY = re.compile(r"(?:^|[{;])\s*(?:-[a-z]+-)?(z-index|max-width|max-height|max-inline-size|"
                            r"max-block-size|overflow(?:-[xy]|-inline|-block)?|contain|transform|translate|"
                            r"scale|rotate|zoom|inset(?:-[a-z-]+)?)\s*:")


# a block's declarations: the text between { and } that holds no further block
DECLARATIONS = re.compile(r"\{([^{}]*)\}")
NUMBER = re.compile(r"(?<![a-z0-9_#.-])-?(\d*\.?\d+)(px|em|rem|ex|ch|lh|%|[a-z]+)?")
# the most each unit may say: the card is about 360px wide, and no decoration needs to reach far past it
UNIT_BOUND = {"px": 640, "em": 40, "rem": 40, "ex": 80, "ch": 80, "lh": 40, "%": 100}
OTHER_BOUND = 999  # unitless numbers (font-weight 700, line-height 1.4), times (ms), angles (deg)


def size_problem(text: str) -> str | None:
    """Why a declaration's size would let the card grow over the page, or None."""
    for block in DECLARATIONS.findall(text):
        for declaration in block.split(";"):
            _, _, value = declaration.partition(":")
            if "*" in value:
                return "Multiplication is not allowed in custom CSS values."
            for digits, unit in NUMBER.findall(value):
                bound = UNIT_BOUND.get(unit, OTHER_BOUND)
                if float(digits) > bound:
                    return f"{digits}{unit} is too large: custom CSS may not size anything past {bound}{unit}."
    return None


def custom_css_problem(css: str) -> str | None:
    """Why this custom_css may not be applied, or None when it only restyles the card."""
    if "\\" in css:
        return "Backslash escapes are not allowed."
    text = COMMENT.sub(" ", css.lower())
    for name in AT_RULE.findall(text):
        if name not in ALLOWED_AT_RULES:
            return f"@{name} is not allowed: only @media and @supports."
    if match := FETCHING_FUNCTION.search(text):
        return f"{match.group(0).rstrip('( ')}() is not allowed: custom CSS may not load anything."
    if match := OUTSIDE_SELECTOR.search(text):
        return f"{match.group(0)} is not allowed: style the card (.w) and what is inside it."
    if match := ESCAPING_KEYWORD.search(text):
        return f"'{match.group(1)}' is not allowed: the card may not be positioned against the page."
    if VIEWPORT_UNIT.search(text):
        return "Viewport units (vw, vh, vmin, vmax, ...) are not allowed: size the card in px, em or %."
    if match := FRAME_PROPERTY.search(text):
        return f"{match.group(1)} is the widget's: custom CSS may not change the card's frame."
    return size_problem(text)
