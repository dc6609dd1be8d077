// Irreversible actions ask first (lib/confirm.py). A form with data-confirm
// opens a native <dialog> that says what will happen; confirming sends the form with
// bestaetigt=1, through htmx where the form uses it. Without JavaScript the server
// asks on a page of its own.
(() => {
  "use strict";
  let dialog = null;
  let pending = null;

  function build() {
    dialog = document.createElement("dialog");
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-title");
    const title = document.createElement("h2");
    title.id = "confirm-dialog-title";
    const text = document.createElement("p");
    const buttons = document.createElement("form");
    buttons.method = "dialog";
    buttons.className = "actions";
    const yes = document.createElement("button");
    yes.value = "yes";
    yes.className = "button";
    const no = document.createElement("button");
    no.value = "no";
    no.className = "button button--secondary";
    no.textContent = document.documentElement.lang === "en" ? "Cancel" : "Abbrechen";
    buttons.append(yes, no);
    dialog.append(title, text, buttons);
    document.body.append(dialog);
    dialog.addEventListener("close", () => {
      const [form, submitter] = pending || [];
      pending = null;
      if (dialog.returnValue !== "yes" || !form) return;
      const confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "bestaetigt";
      confirmed.value = "1";
      form.append(confirmed);
      form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
    });
  }

  document.addEventListener(
    "submit",
    (event) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.dataset.confirm) return;
      // A second button that does something else (the reports page's preview) asks nothing.
      if (event.submitter && event.submitter.hasAttribute("data-confirm-skip")) return;
      if (form.querySelector('input[name="bestaetigt"]')) return; // confirmed: send it
      event.preventDefault();
      event.stopImmediatePropagation(); // before htmx sees it
      if (!dialog) build();
      dialog.querySelector("h2").textContent = form.dataset.confirmTitle || "";
      dialog.querySelector("p").textContent = form.dataset.confirm;
      dialog.querySelector('button[value="yes"]').textContent = form.dataset.confirmButton || "OK";
      pending = [form, event.submitter];
      dialog.returnValue = "";
      dialog.showModal();
    },
    true, // the capturing phase: before the form's own listeners
  );
})();
