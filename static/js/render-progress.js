// Follows a protocol being rendered in the background and offers the PDF
// when it is ready. Without JavaScript the page shows the state when loaded.
(function () {
  "use strict";
  var box = document.querySelector(".render-progress[data-running]");
  if (!box) { return; }
  var bar = box.querySelector("progress");
  var status = box.querySelector(".render-status");
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (job) {
        if (job.url) {
          bar.max = bar.value = 1;
          var link = document.createElement("a");
          link.href = job.url;
          link.textContent = box.dataset.pdfLabel;
          status.replaceChildren(link);
          return;
        }
        if (job.items_total) { bar.max = job.items_total; bar.value = job.items_done; } else { bar.value = 0; }
        var text = job.label;
        if (job.state === "composing" || job.state === "layout") {
          text += " – " + box.dataset.itemsLabel + ": " + job.items_done + "/" + job.items_total;
        }
        if (job.state === "layout") { text += ", " + box.dataset.pagesLabel + ": " + job.pages_done; }
        status.textContent = text;
        if (job.state !== "failed") { window.setTimeout(poll, 700); }
      });
  }
  poll();
})();
