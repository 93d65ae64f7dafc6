// cronbeat dashboard: the page's frame: sign-in, which page the address shows, and the poll that
// keeps it current.

import { onSignInNeeded, setToken, SignInNeeded, token } from './api.js';
import { clusterPage } from './cluster.js';
import { jobPage } from './job.js';
import { jobsPage } from './jobs.js';
import { $, clearError, showError, tickRelativeTimes } from './ui.js';

const POLL_MS = 2000;

function signIn(why) {
  $('view').hidden = true;
  $('login').hidden = false;
  $('login-why').hidden = !why;
  $('login-why').textContent = why || '';
  $('token').focus();
}

$('login').addEventListener('submit', (e) => {
  e.preventDefault();
  setToken($('token').value.trim());
  $('token').value = '';
  $('login').hidden = true;
  $('view').hidden = false;
  route();
});

$('banner-close').addEventListener('click', clearError);

// ---- pages: each builds its frame once and fills it on every poll ----

let page = null;
let timer = null;

/** @param moved the address changed in this tab (a link, back or forward), not the first load or a sign-in */
function route(moved) {
  if (!token()) {
    signIn();
    return;
  }
  const hash = decodeURIComponent(location.hash || '#/');
  const view = $('view');
  view.replaceChildren();
  document.querySelectorAll('nav a').forEach((a) => a.removeAttribute('aria-current'));
  if (hash.startsWith('#/job/')) {
    page = jobPage(hash.slice('#/job/'.length), refresh);
  } else if (hash === '#/cluster') {
    $('nav-cluster').setAttribute('aria-current', 'page');
    page = clusterPage();
  } else {
    $('nav-jobs').setAttribute('aria-current', 'page');
    page = jobsPage();
  }
  view.append(page.frame);
  const heading = page.frame.querySelector('h1');
  document.title = heading.textContent + ' · cronbeat';
  if (moved) {
    // A keyboard or screen-reader user lands on the new page's heading, as after a page load.
    heading.tabIndex = -1;
    heading.focus();
  }
  refresh();
}

async function refresh() {
  clearTimeout(timer);
  const current = page;
  try {
    await current.fill();
    if (current === page) {
      $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
      if ($('banner-text').dataset.fromPoll) clearError();
    }
  } catch (e) {
    if (e instanceof SignInNeeded) return;
    showError(e.message, true);
  }
  if (current === page) timer = setTimeout(refresh, POLL_MS);
}

onSignInNeeded(signIn);
window.addEventListener('hashchange', () => route(true));
setInterval(tickRelativeTimes, 1000);
route();
