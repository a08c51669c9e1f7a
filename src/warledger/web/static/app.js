// warledger dashboard: small progressive enhancements; every page works without this file.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const area = document.getElementById("text");
  if (area && area.form) {
    // Ctrl/Cmd+Enter submits the claim checker from the keyboard.
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        area.form.requestSubmit();
      }
    });
    // After a check, move focus to the result so keyboard and screen-reader users land there.
    const result = document.getElementById("result");
    if (result) {
      result.setAttribute("tabindex", "-1");
      result.focus({ preventScroll: false });
    }
  }
});

// "Chart as PNG": draw the chart's own SVG file onto a canvas at twice its size and save it.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button.png[data-svg]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const image = new Image();
      image.addEventListener("load", () => {
        const canvas = document.createElement("canvas");
        canvas.width = image.naturalWidth * 2;
        canvas.height = image.naturalHeight * 2;
        const context = canvas.getContext("2d");
        context.fillStyle = "#ffffff";
        context.fillRect(0, 0, canvas.width, canvas.height);
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        canvas.toBlob((blob) => {
          const link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = button.dataset.name;
          document.body.append(link);
          link.click();
          link.remove();
          setTimeout(() => URL.revokeObjectURL(link.href), 1000);
        }, "image/png");
      });
      image.src = button.dataset.svg;
    });
  }
});
