// cronbeat dashboard: the node's JSON API, with the token this tab keeps in sessionStorage.

const TOKEN_KEY = 'cronbeat.token';

/** Thrown when the node refused the token: the page asks for it again, nothing else is said. */
export class SignInNeeded extends Error {}

let askForToken = () => {};

/** Who asks for the token when the node refuses it. */
export function onSignInNeeded(ask) {
  askForToken = ask;
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export async function api(path, options) {
  const init = Object.assign({ headers: {} }, options || {});
  init.headers.Authorization = 'Bearer ' + token();
  if (init.body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new Error((init.method || 'GET') + ' ' + path + ': the node does not answer (' + e.message + ');'
      + ' it may be stopped or restarting');
  }
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    askForToken('The node refused the token; type it again.');
    throw new SignInNeeded();
  }
  const text = await response.text();
  const json = (response.headers.get('Content-Type') || '').startsWith('application/json') && text ? JSON.parse(text) : null;
  if (!response.ok && !(response.status === 409 && json && json.run)) {
    throw new Error((init.method || 'GET') + ' ' + path + ': ' + response.status + ' '
      + (json && json.error ? json.error : text || response.statusText));
  }
  return json === null ? text : json;
}
