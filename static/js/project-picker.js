// Choosing a compound from the htmx search results fills the hidden "project" field.
document.addEventListener("click", function (e) {
  var button = e.target.closest("[data-project-id]");
  if (!button) return;
  e.preventDefault();
  document.getElementById("id_project").value = button.dataset.projectId;
  var chosen = document.getElementById("chosen");
  chosen.innerHTML = '<span class="badge text-bg-primary"></span>';
  chosen.querySelector(".badge").textContent = button.dataset.projectLabel;
  document.getElementById("project-results").innerHTML = "";
});
