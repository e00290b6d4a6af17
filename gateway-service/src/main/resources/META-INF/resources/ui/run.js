// One run: its stages on a timeline, per environment the plan and the canary, failures with their output, and the
// actions an SRE may take. Refreshed whenever an event of the run arrives on the stream.

import {api} from './api.js';
import {askReason} from './dialog.js';
import {announce, badge, duration, h, keepingFocus, label, short, throttle, time} from './dom.js';

const STAGE_NAMES = {ACCEPT: 'accept', BUILD: 'build', CHART: 'chart', DEPLOY: 'deploy', SECRETS: 'secrets',
  BACKUP: 'backup'};

function stageName(stage) {
  const name = STAGE_NAMES[stage.stage] || label(stage.stage);
  return stage.environment ? `${name} · ${stage.environment}` : name;
}

function capitalised(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function replayable(stage) {
  return (stage.status === 'FAILED' || stage.status === 'ROLLED_BACK') && stage.stage !== 'ACCEPT';
}

export function mount(main, {params, session}) {
  const [runId] = params;
  const title = h('h1', null, 'Run ', h('code', {title: runId}, short(runId)));
  const meta = h('div', {class: 'run-meta'});
  const notice = h('div', {class: 'notices'});
  const stagesList = h('ol', {class: 'timeline', 'aria-labelledby': 'stages-title'});
  const environments = h('div', {class: 'environments'});
  const history = h('div');
  const replays = h('div');
  const events = h('div');
  main.append(
    h('p', {class: 'crumbs'}, h('a', {href: '#/runs'}, '← All runs')),
    title, meta, notice,
    h('section', {'aria-labelledby': 'stages-title'}, h('h2', {id: 'stages-title'}, 'Stages'), stagesList),
    h('section', {'aria-labelledby': 'envs-title'}, h('h2', {id: 'envs-title'}, 'Environments'), environments),
    history, replays, events);

  let disposed = false;
  let loaded = false;

  function say(text, kind = 'ok') {
    notice.replaceChildren(h('p', {class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status'}, text));
    if (kind !== 'error') announce(text);
  }

  async function load() {
    try {
      const [detail, progress] = await Promise.all([
        api(`/api/runs/${encodeURIComponent(runId)}`),
        api(`/api/runs/${encodeURIComponent(runId)}/progress`),
      ]);
      if (disposed) return;
      loaded = true;
      keepingFocus(() => render(detail, progress));
    } catch (e) {
      if (disposed) return;
      if (e.status === 404 && !loaded) {
        meta.replaceChildren(h('p', {class: 'error', role: 'alert'}, `There is no run ${runId}.`));
      } else {
        say(`Cannot load the run: ${e.message}`, 'error');
      }
    }
  }

  const refresh = throttle(load, 300);

  function render({run, replays: made}, progress) {
    document.title = `${run.app} ${short(run.runId)} · Slipway`;
    title.replaceChildren('Run ', h('code', {title: run.runId}, short(run.runId)), ' ',
      h('span', {class: 'app'}, run.app || ''));
    meta.replaceChildren(h('dl', {class: 'facts'},
      fact('Status', badge(run.status)),
      fact('Application', h('a', {href: `#/runs?app=${encodeURIComponent(run.app)}`}, run.app)),
      run.commit ? fact('Commit', [run.commit.repository || '', ' ', run.commit.branch || '', ' ',
        h('code', {title: run.commit.sha}, (run.commit.sha || '').slice(0, 12))]) : null,
      fact('Started', time(run.startedAt)),
      fact('Last event', time(run.updatedAt))));
    renderStages(run, progress);
    renderEnvironments(run, progress);
    renderHistory(run, progress);
    renderReplays(made);
    renderEvents(run);
  }

  function fact(term, value) {
    return h('div', null, h('dt', null, term), h('dd', null, value));
  }

  function renderStages(run, progress) {
    const stages = run.stages || [];
    const start = Date.parse(run.startedAt);
    const running = stages.some((s) => s.startedAt && !s.finishedAt);
    const end = Math.max(Date.parse(run.updatedAt), running ? Date.now() : 0);
    const span = Math.max(1, end - start);
    const failures = new Map(progress.failures.map((f) => [f.eventId, f]));
    stagesList.replaceChildren(...stages.map((stage) => {
      const from = stage.startedAt ? Date.parse(stage.startedAt) : null;
      const to = stage.finishedAt ? Date.parse(stage.finishedAt) : (from ? Date.now() : null);
      const bar = h('span', {class: `bar s-${stage.status.toLowerCase()}`});
      if (from != null) {
        bar.style.left = `${((from - start) / span) * 100}%`;
        bar.style.width = `${Math.max(0.8, ((to - from) / span) * 100)}%`;
      } else {
        bar.hidden = true;
      }
      const took = stage.durationMillis != null
        ? h('span', null, duration(stage.durationMillis))
        : from != null ? h('span', {'data-since': stage.startedAt}, `for ${duration(Date.now() - from)}`) : null;
      const failure = failures.get(stage.lastEventId);
      return h('li', {class: 'stage', 'data-stage': stage.stage, 'data-environment': stage.environment || null,
        'data-status': stage.status},
      h('div', {class: 'name'}, capitalised(stageName(stage))),
      h('div', {class: 'track', 'aria-hidden': 'true'}, bar),
      h('div', {class: 'when'}, badge(stage.status), ' ', took,
        stage.startedAt ? h('span', {class: 'muted'}, ' from ', time(stage.startedAt)) : null),
      h('div', {class: 'actions'}, actionsFor(run, stage)),
      stage.reason || stage.message || failure ? h('div', {class: 'detail'},
        stage.reason ? h('p', {class: 'reason'}, h('strong', null, label(stage.reason)),
          failure ? ` ${failure.retriable ? '(retriable)' : '(not retriable)'}, ${failure.attempts} attempt${
            failure.attempts === 1 ? '' : 's'}` : '') : null,
        stage.message ? h('p', {class: 'message'}, stage.message) : null,
        failure?.logTail?.length ? logTail(failure) : null) : null);
    }));
  }

  function logTail(failure) {
    const id = `log-${failure.eventId}`;
    return h('figure', {class: 'log'},
      h('figcaption', {id}, `Last ${failure.logTail.length} line${failure.logTail.length === 1 ? '' : 's'} of output`),
      h('pre', {tabindex: '0', 'aria-labelledby': id}, failure.logTail.join('\n')));
  }

  function actionsFor(run, stage) {
    if (!session.canAct) return null;
    const buttons = [];
    const where = stage.environment ? ` in ${stage.environment}` : '';
    if (replayable(stage)) {
      buttons.push(h('button', {type: 'button', class: 'action', 'data-action': 'replay',
        'data-key': `replay:${stage.stage}:${stage.environment || ''}`,
        'aria-label': `Replay ${STAGE_NAMES[stage.stage]} stage${where}`,
        onclick: () => replay(stage)}, 'Replay'));
    }
    if (stage.stage === 'DEPLOY' && stage.status === 'AWAITING_APPROVAL') {
      buttons.push(h('button', {type: 'button', class: 'action primary', 'data-action': 'approve',
        'data-key': `approve:${stage.environment}`, 'aria-label': `Approve ${stage.environment}`,
        onclick: () => decide(stage.environment, true)}, 'Approve'));
      buttons.push(h('button', {type: 'button', class: 'action danger', 'data-action': 'reject',
        'data-key': `reject:${stage.environment}`, 'aria-label': `Reject ${stage.environment}`,
        onclick: () => decide(stage.environment, false)}, 'Reject'));
    }
    return buttons;
  }

  async function replay(stage) {
    const name = stageName(stage);
    const reason = await askReason({
      title: `Replay ${name}`,
      description: 'Publishes the stage\'s input again, with a new event id, in this run. '
        + 'The reason is recorded with your name.',
      confirm: 'Replay',
    });
    if (reason == null) return;
    try {
      const made = await api(`/api/runs/${encodeURIComponent(runId)}/stages/${stage.stage.toLowerCase()}/replay`,
        {method: 'POST', body: {reason}});
      say(`Replay of ${name} recorded as event ${short(made.eventId)}.`);
      refresh();
    } catch (e) {
      say(`The replay of ${name} was refused: ${e.message}`, 'error');
    }
  }

  async function decide(environment, approve) {
    const reason = await askReason({
      title: `${approve ? 'Approve' : 'Reject'} ${environment}`,
      description: approve
        ? `The release goes on into ${environment}.`
        : `The release stops before ${environment}; nothing there changes.`,
      confirm: approve ? 'Approve' : 'Reject',
      required: !approve,
      danger: !approve,
    });
    if (reason == null) return;
    try {
      await api(`/api/runs/${encodeURIComponent(runId)}/environments/${encodeURIComponent(environment)}/${
        approve ? 'approve' : 'reject'}`, {method: 'POST', body: {reason: reason || null}});
      say(`${environment} ${approve ? 'approved' : 'rejected'}.`);
      refresh();
    } catch (e) {
      say(`Cannot ${approve ? 'approve' : 'reject'} ${environment}: ${e.message}`, 'error');
    }
  }

  function renderEnvironments(run, progress) {
    if (!progress.environments.length) {
      environments.replaceChildren(h('p', {class: 'muted'}, 'No environment yet: they are known once the image is '
        + 'built.'));
      return;
    }
    environments.replaceChildren(...progress.environments.map((env) => {
      const titleId = `env-${env.environment}`;
      const stage = (run.stages || []).find((s) => s.stage === 'DEPLOY' && s.environment === env.environment);
      return h('section', {class: 'env', 'aria-labelledby': titleId, 'data-environment': env.environment},
        h('h3', {id: titleId}, env.environment, ' ',
          h('span', {class: 'muted'}, [label(env.strategy), env.namespace].filter(Boolean).join(' · '))),
        h('p', {class: 'phase'},
          env.outcome ? badge(env.outcome) : stage ? badge(stage.status) : badge('PENDING'),
          env.phase && !env.outcome ? [' ', h('span', {class: 'muted'}, label(env.phase))] : null,
          env.message && !env.outcome ? [' — ', env.message] : null,
          env.outcomeReason ? [' — ', env.outcomeReason] : null,
          env.revision ? h('span', {class: 'muted'}, ` (revision ${env.revision})`) : null),
        env.approval && !env.phase && !env.outcome
          ? h('p', {class: 'muted'}, 'Needs an SRE\'s approval before it starts.') : null,
        plan(env),
        canary(env));
    }));
  }

  function plan(env) {
    const count = (action) => env.plan.filter((c) => c.action === action).length;
    if (!env.plan.length && !env.unchanged) {
      return h('p', {class: 'muted plan-none'}, env.planSummary ? `Applied: ${env.planSummary}.` : 'No plan yet.');
    }
    const caption = `Plan: ${count('CREATE')} to create, ${count('CHANGE')} to change, ${count('PRUNE')} to prune, `
      + `${env.unchanged} unchanged`;
    return h('table', {class: 'plan'},
      h('caption', null, caption),
      h('thead', null, h('tr', null, ['Action', 'Kind', 'Object', 'Changed fields'].map((t) =>
        h('th', {scope: 'col'}, t)))),
      h('tbody', null, env.plan.map((c) => h('tr', {'data-action': c.action},
        h('td', null, h('span', {class: `badge a-${c.action.toLowerCase()}`}, {CREATE: 'create', CHANGE: 'change',
          PRUNE: 'prune'}[c.action] || label(c.action))),
        h('td', null, c.kind),
        h('th', {scope: 'row'}, c.namespace ? `${c.namespace}/${c.name}` : c.name),
        h('td', null, c.fields?.length ? h('ul', {class: 'fields'}, c.fields.map((f) => h('li', null, h('code', null,
          f)))) : '')))));
  }

  function canary(env) {
    if (env.strategy !== 'CANARY' && !env.canary) return null;
    const c = env.canary;
    const id = `canary-${env.environment}`;
    const steps = env.canarySteps?.length ? h('ol', {class: 'steps', 'aria-label': 'Canary steps'},
      env.canarySteps.map((weight, i) => {
        const state = !c ? 'todo' : i + 1 < c.step ? 'done' : i + 1 === c.step ? 'current' : 'todo';
        return h('li', {class: state, 'aria-current': state === 'current' ? 'step' : null}, `${weight}%`);
      })) : null;
    if (!c) {
      return h('div', {class: 'canary'}, h('h4', null, 'Canary'), h('p', {class: 'muted'}, 'Not started.'), steps);
    }
    return h('div', {class: 'canary', 'data-weight': c.weight},
      h('h4', null, 'Canary'),
      h('p', null, h('label', {for: id}, `Step ${c.step} of ${c.steps}: ${c.weight}% of traffic`), ' ',
        h('progress', {id, max: 100, value: c.weight}, `${c.weight}%`),
        c.failures ? h('span', {class: 'error'}, ` ${c.failures} failed analysis run${c.failures === 1 ? '' : 's'}`)
          : null),
      steps,
      c.analysis?.length ? h('table', {class: 'analysis'},
        h('caption', null, 'Latest analysis'),
        h('thead', null, h('tr', null, ['Check', 'Value', 'Threshold', 'Result', 'Note'].map((t) =>
          h('th', {scope: 'col'}, t)))),
        h('tbody', null, c.analysis.map((a) => h('tr', {'data-passed': String(a.passed)},
          h('th', {scope: 'row'}, a.name),
          h('td', {class: 'num'}, a.value == null ? '—' : String(a.value)),
          h('td', null, a.threshold || ''),
          h('td', null, h('span', {class: `badge ${a.passed ? 's-succeeded' : 's-failed'}`},
            a.passed ? 'passed' : 'failed')),
          h('td', null, a.message || ''))))) : null);
  }

  function renderHistory(run, progress) {
    const current = new Set((run.stages || []).map((s) => s.lastEventId));
    const earlier = progress.failures.filter((f) => !current.has(f.eventId)).reverse();
    history.replaceChildren(...(earlier.length ? [h('section', {'aria-labelledby': 'earlier-title'},
      h('h2', {id: 'earlier-title'}, 'Earlier failures'),
      h('ul', {class: 'failures'}, earlier.map((f) => h('li', null,
        h('p', null, h('strong', null, `${STAGE_NAMES[f.stage] || f.stage}${f.environment ? ` · ${f.environment}`
          : ''}`), ' ', label(f.reason), ' at ', time(f.time), f.message ? ` — ${f.message}` : ''),
        f.logTail?.length ? logTail(f) : null))))] : []));
  }

  function renderReplays(made) {
    replays.replaceChildren(...(made.length ? [h('section', {'aria-labelledby': 'replays-title'},
      h('h2', {id: 'replays-title'}, 'Replays'),
      h('table', {class: 'replays'},
        h('thead', null, h('tr', null, ['When', 'Stage', 'By', 'Reason', 'New event'].map((t) =>
          h('th', {scope: 'col'}, t)))),
        h('tbody', null, made.map((r) => h('tr', null,
          h('td', null, time(r.requestedAt)),
          h('td', null, STAGE_NAMES[r.stage] || r.stage, r.forced ? ' (forced)' : ''),
          h('td', null, r.requestedBy),
          h('td', null, r.reason),
          h('td', null, h('code', {title: r.eventId}, short(r.eventId))))))))] : []));
  }

  function renderEvents(run) {
    const list = run.events || [];
    const open = events.querySelector('details')?.open;
    events.replaceChildren(h('details', {class: 'events', open},
      h('summary', null, `All events (${list.length})`),
      h('table', null,
        h('thead', null, h('tr', null, ['Time', 'Topic', 'From', 'Event', 'Replay of'].map((t) =>
          h('th', {scope: 'col'}, t)))),
        h('tbody', null, list.map((e) => h('tr', null,
          h('td', null, time(e.time)),
          h('td', null, e.topic),
          h('td', null, (e.source || '').replace(/^\/slipway\//, '')),
          h('td', null, h('code', {title: e.eventId}, short(e.eventId))),
          h('td', null, e.replayOf ? h('code', {title: e.replayOf}, short(e.replayOf)) : '')))))));
  }

  // Running stages show how long they have been running; only those few text nodes change each second.
  const ticker = setInterval(() => {
    for (const el of main.querySelectorAll('[data-since]')) {
      el.textContent = `for ${duration(Date.now() - Date.parse(el.dataset.since))}`;
    }
  }, 1000);

  load();

  return {
    onEvent(event) {
      if (event.runId === runId) refresh();
    },
    resync: refresh,
    dispose() {
      disposed = true;
      refresh.cancel();
      clearInterval(ticker);
    },
  };
}
