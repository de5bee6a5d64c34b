// Move focus to a form's error summary after a failed submit, as Aksel's ErrorSummary does,
// so keyboard and screen-reader users hear what must be fixed.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
