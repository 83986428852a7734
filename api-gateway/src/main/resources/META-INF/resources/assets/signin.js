// Signing in with an API key when the gateway asks for one (401, keys on): the key goes to the
// gateway once, which answers with an HttpOnly cookie that every later request carries. The page
// never keeps the key: not in a variable after the request, not in storage.

let dialog = null;

/** Shows the sign-in form with the gateway's reason; signing in reloads the page. */
export function askToSignIn(reason) {
  if (!dialog) dialog = build();
  dialog.querySelector('.signin-why').textContent = reason;
  if (!dialog.open) {
    dialog.showModal();
    dialog.querySelector('input').focus();
  }
}

function build() {
  const element = document.createElement('dialog');
  element.className = 'signin';
  element.setAttribute('aria-labelledby', 'signin-title');
  element.innerHTML = `
    <form>
      <h2 id="signin-title">Sign in to Switchboard</h2>
      <p class="signin-why"></p>
      <label for="signin-key">API key</label>
      <input id="signin-key" name="key" type="password" autocomplete="off" spellcheck="false" required placeholder="sk-sb-…">
      <p class="signin-error" role="alert"></p>
      <button type="submit">Sign in</button>
    </form>`;
  const form = element.querySelector('form');
  element.addEventListener('cancel', event => event.preventDefault());
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const error = element.querySelector('.signin-error');
    error.textContent = '';
    let response = null;
    try {
      response = await fetch('/api/auth/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ key: form.elements.key.value.trim() }),
      });
    } catch {
      error.textContent = 'The gateway does not answer.';
      return;
    }
    form.elements.key.value = '';
    if (response.ok) {
      location.reload();
      return;
    }
    try {
      error.textContent = (await response.json()).error.message;
    } catch {
      error.textContent = `${response.status} ${response.statusText}`;
    }
  });
  document.body.append(element);
  return element;
}
