// JSON over HTTP to the gateway. Every error is {"error": {"code", "reason", "message"}}; we throw it as ApiError.

export class ApiError extends Error {
  constructor(status, message, reason = null) {
    super(message);
    this.status = status;
    this.reason = reason;
  }
}

async function call(method, path, body) {
  const options = { method, headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, options);
  } catch {
    throw new ApiError(0, 'The server cannot be reached; try again in a moment.', 'unreachable');
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new ApiError(res.status, data.error?.message ?? `request failed (${res.status})`, data.error?.reason ?? null);
  return data;
}

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });
const GIVE_UP_MS = 5 * 60 * 1000;
const UNAVAILABLE_MS = 30 * 1000;

/**
 * Sends a command that changes the world with a request id, and when the answer is lost or the server says the
 * outcome is unknown, sends it again with the same id (which applies it at most once) until the answer is definite:
 * done, or refused. onWaiting(err) is told each time it waits to try again.
 */
async function command(path, body, onWaiting = () => {}) {
  const sent = { requestId: crypto.randomUUID(), ...body };
  let wait = 1000;
  let uncertain = false;
  const started = Date.now();
  for (;;) {
    try {
      return await call('POST', path, sent);
    } catch (err) {
      // A lost answer may hide a change: so may "unknown". After either, even "unavailable" says only that this
      // attempt changed nothing, not the first one. "Unavailable" alone (a verticle being replaced, a process
      // restarting) changed nothing: it is sent again for half a minute, then told as it is.
      if (err.reason === 'outcome_unknown' || err.status === 0) uncertain = true;
      else if (err.status !== 503) throw err;
      else if (!uncertain && Date.now() - started > UNAVAILABLE_MS) throw err;
      if (Date.now() - started > GIVE_UP_MS) {
        throw new ApiError(503, 'The server still cannot tell whether that happened; your notices will show it when it did.', 'outcome_unknown');
      }
      onWaiting(err);
      await sleep(wait);
      wait = Math.min(wait * 2, 10000);
    }
  }
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body = {}) => call('POST', path, body),
  command,
};
