// A small client for the Vert.x SockJS event-bus bridge: it only listens (the server permits nothing
// inbound), re-registers after every reconnect, and reconnects by itself with a capped backoff.

const PING_MS = 5000;

export class BridgeBus {
  constructor(url, { onState = () => {} } = {}) {
    this.url = url;
    this.onState = onState;
    this.handlers = new Map();
    this.retryMs = 500;
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
    const socket = new window.SockJS(this.url, null, { transports: ['websocket', 'xhr-streaming', 'xhr-polling'] });
    this.socket = socket;
    socket.onopen = () => {
      this.retryMs = 500;
      for (const address of this.handlers.keys()) this.#send({ type: 'register', address });
      this.pingTimer = setInterval(() => this.#send({ type: 'ping' }), PING_MS);
      this.onState('open');
    };
    socket.onmessage = (e) => this.#receive(e.data);
    socket.onclose = () => {
      clearInterval(this.pingTimer);
      if (this.socket !== socket) return;
      this.onState('reconnecting');
      const wait = this.retryMs;
      this.retryMs = Math.min(this.retryMs * 2, 10000);
      setTimeout(() => this.connect(), wait);
    };
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
    for (const handler of this.handlers.get(frame.address) ?? []) {
      try {
        handler(frame.body);
      } catch (err) {
        console.error('handler for', frame.address, 'failed', err);
      }
    }
  }
}
