// Dead letters: the records a consumer could not read, newest first, and putting one back on its topic.

import {api} from './api.js';
import {askReason} from './dialog.js';
import {announce, h, short, time} from './dom.js';

export function mount(main, {session}) {
  const notice = h('div', {class: 'notices'});
  const summary = h('p', {id: 'dlq-summary', class: 'summary', role: 'status'}, 'Loading dead letters…');
  const tbody = h('tbody');
  const table = h('table', {class: 'dlq', 'aria-describedby': 'dlq-summary', hidden: true},
    h('caption', {class: 'visually-hidden'}, 'Dead letters, newest first'),
    h('thead', null, h('tr', null, ['When', 'Record', 'From topic', 'Event', 'Run', 'Why']
      .concat(session.canAct ? ['Actions'] : []).map((t) => h('th', {scope: 'col'}, t)))),
    tbody);
  const reload = h('button', {type: 'button', class: 'quiet'}, 'Refresh');
  main.append(h('h1', null, 'Dead letters'),
    h('p', {class: 'help'}, 'Records a service could not read went to their topic\'s ', h('code', null, '.dlq'),
      ' topic. Once the cause is fixed, an SRE can put one back on its topic as a replay.'),
    h('div', {class: 'toolbar'}, reload), notice, summary, table);

  let disposed = false;

  function say(text, kind = 'ok') {
    notice.replaceChildren(h('p', {class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status'}, text));
    if (kind !== 'error') announce(text);
  }

  async function load() {
    try {
      const letters = await api('/api/dlq?limit=100');
      if (disposed) return;
      letters.sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
      tbody.replaceChildren(...letters.map(row));
      table.hidden = letters.length === 0;
      summary.textContent = letters.length === 0 ? 'No dead letters: every record was read.'
        : `${letters.length} dead letter${letters.length === 1 ? '' : 's'}, newest first.`;
    } catch (e) {
      if (!disposed) summary.replaceChildren(h('span', {class: 'error'}, `Cannot load dead letters: ${e.message}`));
    }
  }

  function row(letter) {
    const where = `${letter.topic}/${letter.partition}/${letter.offset}`;
    return h('tr', {'data-record': where},
      h('td', null, time(letter.timestamp)),
      h('th', {scope: 'row'}, h('code', null, where)),
      h('td', null, letter.originalTopic || ''),
      h('td', null, letter.eventId ? h('code', {title: letter.eventId}, short(letter.eventId)) : '—',
        letter.type ? h('div', {class: 'muted'}, letter.type) : null),
      h('td', null, letter.runId ? h('a', {href: `#/runs/${encodeURIComponent(letter.runId)}`, title: letter.runId},
        short(letter.runId)) : '—'),
      h('td', null, letter.reason || '',
        h('details', null, h('summary', null, 'Payload'), h('pre', {tabindex: '0'}, letter.payload || ''))),
      session.canAct ? h('td', null, h('button', {type: 'button', class: 'action', 'data-action': 'replay',
        'aria-label': `Put back ${where}`, onclick: () => putBack(letter, where)}, 'Put back')) : null);
  }

  async function putBack(letter, where) {
    const reason = await askReason({
      title: `Put back ${where}`,
      description: `Publishes the record on ${letter.originalTopic} again, with a new event id. The reason is `
        + 'recorded with your name.',
      confirm: 'Put back',
    });
    if (reason == null) return;
    try {
      const made = await api(`/api/dlq/${encodeURIComponent(letter.topic)}/${letter.partition}/${letter.offset}/replay`,
        {method: 'POST', body: {reason}});
      say(`${where} put back on ${made.topic} as event ${short(made.eventId)}.`);
    } catch (e) {
      say(`Cannot put back ${where}: ${e.message}`, 'error');
    }
  }

  reload.addEventListener('click', load);
  load();
  return {
    dispose() {
      disposed = true;
    },
  };
}
