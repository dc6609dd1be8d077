// The invitation form (networks/forms.py, InvitationForm) shows only the scope fields
// the chosen role needs: each field's data-roles names the roles it serves. Without
// JavaScript every field is shown and the server ignores the ones the role does not use.
(() => {
  "use strict";
  const show = (role) => {
    role.form.querySelectorAll("[data-roles]").forEach((field) => {
      field.parentElement.hidden = !field.dataset.roles.split(" ").includes(role.value);
    });
  };
  document.addEventListener("change", (event) => {
    const role = event.target;
    if (role instanceof HTMLSelectElement && role.name === "role" && role.form.querySelector("[data-roles]")) {
      show(role);
    }
  });
  document.querySelectorAll("form [data-roles]").forEach((field) => {
    const role = field.form.elements.namedItem("role");
    if (role instanceof HTMLSelectElement) show(role);
  });
})();
