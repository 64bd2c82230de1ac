// Polls the export job's status and moves the progress bar; reloads once the job has finished
// so the download links (rendered by the server) appear.
(function () {
  var box = document.querySelector("[data-export-progress]");
  if (!box || box.dataset.finished === "1") return;
  var bar = box.querySelector("progress");
  var status = box.querySelector("[data-testid=export-status]");
  var text = box.querySelector("[data-progress-text]");
  function poll() {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (job) {
        bar.value = job.percent;
        bar.textContent = job.percent + "%";
        status.textContent = job.status_label;
        status.dataset.status = job.status;
        text.textContent = job.processed + " / " + job.total;
        if (job.finished) { window.location.reload(); } else { window.setTimeout(poll, 700); }
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  window.setTimeout(poll, 300);
})();
