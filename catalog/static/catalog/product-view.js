// Counts one view of this product page for the owner's chart on /akun/ (no visitor data sent).
(function () {
  const script = document.currentScript;
  const url = script && script.dataset.beaconUrl;
  if (!url) return;
  if (navigator.sendBeacon) {
    navigator.sendBeacon(url);
  } else {
    fetch(url, { method: "POST", keepalive: true, credentials: "omit" }).catch(() => {});
  }
})();
