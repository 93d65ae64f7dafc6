// cronbeat dashboard: script errors in the banner, not only in the console. A classic script,
// loaded before the modules, so that it also reports a module that fails to load or to run.
'use strict';

(function () {
  function show(message) {
    const banner = document.getElementById('banner');
    document.getElementById('banner-text').textContent = message;
    document.getElementById('banner-text').dataset.fromPoll = '';
    banner.hidden = false;
  }

  window.addEventListener('error', (e) => {
    if (e.target instanceof HTMLScriptElement) {
      show('Script error: ' + e.target.src + ' did not load; reload the page');
      return;
    }
    if (!(e instanceof ErrorEvent)) {
      return; // another element's load failure: not the script's
    }
    show('Script error: ' + e.message + (e.filename ? ' (' + e.filename.split('/').pop() + ':' + e.lineno + ')' : ''));
  }, true);
  window.addEventListener('unhandledrejection', (e) => show('Script error: '
    + (e.reason && e.reason.message ? e.reason.message : String(e.reason))));
})();
