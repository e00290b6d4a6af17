// Subscriptions: teams' HTTP endpoints that get events, adding one, and each one's delivery log.

import {api} from './api.js';
import {confirmAction} from './dialog.js';
import {announce, badge, duration, h, short, throttle, time} from './dom.js';

const TOPICS = ['commit-pushed', 'image-built', 'chart-published', 'deploy-progressed', 'deployed',
  'backup-requested', 'backup-done', 'secrets-synced', 'approval-given', 'stage-failed'];

export function mount(main, context) {
  return context.view === 'deliveries' ? deliveries(main, context) : list(main, context);
}

/** 'dev.slipway.commit.pushed.v1' -> 'commit.pushed' */
function typeName(type) {
  return (type || '').replace(/^dev\.slipway\./, '').replace(/\.v\d+$/, '');
}

function csv(value) {
  return value.split(',').map((v) => v.trim()).filter(Boolean);
}

function filterText(filter) {
  const parts = [];
  if (filter?.apps?.length) parts.push(`apps ${filter.apps.join(', ')}`);
  if (filter?.environments?.length) parts.push(`environments ${filter.environments.join(', ')}`);
  if (filter?.eventTypes?.length) {
    parts.push(filter.eventTypes.map(typeName).join(', '));
  }
  if (filter?.outcomes?.length) parts.push(`outcomes ${filter.outcomes.join(', ')}`);
  return parts.length ? parts.join('; ') : 'every event';
}

