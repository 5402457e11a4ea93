/* The staff scan page: read members' check-in QR codes with the camera where the
   browser has BarcodeDetector, put the code in the form and submit it.  Without
   it (or without a camera) the page is the plain form: type or paste the code. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    var section = document.getElementById("scan-camera");
    var form = document.getElementById("scan-form");
    if (!section || !form || !("BarcodeDetector" in window)) return;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
    var video = document.getElementById("scan-video");
    var state = document.getElementById("scan-state");
    var start = document.getElementById("scan-start");
    var input = form.querySelector("input[name=code]");
    var detector;
    try {
      detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    } catch (e) {
      return;
    }
    section.hidden = false;

    function scan(stream) {
      if (form.dataset.sent) return;
      detector.detect(video).then(function (codes) {
        if (codes.length && codes[0].rawValue) {
          form.dataset.sent = "1";
          stream.getTracks().forEach(function (t) { t.stop(); });
          input.value = codes[0].rawValue;
          state.textContent = section.dataset.found;
          form.submit();
        } else {
          window.setTimeout(function () { scan(stream); }, 250);
        }
      }, function () {
        window.setTimeout(function () { scan(stream); }, 500);
      });
    }

    start.addEventListener("click", function () {
      start.disabled = true;
      navigator.mediaDevices
        .getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (stream) {
          video.srcObject = stream;
          return video.play().then(function () {
            state.textContent = section.dataset.aim;
            start.hidden = true;
            scan(stream);
          });
        })
        .catch(function () {
          start.disabled = false;
          state.textContent = section.dataset.failed;
        });
    });
  });
})();
