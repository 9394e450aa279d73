// World events: the feed (active and recent, from GET /api/events, then live from world.events) and a toast
// for each new one, in the event's own words.
import { api } from './api.js';

const $ = (id) => document.getElementById(id);
const shown = new Map();

function render(event) {
  let item = shown.get(event.id);
  if (!item) {
    item = document.createElement('li');
    shown.set(event.id, item);
    $('events').prepend(item);
  }
  item.className = event.ended ? 'event-ended' : '';
  item.dataset.type = event.type;
  item.textContent = event.ended ? `${event.text} (over)` : event.text;
}

function toast(text) {
  const box = document.createElement('div');
  box.className = 'toast';
  box.textContent = text;
  $('toasts').append(box);
  setTimeout(() => box.remove(), 8000);
}

export function eventHeard(event) {
  if (!event.ended && !shown.has(event.id)) toast(event.text);
  render(event);
}

export async function loadEvents() {
  const all = await api.get('/api/events');
  for (const e of [...all.recent].reverse()) render(e);
  for (const e of all.active) render(e);
}