function list(main, {session}) {
  const notice = h('div', {class: 'notices'});
  const summary = h('p', {id: 'subs-summary', class: 'summary', role: 'status'}, 'Loading subscriptions…');
  const tbody = h('tbody');
  const table = h('table', {class: 'subscriptions', 'aria-describedby': 'subs-summary', hidden: true},
    h('caption', {class: 'visually-hidden'}, 'Subscriptions'),
    h('thead', null, h('tr', null, ['Name', 'URL', 'Gets', 'Created', 'Delivery log']
      .concat(session.canAct ? ['Actions'] : []).map((t) => h('th', {scope: 'col'}, t)))),
    tbody);
  main.append(h('h1', null, 'Subscriptions'),
    h('p', {class: 'help'}, 'Each subscription gets matching events as signed CloudEvents over HTTP ',
      '(', h('code', null, 'X-Slipway-Signature: sha256=…'), '), in order, retried with backoff.'),
    notice, summary, table);
  if (session.canAct) main.append(addForm());

  let disposed = false;

  function say(text, kind = 'ok') {
    notice.replaceChildren(h('p', {class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status'}, text));
    if (kind !== 'error') announce(text);
  }

  async function load() {
    try {
      const subscriptions = await api('/api/subscriptions');
      if (disposed) return;
      tbody.replaceChildren(...subscriptions.map((s) => h('tr', {'data-subscription': s.id},
        h('th', {scope: 'row'}, s.name),
        h('td', null, h('code', null, s.url)),
        h('td', null, filterText(s.filter)),
        h('td', null, time(s.createdAt), ` by ${s.createdBy}`),
        h('td', null, h('a', {href: `#/subscriptions/${encodeURIComponent(s.id)}`,
          'aria-label': `Delivery log of ${s.name}`}, 'Delivery log')),
        session.canAct ? h('td', null, h('button', {type: 'button', class: 'action danger', 'data-action': 'delete',
          'aria-label': `Delete ${s.name}`, onclick: () => remove(s)}, 'Delete')) : null)));
      table.hidden = subscriptions.length === 0;
      summary.textContent = subscriptions.length === 0 ? 'No subscriptions yet.'
        : `${subscriptions.length} subscription${subscriptions.length === 1 ? '' : 's'}.`;
    } catch (e) {
      if (!disposed) summary.replaceChildren(h('span', {class: 'error'}, `Cannot load subscriptions: ${e.message}`));
    }
  }

  async function remove(subscription) {
    const sure = await confirmAction({title: `Delete ${subscription.name}?`,
      description: `${subscription.url} gets no more events; its delivery log goes too.`, confirm: 'Delete'});
    if (!sure) return;
    try {
      await api(`/api/subscriptions/${encodeURIComponent(subscription.id)}`, {method: 'DELETE'});
      say(`${subscription.name} deleted.`);
      load();
    } catch (e) {
      say(`Cannot delete ${subscription.name}: ${e.message}`, 'error');
    }
  }

  function addForm() {
    const field = (id, text, input, help) => h('div', {class: 'field'},
      h('label', {for: id}, text), input, help ? h('p', {class: 'help', id: `${id}-help`}, help) : null);
    const name = h('input', {id: 'sub-name', name: 'name', required: true, autocomplete: 'off'});
    const url = h('input', {id: 'sub-url', name: 'url', type: 'url', required: true, placeholder: 'https://',
      autocomplete: 'off'});
    const secret = h('input', {id: 'sub-secret', name: 'secret', type: 'password', required: true,
      autocomplete: 'new-password', 'aria-describedby': 'sub-secret-help'});
    const apps = h('input', {id: 'sub-apps', name: 'apps', autocomplete: 'off', 'aria-describedby': 'sub-apps-help'});
    const envs = h('input', {id: 'sub-envs', name: 'environments', autocomplete: 'off',
      'aria-describedby': 'sub-envs-help'});
    const outcomes = h('input', {id: 'sub-outcomes', name: 'outcomes', autocomplete: 'off',
      'aria-describedby': 'sub-outcomes-help'});
    const types = TOPICS.map((topic) => h('label', {class: 'check'},
      h('input', {type: 'checkbox', name: 'eventTypes', value: topic}), ' ', topic));
    const problems = h('div', {class: 'problems', role: 'alert', tabindex: '-1'});
    const form = h('form', {class: 'add', 'aria-labelledby': 'add-title'},
      h('h2', {id: 'add-title'}, 'Add a subscription'),
      field('sub-name', 'Name', name),
      field('sub-url', 'URL', url),
      field('sub-secret', 'Signing secret', secret, 'The key of the HMAC in X-Slipway-Signature; never shown again.'),
      field('sub-apps', 'Applications', apps, 'Comma-separated; empty for all.'),
      field('sub-envs', 'Environments', envs, 'Comma-separated; empty for all.'),
      h('fieldset', null, h('legend', null, 'Events (none ticked: all)'), h('div', {class: 'checks'}, types)),
      field('sub-outcomes', 'Outcomes', outcomes, 'Comma-separated, such as SUCCEEDED, ROLLED_BACK; empty for all.'),
      problems,
      h('button', {type: 'submit', class: 'primary'}, 'Add subscription'));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      problems.replaceChildren();
      const body = {name: name.value.trim(), url: url.value.trim(), secret: secret.value, apps: csv(apps.value),
        environments: csv(envs.value), eventTypes: types.map((l) => l.querySelector('input'))
          .filter((i) => i.checked).map((i) => i.value), outcomes: csv(outcomes.value)};
      try {
        const made = await api('/api/subscriptions', {method: 'POST', body});
        form.reset();
        say(`${made.name} added.`);
        load();
      } catch (e) {
        problems.replaceChildren(h('p', null, e.message),
          e.details.length ? h('ul', null, e.details.map((d) => h('li', null, d))) : null);
        problems.focus();
      }
    });
    return form;
  }

  load();
  return {
    dispose() {
      disposed = true;
    },
  };
}

function attempts(log) {
  if (!log?.length) return null;
  return h('details', null, h('summary', null, 'Attempts'),
    h('ol', null, log.map((a) => h('li', null, time(a.at), ' ',
      a.statusCode != null ? `HTTP ${a.statusCode}` : (a.error || 'no answer'), ` in ${duration(a.durationMillis)}`))));
}

function deliveries(main, {params}) {
  const [id] = params;
  const title = h('h1', null, 'Delivery log');
  const facts = h('div');
  const summary = h('p', {id: 'deliveries-summary', class: 'summary', role: 'status'}, 'Loading deliveries…');
  const tbody = h('tbody');
  const table = h('table', {class: 'deliveries', 'aria-describedby': 'deliveries-summary', hidden: true},
    h('caption', {class: 'visually-hidden'}, 'Deliveries, newest first'),
    h('thead', null, h('tr', null, ['Queued', 'Event', 'Status', 'Attempts', 'Last answer', 'Delivered']
      .map((t) => h('th', {scope: 'col'}, t)))),
    tbody);
  const reload = h('button', {type: 'button', class: 'quiet'}, 'Refresh');
  main.append(h('p', {class: 'crumbs'}, h('a', {href: '#/subscriptions'}, '← All subscriptions')), title, facts,
    h('div', {class: 'toolbar'}, reload), summary, table);
  let disposed = false;
  let poll = null;

  async function load() {
    try {
      const [subscription, log] = await Promise.all([
        api(`/api/subscriptions/${encodeURIComponent(id)}`),
        api(`/api/subscriptions/${encodeURIComponent(id)}/deliveries?limit=100`),
      ]);
      if (disposed) return;
      title.textContent = `Delivery log of ${subscription.name}`;
      facts.replaceChildren(h('dl', {class: 'facts'},
        h('div', null, h('dt', null, 'URL'), h('dd', null, h('code', null, subscription.url))),
        h('div', null, h('dt', null, 'Gets'), h('dd', null, filterText(subscription.filter)))));
      tbody.replaceChildren(...log.map((d) => h('tr', {'data-event': d.eventId, 'data-status': d.status},
        h('td', null, time(d.createdAt)),
        h('th', {scope: 'row'}, typeName(d.eventType), ' ',
          h('code', {title: d.eventId}, short(d.eventId))),
        h('td', null, badge(d.status)),
        h('td', null, String(d.attempts), attempts(d.attemptLog)),
        h('td', null, d.lastStatusCode != null ? `HTTP ${d.lastStatusCode}` : '', d.lastError ? ` ${d.lastError}` : ''),
        h('td', null, d.deliveredAt ? time(d.deliveredAt) : d.status === 'PENDING' && d.nextAttemptAt
          ? ['next try ', time(d.nextAttemptAt)] : '—'))));
      table.hidden = log.length === 0;
      // A pending delivery is being retried by the gateway; look again shortly.
      clearTimeout(poll);
      if (log.some((d) => d.status === 'PENDING')) poll = setTimeout(refresh, 2000);
      summary.textContent = log.length === 0 ? 'Nothing delivered yet.'
        : `${log.length} deliver${log.length === 1 ? 'y' : 'ies'}, newest first.`;
    } catch (e) {
      if (!disposed) {
        summary.replaceChildren(h('span', {class: 'error'}, e.status === 404 ? 'There is no such subscription.'
          : `Cannot load the delivery log: ${e.message}`));
      }
    }
  }

  const refresh = throttle(load, 1000);
  reload.addEventListener('click', load);
  load();
  return {
    onEvent() {
      refresh();
    },
    resync: refresh,
    dispose() {
      disposed = true;
      refresh.cancel();
      clearTimeout(poll);
    },
  };
}
