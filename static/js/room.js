// The meeting room: a refused post (422, 409, 403) answers with its section's block, the
// error summary on top: swap it in like a success, so the section says what went wrong.
// Without JavaScript the forms are plain posts and the page answers the same.
document.body.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if ([403, 409, 422].includes(status) && event.detail.target.closest("#meeting-room")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
