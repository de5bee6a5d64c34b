// Small progressive enhancements. Every page works without this file.

// Move focus to a form's error summary after a failed submit, as Aksel's ErrorSummary does,
// so keyboard and screen-reader users hear what must be fixed.
// A link in the summary puts focus in its field, not just scrolls to it.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    const field = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!field) return;
    event.preventDefault();
    field.focus();
    field.scrollIntoView({ block: "center" });
  });
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

// Sessions that do not eat work (docs/decisions.md, "Drafts survive an expired session").
//
// 1. A few minutes before the idle timeout a dialog offers «Bli innlogget» (POST to the keep-alive
//    endpoint); when the timeout has passed it says so and links to the login page with ?next=.
// 2. What the user types into a POST form is kept in sessionStorage (this tab only), keyed by the
//    page's path. When the form is sent after the session expired, the server redirects to the
//    login page and then back here; the draft is filled in again. A draft is dropped as soon as a
//    page other than the form and the login page loads after a submit (the save went through).
(() => {
  const body = document.body;
  const PREFIX = "draft:";
  const path = window.location.pathname;
  const isLoginPage = () => document.querySelector("form[action*='/accounts/login/']") !== null;
  const draftForms = () =>
    Array.from(document.querySelectorAll("main form[method='post' i]")).filter(
      (form) => !form.hasAttribute("data-no-draft"),
    );
  const keep = (el) =>
    el.name &&
    !["csrfmiddlewaretoken", "next"].includes(el.name) &&
    !["password", "file", "hidden", "submit", "button"].includes(el.type) &&
    !el.closest("[data-no-draft]");

  const read = (key) => {
    try {
      return JSON.parse(sessionStorage.getItem(key) || "null");
    } catch {
      return null;
    }
  };
  const write = (key, value) => {
    try {
      sessionStorage.setItem(key, JSON.stringify(value));
    } catch {
      /* storage full or disabled: drafts are a convenience */
    }
  };

  const snapshot = (form) => {
    const values = [];
    for (const el of form.elements) {
      if (!keep(el)) continue;
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) values.push([el.name, el.value]);
      } else if (el.tagName === "SELECT" && el.multiple) {
        for (const option of el.selectedOptions) values.push([el.name, option.value]);
      } else {
        values.push([el.name, el.value]);
      }
    }
    return values;
  };

  const restore = (form, values) => {
    const byName = new Map();
    for (const [name, value] of values) byName.set(name, [...(byName.get(name) || []), value]);
    for (const el of form.elements) {
      if (!keep(el) || !byName.has(el.name)) continue;
      const wanted = byName.get(el.name);
      if (el.type === "checkbox" || el.type === "radio") el.checked = wanted.includes(el.value);
      else if (el.tagName === "SELECT") {
        for (const option of el.options) option.selected = wanted.includes(option.value);
      } else el.value = wanted[0];
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };

  const markDrafts = (state) => {
    const draft = read(PREFIX + path);
    if (draft) write(PREFIX + path, { ...draft, [state]: true });
  };

  document.addEventListener("DOMContentLoaded", () => {
    if (isLoginPage()) return; // keep every draft until the user is back
    // A submitted draft of another page means that save went through: forget it.
    for (let i = sessionStorage.length - 1; i >= 0; i -= 1) {
      const key = sessionStorage.key(i);
      if (key && key.startsWith(PREFIX) && key !== PREFIX + path && read(key)?.submitted) {
        sessionStorage.removeItem(key);
      }
    }
    const forms = draftForms();
    if (!forms.length) return;
    const form = forms[0];
    const draft = read(PREFIX + path);
    const hasErrors = document.querySelector("[data-error-summary]") !== null;
    // A form that posts back to its own page (booking, a drop-in visit) is answered with a message
    // (saved, or why not): the server got that submit, so the draft is not unsaved work to offer
    // back. After an expired session the login sends the user here without any message.
    const answered = document.querySelector(".app-messages:not([data-draft-notice]) .aksel-alert") !== null;
    if (draft && answered && draft.submitted) sessionStorage.removeItem(PREFIX + path);
    else if (draft && !hasErrors && (draft.submitted || draft.expired)) {
      restore(form, draft.values);
      const notice = document.querySelector("[data-draft-notice]");
      if (notice) notice.hidden = false;
    }
    if (draft && !(answered && draft.submitted)) write(PREFIX + path, { values: draft.values });
    const save = () => write(PREFIX + path, { values: snapshot(form) });
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", () => write(PREFIX + path, { values: snapshot(form), submitted: true }));
  });

  // --- Idle timeout warning ---------------------------------------------------------------------
  // Seconds left as the server counts them (it moves the deadline at most once a minute).
  let total = Number(body.dataset.sessionSeconds || 0);
  const warnAt = Number(body.dataset.sessionWarningSeconds || 0);
  const dialog = document.querySelector("[data-session-dialog]");
  if (!total || !dialog || typeof dialog.showModal !== "function") return;

  const LAST = "session:last-activity"; // shared by the user's tabs
  const touch = () => {
    try {
      localStorage.setItem(LAST, String(Date.now()));
    } catch {
      /* ignore */
    }
  };
  const lastActivity = () => Number(localStorage.getItem(LAST) || Date.now());
  const show = (state) => {
    for (const part of dialog.querySelectorAll("[data-session-state]")) {
      part.hidden = part.dataset.sessionState !== state;
    }
    if (!dialog.open) dialog.showModal();
  };
  const countdown = dialog.querySelector("[data-session-countdown]");
  const format = (seconds) => {
    const m = Math.floor(seconds / 60);
    const s = seconds % 60;
    const lang = document.documentElement.lang;
    if (lang === "en") return m ? `${m} min ${s} s` : `${s} seconds`;
    return m ? `${m} min ${s} sek` : `${s} sekunder`;
  };
  let expired = false;
  const tick = () => {
    const left = Math.round(total - (Date.now() - lastActivity()) / 1000);
    if (left <= 0) {
      if (!expired) {
        expired = true;
        markDrafts("expired");
        show("expired");
      }
    } else if (left <= warnAt) {
      if (countdown) countdown.textContent = format(left);
      show("warning");
    } else if (dialog.open && !expired) {
      dialog.close(); // another tab kept the session alive
    }
  };
  touch();
  document.body.addEventListener("htmx:afterRequest", touch);
  dialog.querySelector("[data-session-keepalive]").addEventListener("click", async () => {
    const token = document.querySelector("input[name='csrfmiddlewaretoken']");
    try {
      const response = await fetch(body.dataset.keepaliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
        credentials: "same-origin",
        redirect: "manual",
      });
      if (response.ok) {
        const answer = await response.json().catch(() => ({}));
        if (answer.expires_in) total = Number(answer.expires_in);
        touch();
        dialog.close();
        return;
      }
    } catch {
      /* fall through: treat as expired */
    }
    expired = true;
    markDrafts("expired");
    show("expired");
  });
  dialog.querySelector("[data-session-close]").addEventListener("click", () => dialog.close());
  window.setInterval(tick, 1000);
})();

