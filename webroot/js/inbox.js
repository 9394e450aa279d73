// The player's notices: recent ones from /api/me, new ones live from player.<id>.inbox, each stamped with the game day
// as well as the hour ("yesterday 09:10").
import { whenSaid } from './clock.js';

const $ = (id) => document.getElementById(id);
const seen = new Set();
const KEEP = 50;

export function addNotice(n) {
  if (seen.has(n.id)) return;
  seen.add(n.id);
  const item = document.createElement('li');
  item.dataset.kind = n.kind;
  item.dataset.minutes = String(n.gameMinutes);
  const time = document.createElement('time');
  time.textContent = whenSaid(n.gameMinutes);
  item.append(time, document.createTextNode(n.text));
  $('inbox').prepend(item);
  while ($('inbox').children.length > KEEP) $('inbox').lastElementChild.remove();
}

export function renderInbox(me) {
  $('panel-inbox').hidden = !me;
  if (!me) {
    $('inbox').replaceChildren();
    seen.clear();
    return;
  }
  for (const n of [...me.notices].reverse()) addNotice(n);
  // "today" becomes "yesterday" as the world turns: the stamps follow.
  for (const item of $('inbox').children) item.querySelector('time').textContent = whenSaid(Number(item.dataset.minutes));
}
