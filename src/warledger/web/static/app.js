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
