// The gateway's API with the caller's bearer token, and its live event stream.

const KEY = 'slipway.token';

/** The signed-in caller: the token (kept for this browser tab only) and, once asked, who it belongs to. */
export const session = {
  token: sessionStorage.getItem(KEY),
  me: null,
  onUnauthorized: () => {},
  save(token) {
    this.token = token;
    sessionStorage.setItem(KEY, token);
  },
  clear() {
    this.token = null;
    this.me = null;
    sessionStorage.removeItem(KEY);
  },
  /** Whether the caller may replay, approve and manage subscriptions. */
  get canAct() {
    return !!this.me?.roles?.includes('sre');
  },
};

export class ApiError extends Error {
  constructor(status, message, details) {
    super(message);
    this.status = status;
    this.details = details || [];
  }
}

/** Calls the API; resolves to the JSON answer, rejects with an ApiError saying why. */
export async function api(path, {method = 'GET', body, token = session.token} = {}) {
  const headers = {Accept: 'application/json'};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {method, headers, body: body === undefined ? undefined : JSON.stringify(body)});
  } catch (e) {
    throw new ApiError(0, 'The gateway cannot be reached.');
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
  }
  if (!response.ok) {
    if (response.status === 401 && token === session.token) session.onUnauthorized();
    const message = data?.error || (response.status === 403
      ? 'Your token does not allow this.'
      : `${response.status} ${response.statusText}`);
    throw new ApiError(response.status, message, data?.details);
  }
  return data;
}

/**
 * Follows GET /api/events/stream. EventSource cannot send an Authorization header, so the stream is read through
 * fetch. Reconnects with backoff; onState gets 'live', 'reconnecting' or 'stopped'.
 * Returns a function that stops it.
 */
export function follow(onEvent, onState) {
  let controller = null;
  let stopped = false;
  let delay = 1000;

  async function connect() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch('/api/events/stream', {
          headers: {Accept: 'text/event-stream', Authorization: `Bearer ${session.token}`},
          signal: controller.signal,
          cache: 'no-store',
        });
        if (response.status === 401) {
          session.onUnauthorized();
          return;
        }
        if (!response.ok) throw new Error(`stream answered ${response.status}`);
        onState('live');
        delay = 1000;
        await read(response.body, onEvent);
      } catch (e) {
        if (stopped) return;
      }
      if (stopped) return;
      onState('reconnecting');
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 15000);
    }
  }

  connect();
  return () => {
    stopped = true;
    controller?.abort();
    onState('stopped');
  };
}

async function read(body, onEvent) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let data = [];
  for (;;) {
    const {value, done} = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (data.length) {
          try {
            onEvent(JSON.parse(data.join('\n')));
          } catch (e) {
            // a line that is not an event is skipped; the next refresh shows the truth anyway
          }
        }
        data = [];
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
    }
  }
}
