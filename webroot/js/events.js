// World events: the feed (active and recent, from GET /api/events, then live from world.events), trimmed to the
// latest few, and the news line in the header, which shows the newest in the event's own words. The news line has a
// place of its own, so it covers nothing (the chart, a button) and moves nothing.
import { api } from './api.js';

const $ = (id) => document.getElementById(id);
const shown = new Map();
const KEEP = 20;
let clearNews = null;

function render(event) {
  let item = shown.get(event.id);
  if (!item) {
    item = document.createElement('li');
    shown.set(event.id, item);
    $('events').prepend(item);
    while ($('events').children.length > KEEP) {
      const last = $('events').lastElementChild;
      shown.forEach((v, k) => { if (v === last) shown.delete(k); });
      last.remove();
    }
  }
  item.className = event.ended ? 'event-ended' : '';
  item.dataset.type = event.type;
  item.textContent = event.ended ? `${event.text} (over)` : event.text;
}

function announce(text) {
  const line = document.createElement('span');
  line.className = 'toast';
  line.textContent = text;
  $('toasts').replaceChildren(line);
  clearTimeout(clearNews);
  clearNews = setTimeout(() => line.remove(), 12000);
}

export function eventHeard(event) {
  if (!event.ended && !shown.has(event.id)) announce(event.text);
  render(event);
}

export async function loadEvents() {
  const all = await api.get('/api/events');
  for (const e of [...all.recent].reverse()) render(e);
  for (const e of all.active) render(e);
}
