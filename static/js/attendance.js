// The attendance form (events/views/attendance.py): "Alle auswählen" ticks everyone of
// its group in place, and once all are ticked it offers to untick them ("Alle
// abwählen"). Without JavaScript the button sends the form, and the page comes back
// with the group ticked and nothing saved.
(() => {
  "use strict";
  const boxes = (button) =>
    Array.from(button.closest("fieldset").querySelectorAll('input[type="checkbox"][name="present"]'));
  const label = (button) => {
    const text = button.firstChild;
    if (!button.dataset.all) button.dataset.all = text.textContent;
    const all = boxes(button).every((box) => box.checked);
    text.textContent = all ? button.dataset.none : button.dataset.all;
  };
  const buttons = () => document.querySelectorAll('.attendance-form button[name="alle"]');
  document.addEventListener("click", (event) => {
    const button = event.target.closest('.attendance-form button[name="alle"]');
    if (!button) return;
    event.preventDefault();
    const ticked = !boxes(button).every((box) => box.checked);
    boxes(button).forEach((box) => { box.checked = ticked; });
    label(button);
  });
  document.addEventListener("change", (event) => {
    const box = event.target;
    if (box instanceof HTMLInputElement && box.name === "present" && box.closest(".attendance-form")) {
      const button = box.closest("fieldset").querySelector('button[name="alle"]');
      if (button) label(button);
    }
  });
  buttons().forEach(label);
})();
