// The player's notices: recent ones from /api/me, new ones live from player.<id>.inbox.
const $ = (id) => document.getElementById(id);
const seen = new Set();

function stamp(minutes) {
  const h = String(Math.floor(minutes / 60) % 24).padStart(2, '0');
  const m = String(minutes % 60).padStart(2, '0');
  return `${h}:${m}`;
}

export function addNotice(n) {
  if (seen.has(n.id)) return;
  seen.add(n.id);
  const item = document.createElement('li');
  item.dataset.kind = n.kind;
  const time = document.createElement('time');
  time.textContent = stamp(n.gameMinutes);
  item.append(time, document.createTextNode(n.text));
  $('inbox').prepend(item);
  while ($('inbox').children.length > 50) $('inbox').lastElementChild.remove();
}

export function renderInbox(me) {
  $('panel-inbox').hidden = !me;
  if (!me) {
    $('inbox').replaceChildren();
    seen.clear();
    return;
  }
  for (const n of [...me.notices].reverse()) addNotice(n);
}
