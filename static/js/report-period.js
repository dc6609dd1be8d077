// A report's kind decides its likely period (portal/forms.py, _offer_periods): when
// the kind changes and the dates still hold the other kind's period, they follow.
// Dates typed by hand stay, and the choices that concern the final report only show
// with it. Without JavaScript the server says what does not fit.
(() => {
  "use strict";
  // The choices for sections left empty concern the final report only.
  function showFinalOnly(kind) {
    kind.form.querySelectorAll("[data-final-only]").forEach((part) => {
      part.hidden = kind.value !== "final";
    });
  }

  document.addEventListener("change", (event) => {
    const kind = event.target;
    if (!(kind instanceof HTMLSelectElement) || !kind.dataset.periods) return;
    showFinalOnly(kind);
    const periods = JSON.parse(kind.dataset.periods);
    const form = kind.form;
    const start = form.elements.namedItem("period_start");
    const end = form.elements.namedItem("period_end");
    const previous = periods[kind.dataset.previous || ""];
    const next = periods[kind.value];
    kind.dataset.previous = kind.value;
    if (!next || !start || !end) return;
    const untouched = previous && start.value === previous[0] && end.value === previous[1];
    if (untouched || (!start.value && !end.value)) {
      start.value = next[0];
      end.value = next[1];
    }
  });
  document.querySelectorAll("select[data-periods]").forEach((kind) => {
    kind.dataset.previous = kind.value;
    showFinalOnly(kind);
  });
})();
