// A modal dialog asking for a reason before an action. <dialog> traps focus, closes on Escape and gives focus back
// to the button that opened it.

import {h} from './dom.js';

let serial = 0;

/** The page may have been redrawn while the dialog was open: focus the opener's replacement, if any. */
function refocus(key) {
  if (key && (document.activeElement === document.body || !document.activeElement)) {
    document.querySelector(`[data-key="${CSS.escape(key)}"]`)?.focus();
  }
}

/**
 * Asks for a reason; resolves to the trimmed reason, or null when cancelled.
 * @param {{title: string, description?: string, confirm: string, required?: boolean, danger?: boolean}} options
 */
export function askReason({title, description, confirm, required = true, danger = false}) {
  const id = `dialog-${++serial}`;
  const reason = h('textarea', {id: `${id}-reason`, name: 'reason', rows: 3, required, 'aria-describedby':
    description ? `${id}-description` : null});
  const error = h('p', {class: 'error', id: `${id}-error`, role: 'alert'});
  const dialog = h('dialog', {'aria-labelledby': `${id}-title`, class: 'ask'},
    h('form', {method: 'dialog'},
      h('h2', {id: `${id}-title`}, title),
      description ? h('p', {id: `${id}-description`}, description) : null,
      h('label', {for: `${id}-reason`}, required ? 'Reason (required)' : 'Reason (optional)'),
      reason,
      error,
      h('div', {class: 'buttons'},
        h('button', {type: 'submit', value: 'cancel', formnovalidate: true, class: 'quiet'}, 'Cancel'),
        h('button', {type: 'submit', value: 'ok', class: danger ? 'danger' : 'primary', 'data-confirm': ''},
          confirm))));
  document.body.append(dialog);
  const opener = document.activeElement?.dataset?.key;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const ok = dialog.returnValue === 'ok';
      dialog.remove();
      refocus(opener);
      resolve(ok ? reason.value.trim() : null);
    });
    dialog.querySelector('form').addEventListener('submit', (event) => {
      if (event.submitter?.value === 'ok' && required && !reason.value.trim()) {
        event.preventDefault();
        error.textContent = 'Please give a reason.';
        reason.focus();
      }
    });
    dialog.showModal();
    reason.focus();
  });
}

/** Asks to confirm a destructive action; resolves to true or false. */
export function confirmAction({title, description, confirm}) {
  const id = `dialog-${++serial}`;
  const dialog = h('dialog', {'aria-labelledby': `${id}-title`, class: 'ask'},
    h('form', {method: 'dialog'},
      h('h2', {id: `${id}-title`}, title),
      description ? h('p', null, description) : null,
      h('div', {class: 'buttons'},
        h('button', {type: 'submit', value: 'cancel', class: 'quiet'}, 'Cancel'),
        h('button', {type: 'submit', value: 'ok', class: 'danger', 'data-confirm': ''}, confirm))));
  document.body.append(dialog);
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => {
      const ok = dialog.returnValue === 'ok';
      dialog.remove();
      resolve(ok);
    });
    dialog.showModal();
  });
}
