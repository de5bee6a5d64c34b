"""Keyboard-only operation for the browser tests: move focus with Tab / Shift+Tab as a person
without a mouse does, and check at every stop that the focused element shows where focus is."""

# What a sighted keyboard user sees: the focused element matches :focus-visible and draws an
# outline or a focus shadow, or (Aksel's checkboxes and radios, whose input is hidden under the
# drawn box) an ancestor draws a ring in its ::after / ::before while focus is within it.
# Returns a description of the element when neither is so ("" when focus shows).
FOCUS_SHOWN = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "focus is on no element";
  const drawn = s => (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0)
    || (s.boxShadow && s.boxShadow !== "none");
  const own = getComputedStyle(el);
  if (el.matches(":focus-visible") && drawn(own)) return "";
  // A date or time field's last Tab stop is Chromium's own calendar button inside the field, which
  // Chromium rings itself: the field is activeElement but no longer matches :focus.
  if (/^(date|datetime-local|time|month|week)$/.test(el.type) && !el.matches(":focus")) return "";
  for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
    for (const pseudo of ["::after", "::before"]) {
      const s = getComputedStyle(a, pseudo);
      if (s.content !== "none" && drawn(s) && a.matches(":focus-within")) return "";
    }
  }
  const name = (el.getAttribute("aria-label") || el.innerText || el.name || el.id || "").trim();
  return `<${el.tagName.toLowerCase()} type="${el.type || ""}" class="${el.className}"> «${name.slice(0, 60)}» `
    + `shows no focus (focus-visible ${el.matches(":focus-visible")}, outline ${own.outlineStyle} `
    + `${own.outlineWidth}, shadow ${own.boxShadow})`;
}"""


def assert_focus_shown(page):
    problem = page.evaluate(FOCUS_SHOWN)
    assert not problem, f"{page.url}: {problem}"


def tab_to(page, target, *, backwards: bool = False, limit: int = 80):
    """Press Tab (Shift+Tab backwards) until the locator `target` has focus; every element passed
    on the way must show its focus too. Fails if the target is not reached within `limit` stops."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        assert_focus_shown(page)
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{target} not reached with {key} in {limit} stops on {page.url}")


def activate(page, target, *, key: str = "Enter", backwards: bool = False):
    """Tab to target, then press key (Enter for links and buttons, Space for buttons)."""
    tab_to(page, target, backwards=backwards)
    page.keyboard.press(key)
