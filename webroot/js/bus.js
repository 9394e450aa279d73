// A small client for the Vert.x SockJS event-bus bridge: it only listens (the server permits nothing
// inbound), re-registers after every reconnect, and reconnects by itself with a capped backoff.

const PING_MS = 5000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10000;
/** The SockJS transports the server offers, best first; a page may be told to use one (?transport=xhr-polling). */
export const TRANSPORTS = ['websocket', 'xhr-streaming', 'xhr-polling'];

export class BridgeBus {
  constructor(url, { onState = () => {}, transports = TRANSPORTS } = {}) {
    this.url = url;
    this.onState = onState;
    this.transports = transports;
    this.handlers = new Map();
    this.retryMs = FIRST_RETRY_MS;
    this.socket = null;
    this.pingTimer = null;
  }

  /** Listens to an address; the handler gets each message body. Returns a function that stops listening. */
  subscribe(address, handler) {
    if (!this.handlers.has(address)) {
      this.handlers.set(address, new Set());
      this.#send({ type: 'register', address });
    }
    this.handlers.get(address).add(handler);
    return () => {
      const set = this.handlers.get(address);
      if (!set) return;
      set.delete(handler);
      if (set.size === 0) {
        this.handlers.delete(address);
        this.#send({ type: 'unregister', address });
      }
    };
  }

  /**
   * Opens a fresh socket. The server ties a socket to the session it was opened with, so after logging in or
   * out the page reconnects to be heard as who it now is.
   */
  reconnect() {
    const old = this.socket;
    this.socket = null;
    if (old) {
      old.onclose = null;
      clearInterval(this.pingTimer);
      old.close();
    }
    this.connect();
  }

  connect() {
    this.onState(this.socket ? 'reconnecting' : 'connecting');
    const socket = new window.SockJS(this.url, null, { transports: this.transports });
    this.socket = socket;
    socket.onopen = () => {
      // An open socket is not yet a working one (a proxy may let the handshake through and nothing after): the backoff
      // starts over only when a message arrives, so a socket that opens and fails does not reconnect twice a second.
      for (const address of this.handlers.keys()) this.#send({ type: 'register', address });
      if (this.inspecting) this.#send({ type: 'inspect', pattern: this.inspecting });
      this.pingTimer = setInterval(() => this.#send({ type: 'ping' }), PING_MS);
      this.onState('open');
    };
    socket.onmessage = (e) => this.#receive(e.data);
    socket.onclose = () => {
      clearInterval(this.pingTimer);
      if (this.socket !== socket) return;
      this.onState('reconnecting');
      const wait = this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
      setTimeout(() => this.connect(), wait);
    };
  }

  /**
   * Admin sockets only: watches the bus messages whose address matches `pattern` (a glob such as `market.*`; null
   * stops). The samples and the rates per address arrive on `handler(kind, body)`, kind `message` or `rates`, only on
   * this socket; asked again after a reconnect.
   */
  inspect(pattern, handler) {
    this.inspecting = pattern;
    this.inspectHandler = handler;
    this.#send(pattern ? { type: 'inspect', pattern } : { type: 'inspect' });
  }

  #send(frame) {
    if (this.socket && this.socket.readyState === 1) this.socket.send(JSON.stringify(frame));
  }

  #receive(data) {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (frame.type === 'err') {
      console.warn('bridge refused:', frame.body, frame.address ?? '');
      return;
    }
    if (frame.type !== 'rec') return;
    this.retryMs = FIRST_RETRY_MS;
    if (frame.address === 'admin.inspector' || frame.address === 'admin.inspector.rates') {
      this.inspectHandler?.(frame.address === 'admin.inspector' ? 'message' : 'rates', frame.body);
      return;
    }
    for (const handler of this.handlers.get(frame.address) ?? []) {
      try {
        handler(frame.body);
      } catch (err) {
        console.error('handler for', frame.address, 'failed', err);
      }
    }
  }
}
