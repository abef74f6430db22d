/* Search forms leave their empty fields out of the address they go to:
   /search?q=potholes, not /search?q=potholes&authority=&topic=&from=...
   Without JavaScript the form works all the same: the server ignores empty fields. */
"use strict";
document.addEventListener("submit", function (event) {
  var form = event.target;
  if ((form.getAttribute("method") || "get").toLowerCase() !== "get") {
    return;
  }
  var emptied = Array.prototype.filter.call(form.elements, function (field) {
    return field.name && !field.disabled && field.value === "";
  });
  // A disabled field is not sent. The form's data is gathered as this event ends, so the
  // fields are given back right after, for when the user comes back to this page.
  emptied.forEach(function (field) { field.disabled = true; });
  window.setTimeout(function () {
    emptied.forEach(function (field) { field.disabled = false; });
  }, 0);
});
