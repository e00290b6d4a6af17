// The run list: newest first, filtered by application and status, a page at a time, kept live by the event stream.

import {api} from './api.js';
import {ago, badge, duration, h, label, short, throttle} from './dom.js';

const PAGE = 50;
const MAX = 500;
const STATUSES = ['RUNNING', 'AWAITING_APPROVAL', 'SUCCEEDED', 'FAILED', 'ROLLED_BACK', 'SUPERSEDED'];

export function mount(main, {query}) {
  const app = (query.get('app') || '').trim();
  const status = query.get('status') || '';

  const appInput = h('input', {id: 'filter-app', name: 'app', type: 'search', value: app, autocomplete: 'off',
    spellcheck: 'false'});
  const statusSelect = h('select', {id: 'filter-status', name: 'status'},
    h('option', {value: ''}, 'any'),
    STATUSES.map((s) => h('option', {value: s, selected: s === status}, label(s))));
  const filters = h('form', {class: 'filters', role: 'search', 'aria-label': 'Filter runs'},
    h('div', {class: 'field'}, h('label', {for: 'filter-app'}, 'Application'), appInput),
    h('div', {class: 'field'}, h('label', {for: 'filter-status'}, 'Status'), statusSelect),
    h('button', {type: 'submit'}, 'Filter'));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (appInput.value.trim()) next.set('app', appInput.value.trim());
    if (statusSelect.value) next.set('status', statusSelect.value);
    const hash = `#/runs${next.size ? `?${next}` : ''}`;
    if (location.hash === hash) refresh();
    else location.hash = hash;
  });

  const tbody = h('tbody');
  const table = h('table', {class: 'runs', 'aria-describedby': 'runs-summary'},
    h('caption', {class: 'visually-hidden'}, 'Runs, newest first'),
    h('thead', null, h('tr', null,
      ['Run', 'Application', 'Commit', 'Status', 'Started', 'Took'].map((t) => h('th', {scope: 'col'}, t)))),
    tbody);
  const summary = h('p', {id: 'runs-summary', class: 'summary', role: 'status'}, 'Loading runs…');
  const more = h('button', {type: 'button', class: 'quiet more', hidden: true}, 'Show older runs');
  main.append(h('h1', null, 'Runs'), filters, summary, table, more);

  const rows = new Map();
  let shown = [];
  let olderLeft = false;
  let disposed = false;

  function url(limit, before) {
    const q = new URLSearchParams({limit: String(limit)});
    if (app) q.set('app', app);
    if (status) q.set('status', status);
    if (before) q.set('before', before);
    return `/api/runs?${q}`;
  }

  function fill(entry, run) {
    const key = `${run.status}|${run.updatedAt}|${run.commit?.sha}`;
    if (entry.key === key) return;
    entry.key = key;
    const [, appCell, commitCell, statusCell, startedCell, tookCell] = entry.tr.cells;
    appCell.replaceChildren(run.app || '');
    commitCell.replaceChildren(...(run.commit
      ? [run.commit.branch || '', ' ', h('code', {title: run.commit.sha}, (run.commit.sha || '').slice(0, 7))]
      : ['—']));
    statusCell.replaceChildren(badge(run.status));
    startedCell.replaceChildren(ago(run.startedAt));
    const finished = run.status !== 'RUNNING' && run.status !== 'AWAITING_APPROVAL';
    tookCell.replaceChildren(finished && run.startedAt && run.updatedAt
      ? duration(Date.parse(run.updatedAt) - Date.parse(run.startedAt)) : '—');
  }

  function entryFor(run) {
    let entry = rows.get(run.runId);
    if (!entry) {
      const link = h('a', {href: `#/runs/${encodeURIComponent(run.runId)}`, title: run.runId}, short(run.runId));
      const tr = h('tr', null, h('th', {scope: 'row'}, link), h('td'), h('td'), h('td'), h('td'), h('td'));
      entry = {tr, key: null};
      rows.set(run.runId, entry);
    }
    fill(entry, run);
    return entry;
  }

  /** Shows `list` in order, moving only the rows that changed place so focus on a link survives an update. */
  function show(list) {
    const wanted = new Set(list.map((r) => r.runId));
    for (const [id, entry] of rows) {
      if (!wanted.has(id)) {
        entry.tr.remove();
        rows.delete(id);
      }
    }
    const fragment = tbody.children.length === 0 ? document.createDocumentFragment() : null;
    list.forEach((run, i) => {
      const {tr} = entryFor(run);
      if (fragment) fragment.append(tr);
      else if (tbody.children[i] !== tr) tbody.insertBefore(tr, tbody.children[i] || null);
    });
    if (fragment) tbody.append(fragment);
    shown = list;
    table.hidden = list.length === 0;
    more.hidden = !olderLeft;
    const filtered = app || status;
    summary.textContent = list.length === 0
      ? (filtered ? 'No runs match these filters.' : 'No runs yet. A push to a registered repository starts one.')
      : `${list.length} run${list.length === 1 ? '' : 's'}${filtered ? ' matching' : ''}, newest first.`;
  }

  function failed(e) {
    summary.replaceChildren(h('span', {class: 'error'}, `Cannot load runs: ${e.message}`));
  }

  async function load() {
    try {
      const list = await api(url(PAGE));
      if (disposed) return;
      olderLeft = list.length === PAGE;
      show(list);
      performance.mark('slipway:runs-rendered');
    } catch (e) {
      if (!disposed) failed(e);
    }
  }

  const refresh = throttle(async () => {
    try {
      const limit = Math.min(MAX, Math.max(PAGE, shown.length));
      const list = await api(url(limit));
      if (disposed) return;
      olderLeft = olderLeft || list.length === limit;
      show(list);
    } catch (e) {
      if (!disposed) failed(e);
    }
  }, 1000);

  more.addEventListener('click', async () => {
    const last = shown[shown.length - 1];
    if (!last) return;
    more.disabled = true;
    try {
      const older = await api(url(PAGE, last.runId));
      if (disposed) return;
      olderLeft = older.length === PAGE;
      const firstNew = older[0]?.runId;
      show(shown.concat(older.filter((r) => !rows.has(r.runId))));
      // Keyboard users continue from the first run just added.
      if (firstNew) rows.get(firstNew)?.tr.querySelector('a')?.focus();
    } catch (e) {
      failed(e);
    } finally {
      more.disabled = false;
    }
  });

  load();

  return {
    onEvent(event) {
      if (app && event.subject !== app) return;
      refresh();
    },
    resync: refresh,
    dispose() {
      disposed = true;
      refresh.cancel();
    },
  };
}
