// Small DOM helpers. Every value from the API reaches the page as text, never as markup.

/** Creates an element: h('a', {href: '#/runs', class: 'x', onclick: f}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value == null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else el.setAttribute(key, value === true ? '' : value);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child == null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

/** '4.2 s', '3 min 4 s', '2 h 5 min' */
export function duration(ms) {
  if (ms == null || Number.isNaN(ms)) return '';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  const hours = Math.floor(m / 60);
  return `${hours} h ${m - hours * 60} min`;
}

const clock = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit', second: '2-digit'});
const day = new Intl.DateTimeFormat(undefined, {month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'});
const full = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'long'});

/** A <time> showing the clock time today, else the date; the full time on hover. */
export function time(iso) {
  if (!iso) return '';
  const at = new Date(iso);
  const today = new Date().toDateString() === at.toDateString();
  return h('time', {datetime: iso, title: full.format(at)}, (today ? clock : day).format(at));
}

/** '12 s ago', '3 min ago', '2 h ago', else the date. */
export function ago(iso) {
  if (!iso) return '';
  const at = new Date(iso);
  const s = (Date.now() - at.getTime()) / 1000;
  let text;
  if (s < 60) text = `${Math.max(0, Math.round(s))} s ago`;
  else if (s < 3600) text = `${Math.round(s / 60)} min ago`;
  else if (s < 86400) text = `${Math.round(s / 3600)} h ago`;
  else text = day.format(at);
  return h('time', {datetime: iso, title: full.format(at)}, text);
}

/** 'AWAITING_APPROVAL' -> 'awaiting approval' */
export function label(status) {
  return status ? status.toLowerCase().replaceAll('_', ' ') : '';
}

/** A status badge: the word itself carries the meaning, the colour only repeats it. */
export function badge(status) {
  return h('span', {class: `badge s-${(status || 'unknown').toLowerCase()}`}, label(status) || 'unknown');
}

export function short(id) {
  return id ? id.slice(0, 8) : '';
}

/** Throttles fn to one call per `ms`, always running once more after the last request. */
export function throttle(fn, ms) {
  let timer = null;
  let again = false;
  const run = () => {
    timer = null;
    if (!again) return;
    again = false;
    fn();
    timer = setTimeout(run, ms);
  };
  const request = () => {
    again = true;
    if (!timer) timer = setTimeout(run, 0);
  };
  request.cancel = () => {
    again = false;
    clearTimeout(timer);
    timer = null;
  };
  return request;
}

/** Says something to screen-reader users without moving focus. */
export function announce(text) {
  const region = document.getElementById('announce');
  region.textContent = '';
  // A change after a tick is announced even when the text repeats.
  setTimeout(() => { region.textContent = text; }, 50);
}

/** Re-renders through fn while keeping focus on the element with the same data-key, if it is still there. */
export function keepingFocus(fn) {
  const key = document.activeElement?.dataset?.key;
  fn();
  if (key) document.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus();
}
