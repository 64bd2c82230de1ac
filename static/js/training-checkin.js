// QR check-in: use the browser's BarcodeDetector where it exists; the code form and the search
// stay the reliable path everywhere else.
(function () {
  var section = document.querySelector("[data-scanner]");
  var form = document.querySelector("[data-checkin-form]");
  if (!section || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  section.hidden = false;
  var video = section.querySelector("[data-scanner-video]");
  var start = section.querySelector("[data-scanner-start]");
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
  var busy = false;
  start.addEventListener("click", function () {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.play();
      start.hidden = true;
      var tick = function () {
        if (busy) return;
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            busy = true;
            form.querySelector("[name=code]").value = codes[0].rawValue.trim();
            form.submit();
          } else {
            window.setTimeout(tick, 300);
          }
        }).catch(function () { window.setTimeout(tick, 600); });
      };
      tick();
    }).catch(function () { section.hidden = true; });
  });
})();
