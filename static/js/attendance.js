// The attendance form (events/views/attendance.py): "Alle auswählen" ticks everyone of
// its group (or, the button above the groups, everyone) in place, and once all are
// ticked it offers to untick them ("Alle abwählen"). Without JavaScript the button
// sends the form, and the page comes back with them ticked and nothing saved.
(() => {
  "use strict";
  const selector = '.attendance-form button[name="alle"]';
  const scope = (button) => (button.value === "*" ? button.form : button.closest("fieldset"));
  const boxes = (button) =>
    Array.from(scope(button).querySelectorAll('input[type="checkbox"][name="present"]'));
  const label = (button) => {
    const text = button.firstChild;
    if (!button.dataset.all) button.dataset.all = text.textContent;
    const all = boxes(button).every((box) => box.checked);
    text.textContent = all ? button.dataset.none : button.dataset.all;
  };
  const labelAll = () => document.querySelectorAll(selector).forEach(label);
  document.addEventListener("click", (event) => {
    const button = event.target.closest(selector);
    if (!button) return;
    event.preventDefault();
    const ticked = !boxes(button).every((box) => box.checked);
    boxes(button).forEach((box) => { box.checked = ticked; });
    labelAll();
  });
  document.addEventListener("change", (event) => {
    const box = event.target;
    if (box instanceof HTMLInputElement && box.name === "present" && box.closest(".attendance-form")) {
      labelAll();
    }
  });
  labelAll();
})();
