// Keyboard shortcuts for the review page (the page works without them: plain radio buttons and
// a submit button). j / k: next / previous row; c, n, s: choose for the current row and move on;
// Enter: save the page. Keys typed in a text field are left alone.
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) { return; }
  var items = Array.prototype.slice.call(form.querySelectorAll(".review-item"));
  var current = 0;
  function focus(i) {
    if (!items.length) { return; }
    current = Math.max(0, Math.min(items.length - 1, i));
    items.forEach(function (el, j) { el.classList.toggle("current", j === current); });
    items[current].focus();
    items[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type === "text"))) { return; }
    var key = event.key.toLowerCase();
    if (key === "j") { focus(current + 1); event.preventDefault(); }
    else if (key === "k") { focus(current - 1); event.preventDefault(); }
    else if (key === "c" || key === "n" || key === "s") {
      var radio = items[current] && items[current].querySelector('input[data-key="' + key + '"]');
      if (radio) { radio.checked = true; focus(current + 1); event.preventDefault(); }
    } else if (key === "enter" && target && target.tagName !== "BUTTON") { form.submit(); event.preventDefault(); }
  });
  focus(0);
}());
