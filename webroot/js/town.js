// The town you stand in (or the road you are on): who is here, the jobs on offer, the inn.
import { api } from './api.js';
import { redrawKeepingEdits } from './edits.js';
import { formatMoney } from './money.js';
import { applyField, fieldOf } from './limits.js';

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

const clock = (minutes) => `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

async function act(path, body, after) {
  $('town-error').textContent = '';
  try {
    await api.command(path, body, () => {
      $('town-error').textContent = 'The server has not confirmed that yet; asking again…';
    });
    $('town-error').textContent = '';
    await after();
  } catch (err) {
    $('town-error').textContent = err.message;
  }
}

function activityText(a, world) {
  const d = a.details;
  const until = `until ${clock(a.endsAt)}`;
  if (a.kind === 'travel') return `On the road from ${world.towns.get(d.from)?.name} to ${world.towns.get(d.to)?.name}, arriving at ${clock(a.endsAt)}.`;
  if (a.kind === 'work') return `Working as ${d.jobName} ${until} for ${formatMoney(d.wage)}.`;
  return `Resting at ${d.inn} ${until}.`;
}

const PLACE = { home: 'at home', patrol: 'on patrol', road: 'on the road' };
let townsfolkOpen = false;

/** Who of the townsfolk is where this hour: the smith at the smithy, the guards at the gate. */
function folkList(folk) {
  if (!folk || !folk.places) return el('p', { class: 'hint' }, 'The townsfolk are about their business.');
  const list = el('ul', { class: 'folk', id: 'folk', 'aria-label': 'Townsfolk and where they are' });
  const busy = folk.places.filter((p) => p.place !== 'home').concat(folk.places.filter((p) => p.place === 'home'));
  for (const p of busy) {
    const names = p.people.map((x) => `${x.name} the ${x.profession}`).join(', ');
    const more = p.count > p.people.length ? ` and ${p.count - p.people.length} more` : '';
    list.append(el('li', { 'data-place': p.place },
      el('span', { class: 'place' }, PLACE[p.place] ?? `at the ${p.place}`), ': ', names + more, ' ',
      el('span', { class: 'count' }, `(${p.count})`)));
  }
  return list;
}

/** The roads from the town you stand in, as plain buttons: the map's choices for keyboards, screen readers and phones. */
function roadList(world, here, onTravel) {
  const list = el('ul', { class: 'roads', id: 'roads', 'aria-label': 'Roads from here' });
  for (const road of world.roads) {
    if (road.from !== here && road.to !== here) continue;
    const to = world.towns.get(road.from === here ? road.to : road.from);
    const go = el('button', { type: 'button', class: 'quiet', 'data-town': to.id }, `Travel to ${to.name}`);
    go.addEventListener('click', () => onTravel(to.id));
    list.append(el('li', {}, go, ' ', el('span', { class: 'hint' }, `${road.hours} hours, danger ${road.danger}`)));
  }
  return list;
}

export function renderTown(me, world, who, refresh, folk = {}, onTravel = () => {}) {
  const { present = {}, resting = {}, lastSeen = {}, online = null } = who;
  const panel = $('panel-town');
  const c = me?.character;
  panel.hidden = !c;
  if (!c) return;
  const parts = [];
  if (me.activity) parts.push(el('p', { class: 'activity', id: 'activity' }, activityText(me.activity, world)));
  const town = world.towns.get(c.town);
  if (!town) {
    $('town').replaceChildren(...parts);
    return;
  }
  const here = (present[town.id] ?? []).filter((n) => n !== c.name);
  const asleep = resting[town.id] ?? [];
  parts.unshift(el('h3', { id: 'town-name' }, town.name), el('p', {}, town.description));
  parts.push(el('p', { class: 'present', id: 'present' }, here.length ? `Here now: ${here.join(', ')}` : 'Nobody else about.'));
  const seen = lastSeen[town.id] ?? {};
  const away = asleep.map((n) => (seen[n] ? `${n} (last seen ${seen[n].slice(0, 10)} ${seen[n].slice(11, 16)} UTC)` : n));
  if (asleep.length) parts.push(el('p', { class: 'resting hint', id: 'resting' }, `Resting here (away): ${away.join(', ')}`));
  if (online !== null) parts.push(el('p', { class: 'hint', id: 'online-count' }, `${online} ${online === 1 ? 'player' : 'players'} online in the world.`));
  const busy = Boolean(me.activity);
  if (!busy) parts.push(el('h3', {}, 'Roads'), roadList(world, town.id, onTravel));
  const jobs = el('ul', { class: 'jobs', 'aria-label': 'Jobs on offer' });
  for (const job of town.jobs) {
    const hours = el('input', { type: 'number', value: '2', 'aria-label': `Hours as ${job.name}` });
    applyField(hours, fieldOf('work', 'hours'));
    const button = el('button', { type: 'button', class: 'quiet' }, 'Work');
    if (busy) button.disabled = true;
    button.addEventListener('click', () => hours.reportValidity() && act('/api/work', { job: job.id, hours: Number(hours.value) }, refresh));
    jobs.append(el('li', {}, el('span', { class: 'grow' }, `${job.name} — ${formatMoney(job.wagePerHour)} an hour, ${job.from}:00–${job.to}:00`), hours, button));
  }
  parts.push(el('h3', {}, 'Work'), jobs);
  const restHours = el('input', { type: 'number', value: '8', 'aria-label': 'Hours of rest' });
  applyField(restHours, fieldOf('rest', 'hours'));
  const rest = el('button', { type: 'button', class: 'quiet', id: 'rest' }, 'Take a room');
  if (busy) rest.disabled = true;
  rest.addEventListener('click', () => restHours.reportValidity() && act('/api/rest', { hours: Number(restHours.value) }, refresh));
  parts.push(el('h3', {}, `The inn: ${town.inn.name}`),
    el('ul', { class: 'jobs' }, el('li', {}, el('span', { class: 'grow' }, `${formatMoney(town.inn.pricePerHour)} an hour`), restHours, rest)));
  // Long and for reading, not doing: folded until opened (and kept open across redraws).
  const townsfolk = el('details', { class: 'townsfolk', id: 'townsfolk' }, el('summary', {}, 'Townsfolk: who is where this hour'),
    folkList(folk[town.id]));
  if (townsfolkOpen) townsfolk.open = true;
  townsfolk.addEventListener('toggle', () => { townsfolkOpen = townsfolk.open; });
  parts.push(townsfolk);
  redrawKeepingEdits($('town'), () => $('town').replaceChildren(...parts));
}

export async function travel(to, refresh) {
  await act('/api/travel', { to }, refresh);
}
