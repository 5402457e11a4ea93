/* 微建议 photos compressed on the phone: when the member picks a photo, draw it
   in a canvas at most 1600 px on its long side, encode it as JPEG (quality 0.8)
   and put that file in the input instead, before anything is uploaded.  Without
   script, or where the browser cannot, the original goes and the server checks
   it as before. */
(function () {
  "use strict";

  var MAX_SIDE = 1600;
  var QUALITY = 0.8;
  var BIG_BYTES = 1024 * 1024;

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function decode(file) {
    if (window.createImageBitmap) {
      return window.createImageBitmap(file, { imageOrientation: "from-image" });
    }
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () { URL.revokeObjectURL(url); resolve(img); };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("decode")); };
      img.src = url;
    });
  }

  function compress(file) {
    return decode(file).then(function (image) {
      var w = image.width, h = image.height;
      var scale = Math.min(1, MAX_SIDE / Math.max(w, h));
      if (scale === 1 && file.size <= BIG_BYTES && file.type === "image/jpeg") {
        return null; // small already: keep the original
      }
      var canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(w * scale));
      canvas.height = Math.max(1, Math.round(h * scale));
      var ctx = canvas.getContext("2d");
      ctx.fillStyle = "#fff"; // transparent areas become white in a JPEG
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
      if (image.close) image.close();
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          if (!blob) return resolve(null);
          var name = (file.name || "photo").replace(/\.[^.]*$/, "") + ".jpg";
          resolve(new File([blob], name, { type: "image/jpeg", lastModified: Date.now() }));
        }, "image/jpeg", QUALITY);
      });
    });
  }

  ready(function () {
    var form = document.querySelector("form[data-compress-photos]");
    if (!form || !window.DataTransfer || !window.File || !window.Promise) return;
    var pending = 0;
    var submitWhenDone = false;

    function settle(input) {
      input.removeAttribute("aria-busy");
      pending -= 1;
      if (pending === 0) {
        form.removeAttribute("data-compressing");
        if (submitWhenDone) {
          submitWhenDone = false;
          form.requestSubmit ? form.requestSubmit() : form.submit();
        }
      }
    }

    form.addEventListener("change", function (event) {
      var input = event.target;
      if (!input || input.type !== "file" || !input.files || input.files.length !== 1) return;
      var file = input.files[0];
      if (!/^image\//.test(file.type)) return;
      input.removeAttribute("data-compressed");
      pending += 1;
      form.setAttribute("data-compressing", "1");
      input.setAttribute("aria-busy", "true");
      compress(file).then(function (smaller) {
        if (smaller && smaller.size < file.size) {
          var transfer = new DataTransfer();
          transfer.items.add(smaller);
          input.files = transfer.files;
          input.setAttribute("data-compressed", smaller.size);
        } else {
          input.setAttribute("data-compressed", "0");
        }
      }).catch(function () {
        input.setAttribute("data-compressed", "0"); // the server checks the original
      }).then(function () { settle(input); });
    });

    form.addEventListener("submit", function (event) {
      if (pending > 0) {
        event.preventDefault();
        submitWhenDone = true;
      }
    });
  });
})();