// Pickers for long lists (GOV.UK accessible-autocomplete, vendored). The aksel crispy pack marks
// selects with data-picker="single" (municipalities, occupations, employers, candidates) or
// "multiple" (every multi-select: chips with a remove button instead of Ctrl-click). Without
// script the plain select stays and the form works the same.
document.addEventListener("DOMContentLoaded", () => {
  const lib = window.accessibleAutocomplete;
  if (!lib) return;
  const INPUT = "aksel-text-field__input aksel-body-short aksel-body-short--medium";
  const label = (option) => (option.textContent || "").trim();
  // Matches anywhere in the label, those that start with the query first ("Hamar" before
  // "Hábmer - Hamarøy"), then those with a word starting with it.
  const rank = (texts, query) => {
    const q = query.toLowerCase();
    const score = (text) => {
      const t = text.toLowerCase();
      if (t.startsWith(q)) return 0;
      return t.split(/[\s(–·-]+/).some((word) => word.startsWith(q)) ? 1 : 2;
    };
    return texts
      .filter((text) => text.toLowerCase().includes(q))
      .map((text, index) => [score(text), index, text])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map((entry) => entry[2]);
  };
  // The typeahead hint is a second, decorative input: hide it from assistive technology.
  new MutationObserver(() => {
    for (const hint of document.querySelectorAll(".autocomplete__hint:not([aria-hidden])")) {
      hint.setAttribute("aria-hidden", "true");
    }
  }).observe(document.body, { childList: true, subtree: true });
  const describedBy = (select) => select.getAttribute("aria-describedby") || "";
  const linkDescriptions = (input, ids) => {
    if (!input || !ids) return;
    const own = input.getAttribute("aria-describedby") || "";
    input.setAttribute("aria-describedby", `${ids} ${own}`.trim());
  };

  for (const select of document.querySelectorAll("select[data-picker='single']")) {
    const chosen = select.selectedOptions[0];
    const ids = describedBy(select);
    const invalid = select.getAttribute("aria-invalid");
    const options = () => Array.from(select.options).filter((o) => o.value !== "");
    lib.enhanceSelectElement({
      selectElement: select,
      defaultValue: chosen && chosen.value !== "" ? label(chosen) : "",
      showAllValues: true,
      autoselect: true,
      dropdownArrow: () => "",
      inputClasses: INPUT,
      placeholder: select.options[0] && select.options[0].value === "" ? label(select.options[0]) : "",
      tNoResults: () => select.dataset.pickerEmpty || "Ingen treff",
      source: (query, populate) => populate(rank(options().map(label), query)),
      onConfirm: (text) => {
        const match = options().find((o) => label(o) === text);
        if (match) select.value = match.value;
      },
    });
    const input = document.getElementById(select.id.replace(/-select$/, ""));
    linkDescriptions(input, ids);
    if (input && invalid) input.setAttribute("aria-invalid", invalid);
    if (input) {
      // Emptying the field empties the choice (the library alone would keep the old one).
      input.addEventListener("change", () => {
        if (input.value.trim() === "") select.value = "";
      });
      input.addEventListener("blur", () => {
        if (input.value.trim() === "") select.value = "";
      });
    }
    select.closest(".aksel-select__container")?.classList.add("app-picker");
  }

  // A typed field whose options come from the server on demand (core/lookups.py): the page
  // carries no option list; without script the field takes a name or a code as typed.
  for (const field of document.querySelectorAll("input[data-picker='remote']")) {
    const url = field.dataset.pickerSource;
    const holder = document.createElement("div");
    holder.className = "app-picker";
    field.after(holder);
    const { id, name, value } = field;
    const ids = describedBy(field);
    const invalid = field.getAttribute("aria-invalid");
    field.remove();
    let timer;
    let controller;
    lib({
      element: holder,
      id,
      name,
      defaultValue: value,
      minLength: 1,
      autoselect: true,
      confirmOnBlur: false,
      dropdownArrow: () => "",
      inputClasses: INPUT,
      tNoResults: () => field.dataset.pickerEmpty || "Ingen treff",
      tStatusQueryTooShort: () => "",
      source: (query, populate) => {
        window.clearTimeout(timer);
        timer = window.setTimeout(async () => {
          controller?.abort();
          controller = new AbortController();
          try {
            const join = url.includes("?") ? "&" : "?";
            const response = await fetch(`${url}${join}q=${encodeURIComponent(query)}`, {
              headers: { Accept: "application/json" },
              credentials: "same-origin",
              signal: controller.signal,
            });
            const data = await response.json();
            populate(data.results.map((result) => result.label));
          } catch {
            /* aborted by a newer query, or offline: leave the list as it is */
          }
        }, 120);
      },
    });
    const input = document.getElementById(id);
    linkDescriptions(input, ids);
    if (input && invalid) input.setAttribute("aria-invalid", invalid);
  }

  for (const select of document.querySelectorAll("select[data-picker='multiple']")) {
    const id = select.id;
    const ids = describedBy(select);
    const container = select.closest(".aksel-select__container") || select.parentElement;
    const chips = document.createElement("ul");
    chips.className = "app-chips";
    chips.setAttribute("aria-live", "polite");
    const holder = document.createElement("div");
    holder.className = "app-picker";
    container.after(chips, holder);
    container.hidden = true;
    select.id = `${id}-select`;
    select.tabIndex = -1;
    const removeText = select.dataset.pickerRemove || "Fjern";

    const render = () => {
      chips.replaceChildren();
      for (const option of select.selectedOptions) {
        const item = document.createElement("li");
        item.className = "app-chip";
        const text = document.createElement("span");
        text.textContent = label(option);
        const button = document.createElement("button");
        button.type = "button";
        button.className = "app-chip__remove";
        button.setAttribute("aria-label", `${removeText} ${label(option)}`);
        button.textContent = "×";
        button.addEventListener("click", () => {
          option.selected = false;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          render();
          document.getElementById(id)?.focus();
        });
        item.append(text, button);
        chips.append(item);
      }
    };
    lib({
      element: holder,
      id,
      source: (query, populate) =>
        populate(
          rank(
            Array.from(select.options)
              .filter((o) => !o.selected && o.value !== "")
              .map(label),
            query,
          ),
        ),
      showAllValues: true,
      autoselect: true,
      dropdownArrow: () => "",
      confirmOnBlur: false,
      inputClasses: INPUT,
      placeholder: select.dataset.pickerLabel || "",
      tNoResults: () => select.dataset.pickerEmpty || "Ingen treff",
      onConfirm: (text) => {
        const match = Array.from(select.options).find((o) => label(o) === text);
        if (!match) return;
        match.selected = true;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        render();
        window.setTimeout(() => {
          const input = document.getElementById(id);
          if (input) input.value = "";
        }, 0);
      },
    });
    linkDescriptions(document.getElementById(id), ids);
    select.addEventListener("change", render);
    render();
  }
});
