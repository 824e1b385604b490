// blanko pages work without this script; it only helps: a form cannot be sent twice by a double
// click (an upload or a receipt sent twice would only be refused, but the wait is confusing).
'use strict';
document.addEventListener('submit', (event) => {
  const form = event.target;
  if (form.dataset.sent === '1') {
    event.preventDefault();
    return;
  }
  form.dataset.sent = '1';
  form.querySelectorAll('button[type=submit]').forEach((b) => { b.disabled = true; });
});
// Coming back with the browser's Back button shows the page as it was left: send again possible.
window.addEventListener('pageshow', () => {
  document.querySelectorAll('form[data-sent]').forEach((form) => {
    delete form.dataset.sent;
    form.querySelectorAll('button[type=submit]').forEach((b) => { b.disabled = false; });
  });
});
