// Entry point: shows the world clock at once (GET /api/world), then keeps it live over the bridge.
import { BridgeBus } from './bus.js';
import { applyTheme } from './theme.js';
import { renderClock, chronicle } from './clock.js';

// Bus addresses the page listens to; the server's bridge permits exactly these (see README).
const ADDR = { ticks: 'world.clock', phase: 'world.clock.phase', season: 'world.clock.season' };

const PHASE_WORDS = {
  dawn: 'Dawn breaks.', day: 'The sun is up.', dusk: 'Dusk falls.', night: 'Night comes.',
};

let lastMinute = -1;

function show(time) {
  // Ticks can arrive out of order across a reconnect; never show time running backwards.
  if (time.gameMinutes < lastMinute) return;
  lastMinute = time.gameMinutes;
  renderClock(time);
  applyTheme(time);
}

async function refresh() {
  try {
    const res = await fetch('/api/world', { headers: { Accept: 'application/json' } });
    if (res.ok) show(await res.json());
  } catch {
    // the bridge will bring the time as soon as the server is back
  }
}

function setConnection(state) {
  const el = document.getElementById('connection');
  el.dataset.state = state;
  el.textContent = { open: 'live', connecting: 'connecting…', reconnecting: 'reconnecting…' }[state] ?? state;
  if (state === 'open') {
    lastMinute = -1; // after a reconnect the server's time is the truth, even a new world's
    refresh();
  }
}

const bus = new BridgeBus('/eventbus', { onState: setConnection });
bus.subscribe(ADDR.ticks, show);
bus.subscribe(ADDR.phase, (c) => chronicle(c.time, PHASE_WORDS[c.to] ?? `It is ${c.to}.`));
bus.subscribe(ADDR.season, (c) => chronicle(c.time, `The season turns: ${c.from} gives way to ${c.to}.`));

refresh();
bus.connect();
