// Behaviour the templates used to carry inline (the Content-Security-Policy allows no inline script).
// A control marked data-autosubmit submits its form when changed (the language menu).
document.addEventListener("change", function (e) {
  if (e.target.matches("[data-autosubmit]") && e.target.form) e.target.form.submit();
});
