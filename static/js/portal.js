// Behaviour the templates used to carry inline (the Content-Security-Policy allows no inline script).
// A control marked data-autosubmit submits its form when changed (the language menu).
document.addEventListener("change", function (e) {
  if (e.target.matches("[data-autosubmit]") && e.target.form) e.target.form.submit();
});

// “换一题” next to a captcha: fetch a new challenge and put its key and image in place.
document.addEventListener("click", function (e) {
  var button = e.target.closest("[data-captcha-refresh]");
  if (!button) return;
  var box = button.closest("[data-captcha]");
  fetch(button.dataset.captchaRefresh, { headers: { "X-Requested-With": "XMLHttpRequest" } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      box.querySelector("img.captcha").src = data.image_url;
      box.querySelector("input[type=hidden]").value = data.key;
      var answer = box.querySelector("input[type=text]");
      if (answer) { answer.value = ""; answer.focus(); }
    });
});
