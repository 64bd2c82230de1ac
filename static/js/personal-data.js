// /akun/data/: follow an export being built (Celery) and reload the page when it is ready.
(function () {
  const items = document.querySelectorAll("[data-status-url]");
  items.forEach((item) => {
    const bar = item.querySelector("progress");
    const label = item.querySelector("[data-role=label]");
    const poll = () => {
      fetch(item.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then((response) => response.json())
        .then((data) => {
          if (bar) { bar.value = data.progress; bar.textContent = data.progress + "%"; }
          if (label) { label.textContent = data.label; }
          item.dataset.status = data.status;
          if (data.status === "done" || data.status === "failed") { window.location.reload(); }
          else { window.setTimeout(poll, 1500); }
        })
        .catch(() => window.setTimeout(poll, 5000));
    };
    window.setTimeout(poll, 1000);
  });
})();
