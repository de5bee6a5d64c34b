// Small progressive enhancements. Every page works without this file.

// Move focus to a form's error summary after a failed submit, as Aksel's ErrorSummary does,
// so keyboard and screen-reader users hear what must be fixed.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});

// Narrow screens: the menu folds behind a menu button (CSS hides it under .js-menu).
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector("[data-menu-toggle]");
  const menu = document.querySelector("[data-menu]");
  if (!toggle || !menu) return;
  document.documentElement.classList.add("js-menu");
  toggle.hidden = false;
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("app-menu--open", open);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.classList.contains("app-menu--open")) {
      menu.classList.remove("app-menu--open");
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  });
});
