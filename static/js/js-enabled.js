// Runs first in <body>: tells GOV.UK Frontend's CSS that JavaScript is on, before paint,
// so enhanced components do not flash. A file, not an inline script: the CSP allows none.
document.body.className += " js-enabled" +
  ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
