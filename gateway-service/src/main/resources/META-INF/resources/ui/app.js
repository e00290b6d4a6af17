// Slipway's web UI: a hash router over a few views, the caller's token and the live event stream.

import {api, follow, session} from './api.js';
import {h} from './dom.js';
import * as runs from './runs.js';

const main = document.getElementById('main');
const who = document.getElementById('who');
const live = document.getElementById('live');

// Views other than the run list load when first opened, so the run list paints without waiting for them.
const routes = [
  {pattern: /^\/runs\/([^/?]+)$/, nav: 'runs', load: () => import('./run.js')},
  {pattern: /^\/runs$/, nav: 'runs', load: async () => runs},
  {pattern: /^\/dlq$/, nav: 'dlq', load: () => import('./dlq.js')},
  {pattern: /^\/subscriptions\/([^/?]+)$/, nav: 'subscriptions', load: () => import('./subscriptions.js'),
    view: 'deliveries'},
  {pattern: /^\/subscriptions$/, nav: 'subscriptions', load: () => import('./subscriptions.js')},
];

let current = null;
let stopStream = null;
let rendering = 0;
let firstRender = true;

session.onUnauthorized = () => {
  signOut('Your token was not accepted. Please sign in again.');
};

function parseHash() {
  const hash = location.hash.replace(/^#/, '') || '/runs';
  const [path, query = ''] = hash.split('?');
  return {path, query: new URLSearchParams(query)};
}

async function render() {
  const token = ++rendering;
  current?.dispose?.();
  current = null;
  if (!session.token) {
    showSignIn();
    return;
  }
  if (!session.me) {
    try {
      session.me = await api('/api/me');
    } catch (e) {
      if (token !== rendering) return;
      if (e.status === 401) return; // onUnauthorized has shown the sign-in form
      main.replaceChildren(h('h1', null, 'Slipway'), h('p', {class: 'error', role: 'alert'}, e.message),
        h('button', {type: 'button', onclick: render}, 'Try again'));
      return;
    }
    if (token !== rendering) return;
    showCaller();
    startStream();
  }
  const {path, query} = parseHash();
  const route = routes.find((r) => r.pattern.test(path));
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (route && link.dataset.nav === route.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (!route) {
    main.replaceChildren(h('h1', {tabindex: -1}, 'Not found'),
      h('p', null, 'There is no such page. ', h('a', {href: '#/runs'}, 'See the runs.')));
    return;
  }
  const params = path.match(route.pattern).slice(1).map(decodeURIComponent);
  const module = await route.load();
  if (token !== rendering) return;
  main.replaceChildren();
  current = module.mount(main, {params, query, view: route.view, session});
  if (!firstRender) {
    // After navigating, the page's heading takes focus so keyboard and screen-reader users start from it.
    const heading = main.querySelector('h1');
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({preventScroll: false});
    }
  }
  firstRender = false;
}

function showSignIn(message) {
  who.hidden = true;
  const input = h('input', {id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true,
    spellcheck: 'false', 'aria-describedby': 'token-help'});
  const error = h('p', {class: 'error', id: 'sign-in-error', role: 'alert'}, message || '');
  const form = h('form', {class: 'sign-in', 'aria-labelledby': 'sign-in-title'},
    h('h1', {id: 'sign-in-title'}, 'Sign in to Slipway'),
    h('label', {for: 'token'}, 'API token'),
    input,
    h('p', {id: 'token-help', class: 'help'},
      'The bearer token an admin gave you. It is kept in this browser tab only, until you sign out or close it.'),
    error,
    h('button', {type: 'submit', class: 'primary'}, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    error.textContent = '';
    try {
      session.me = await api('/api/me', {token});
    } catch (e) {
      error.textContent = e.status === 401 ? 'That token is not known.' : e.message;
      input.focus();
      return;
    }
    session.save(token);
    showCaller();
    startStream();
    firstRender = true;
    render();
  });
  main.replaceChildren(form);
  input.focus();
}

function showCaller() {
  document.getElementById('caller').textContent =
    `${session.me.name} (${session.me.roles.includes('admin') ? 'admin' : session.canAct ? 'sre' : 'viewer'})`;
  who.hidden = false;
}

function startStream() {
  stopStream?.();
  let connected = false;
  stopStream = follow((event) => current?.onEvent?.(event), (state) => {
    live.textContent = state === 'live' ? 'Live' : state === 'reconnecting' ? 'Reconnecting…' : 'Offline';
    live.dataset.state = state;
    // Events may have passed while the stream was down: the view reads its data again.
    if (state === 'live' && connected) current?.resync?.();
    if (state === 'live') connected = true;
  });
}

function signOut(message) {
  stopStream?.();
  stopStream = null;
  session.clear();
  current?.dispose?.();
  current = null;
  showSignIn(message);
}

document.getElementById('sign-out').addEventListener('click', () => signOut());
// The skip link must not change the hash, which is the router's.
document.querySelector('.skip').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', render);
// A page kept in the back/forward cache would otherwise hold its stream's connection open, and browsers allow only
// six per server over HTTP/1.1: close it on the way out, open it again on the way back.
window.addEventListener('pagehide', () => {
  stopStream?.();
  stopStream = null;
});
window.addEventListener('pageshow', (event) => {
  if (event.persisted && session.me) {
    startStream();
    current?.resync?.();
  }
});
render();
