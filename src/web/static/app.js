// blanko pages work without this script; it only helps: a form cannot be sent twice by a double
// click, and a chosen date is shown at once.
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
document.querySelectorAll('form.datepick input[type=date]').forEach((input) => {
  input.addEventListener('change', () => { if (input.value) input.form.requestSubmit(); });
});
// Coming back with the browser's Back button shows the page as it was left: send again possible.
window.addEventListener('pageshow', () => {
  document.querySelectorAll('form[data-sent]').forEach((form) => {
    delete form.dataset.sent;
    form.querySelectorAll('button[type=submit]').forEach((b) => { b.disabled = false; });
  });
});
