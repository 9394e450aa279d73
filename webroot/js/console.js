// The operator's sections of the admin console: players (find, see whole, kick, ban, unban, give and take), towns
// (treasury, taxes, mayor, election), verticles (what each process runs, its health, redeploy) and a read-only look
// at the data. Every change goes with the reason typed beside it, and the server keeps it in the audit.
import { api } from './api.js';
import { formatMoney } from './money.js';
import { whenSaid, worldMinutesHeard } from './clock.js';

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

function button(text, onClick, attrs = {}) {
  const b = el('button', { type: 'button', ...attrs }, text);
  b.addEventListener('click', onClick);
  return b;
}

/** Told after every change, so the page shows the audit's new line. */
let changed = () => {};

/** Runs an action, shows its words or its error in the section's status lines, then what follows. */
async function act(section, work, after = async () => {}) {
  $(`${section}-error`).textContent = '';
  try {
    $(`${section}-result`).textContent = await work();
  } catch (err) {
    $(`${section}-error`).textContent = err.message;
  }
  await after().catch((err) => { $(`${section}-error`).textContent = err.message; });
}

/** A change: done as {@link act}, then the audit is shown again. */
const change = (section, work, after) => act(section, work, after).then(() => changed());

// ---- players ----

let shown = null;
const reason = () => $('player-reason').value.trim();

async function findPlayers() {
  const q = $('player-q').value.trim();
  const { players } = await api.get(`/api/admin/players?q=${encodeURIComponent(q)}`);
  $('player-results').replaceChildren(...players.map((p) => {
    const state = [p.online ? 'online' : 'offline', p.bannedUntil ? `banned until ${p.bannedUntil}` : null, p.role === 'admin' ? 'admin' : null]
      .filter(Boolean).join(', ');
    const li = el('li', { 'data-account': String(p.account) },
      `${p.username}${p.character ? ` (${p.character}${p.town ? ` in ${p.town}` : ', on the road'})` : ', no character'}: ${state} `);
    li.append(button('Open', () => showPlayer(p.account).catch((err) => { $('players-error').textContent = err.message; }), { class: 'quiet', 'aria-label': `Open ${p.username}` }));
    return li;
  }));
  if (!players.length) $('player-results').replaceChildren(el('li', {}, `No one matches “${q}”.`));
  return `${players.length} found.`;
}

async function showPlayer(account) {
  const [whole, trades, chat] = await Promise.all([
    api.get(`/api/admin/players/show?account=${account}`),
    api.get(`/api/admin/players/trades?account=${account}`),
    api.get(`/api/admin/players/chat?account=${account}`),
  ]);
  shown = whole;
  $('player-detail').hidden = false;
  const c = whole.character;
  const s = whole.standing;
  $('player-sheet').textContent = c
    ? `${whole.account.username}: ${c.name}, ${c.className}, ${c.hp}/${c.maxHp} hit points, ${c.town ? `in ${c.town}` : 'on the road'}.`
    : `${whole.account.username} has no character yet.`;
  $('player-standing').textContent = `Account ${whole.account.id} since ${s.createdAt}; ${s.sessions} live session${s.sessions === 1 ? '' : 's'}; `
    + (s.bannedUntil ? `banned until ${s.bannedUntil} by ${s.bannedBy}: ${s.banReason}.` : 'not banned.');
  $('player-holdings').replaceChildren(...holdingItems(whole.holdings));
  if (!$('held-minute').value && worldMinutesHeard() != null) {
    $('held-minute').value = worldMinutesHeard();
    // The form's limits check on input; a value set here must be checked too.
    $('held-minute').dispatchEvent(new Event('input'));
  }
  $('player-trades').replaceChildren(...trades.trades.slice(0, 20).map((t) =>
    el('li', {}, `${whenSaid(t.gameMinutes)}: ${t.side} ${t.qty} ${t.good} in ${t.town} for ${formatMoney(t.total)}`)));
  if (!trades.trades.length) $('player-trades').replaceChildren(el('li', {}, 'No trades.'));
  $('player-lines').replaceChildren(...chat.lines.map((l) => el('li', {}, `${l.at.slice(0, 16).replace('T', ' ')} ${l.channel}${l.town ? ` (${l.town})` : ''}: ${l.text}`)));
  if (!chat.lines.length) $('player-lines').replaceChildren(el('li', {}, 'No lines.'));
  $('player-heading-name').textContent = whole.account.username;
}

const holdingItems = (holdings) => Object.entries(holdings).map(([asset, qty]) =>
  el('li', { 'data-asset': asset }, asset === 'coin' ? formatMoney(qty) : `${asset}: ${qty}`));

const DOING = { work: 'working', rest: 'resting' };

function whereThen(w) {
  if (w == null) return 'no character.';
  if (!w.town) return `on the road from ${w.from} to ${w.to}, until ${whenSaid(w.until)}.`;
  return w.doing ? `in ${w.town}, ${DOING[w.doing] ?? w.doing} until ${whenSaid(w.until)}.` : `in ${w.town}, idle.`;
}

/** What the shown account held at a past game minute, and where its character was. */
async function heldAt(account, minute) {
  const r = await api.get(`/api/admin/players/held?account=${account}&minute=${minute}`);
  $('player-held-where').textContent = `At ${whenSaid(minute)} (game minute ${minute}): ${whereThen(r.whereabouts)} `
    + `Level ${r.experience.level}, ${r.experience.xp} experience`
    + (r.hitPoints ? `, ${r.hitPoints.hp} of ${r.hitPoints.maxHp} hit points. ` : '. ')
    + (r.checkpoint != null ? `Read from the ledger's checkpoint at game minute ${r.checkpoint} and the entries after it.` : 'Read from the whole ledger.');
  const items = holdingItems(r.holdings);
  $('player-held-holdings').replaceChildren(...(items.length ? items : [el('li', {}, 'Nothing.')]));
  $('player-held-houses').replaceChildren(...housesThen(r));
  return `Looked back to game minute ${minute}.`;
}

const CAME_BY = { bought: 'bought from the town', bought_from_player: 'bought from a player' };

/**
 * The houses an account owned at the minute looked back to, each with what it stored and shelved
 * then and at what price, and the keys it held then to others' houses.
 */
function housesThen(r) {
  if (r.houses == null) return [el('li', {}, `Houses unknown: ${r.housesUnknown}`)];
  const houses = r.houses.map(h => {
    const stored = Object.entries(h.stored).map(([a, q]) => a === 'coin' ? formatMoney(q) : `${a}: ${q}`);
    const shelf = Object.entries(h.shelf).map(([a, q]) => h.prices?.[a] != null ? `${a}: ${q} at ${formatMoney(h.prices[a])}` : `${a}: ${q}`);
    return el('li', { 'data-plot': h.plot }, `${h.plot} in ${h.town}, ${CAME_BY[h.cameBy] ?? h.cameBy} at ${whenSaid(h.since)}; `
      + `storing ${stored.length ? stored.join(', ') : 'nothing'}; shelving ${shelf.length ? shelf.join(', ') : 'nothing'}.`);
  });
  const keys = (r.keys ?? []).map(k => el('li', { 'data-key': k.plot }, `A key to ${k.plot} in ${k.town}, given at ${whenSaid(k.since)}.`));
  const all = [...houses, ...keys];
  return all.length ? all : [el('li', {}, 'No house and no key.')];
}

function playerAction(path, body, words) {
  if (!shown) return;
  const account = shown.account.id;
  change('players', async () => {
    const r = await api.post(path, { account, reason: reason(), ...body });
    return words(r);
  }, () => showPlayer(account));
}

function setupPlayers() {
  $('panel-players').hidden = false;
  $('player-find').addEventListener('submit', (e) => {
    e.preventDefault();
    act('players', findPlayers);
  });
  $('player-kick').addEventListener('click', () => playerAction('/api/admin/players/kick', {}, (r) => `Kicked: ${r.sessionsEnded} session(s) ended, their pages closed.`));
  $('player-unban').addEventListener('click', () => playerAction('/api/admin/players/unban', {}, () => 'The ban is lifted.'));
  $('player-ban').addEventListener('submit', (e) => {
    e.preventDefault();
    playerAction('/api/admin/players/ban', { hours: Number($('ban-hours').value) }, (r) => `Banned until ${r.bannedUntil}.`);
  });
  $('player-mute').addEventListener('submit', (e) => {
    e.preventDefault();
    if (!shown?.character) return;
    change('players', async () => {
      const m = await api.post('/api/admin/mute', { name: shown.character.name, minutes: Number($('player-mute-minutes').value), reason: reason() });
      return m.until ? `${m.name} is muted until ${m.until}.` : `${m.name} may speak again.`;
    });
  });
  $('player-held').addEventListener('submit', (e) => {
    e.preventDefault();
    if (shown) act('players', () => heldAt(shown.account.id, Number($('held-minute').value)));
  });
  $('player-grant').addEventListener('submit', (e) => {
    e.preventDefault();
    const asset = $('grant-asset').value.trim();
    const amount = Number($('grant-amount').value);
    playerAction('/api/admin/players/grant', { asset, amount, requestId: crypto.randomUUID() },
      (r) => `${r.amount > 0 ? 'Given' : 'Taken'}: ${asset === 'coin' ? formatMoney(Math.abs(r.amount)) : `${Math.abs(r.amount)} ${asset}`}; now ${asset === 'coin' ? formatMoney(r.balance) : r.balance}.`);
  });
}

// ---- towns ----

async function loadTowns(towns) {
  const halls = await Promise.all(Object.keys(towns).map((t) => api.get(`/api/towns/${t}/hall`).then((h) => [t, h])));
  $('town-list').replaceChildren(...halls.map(([id, h]) => {
    const mayor = h.mayor ? `Mayor ${h.mayor.name}, until ${whenSaid(h.term.until)}` : `No mayor (${h.steward} keeps the laws)`;
    const council = (h.council ?? []).length ? `; council ${h.council.map((c) => c.name).join(', ')}` : '';
    const e = h.election;
    const election = e ? `; ${e.kind === 'recall' ? 'recall election' : 'election'} in its ${e.phase} window, ${(e.candidates ?? []).length} candidate(s), ${e.ballots ?? 0} ballot(s)` : '; no election open';
    const taxes = h.rates.map((r) => `${r.name} ${r.unit === 'percent' ? `${r.rate} %` : formatMoney(r.rate)}`).join(', ');
    return el('li', { 'data-town': id }, `${towns[id]}: ${mayor}${council}${election}. Treasury ${formatMoney(h.treasury.balance)}. Taxes: ${taxes}.`);
  }));
  return '';
}

// ---- verticles ----

async function loadVerticles() {
  const report = await api.get('/api/admin/verticles');
  $('verticles-health').textContent = report.healthy
    ? 'Every process and verticle is up.'
    : `Not healthy${report.down.length ? `: ${report.down.join(', ')} run${report.down.length === 1 ? 's' : ''} nowhere` : ''}.`;
  const rows = [];
  for (const p of report.processes) {
    for (const v of p.verticles) {
      const name = typeof v === 'string' ? v : v.name;
      const tr = el('tr', { 'data-verticle': name });
      tr.append(
        el('td', {}, p.name ?? p.process),
        el('td', {}, name),
        el('td', {}, String(v.instances ?? '')),
        el('td', {}, v.since ? v.since.replace('T', ' ').slice(0, 19) : ''),
        el('td', {}, String(v.redeploys ?? '')),
        el('td', {}, p.up && v.up ? 'up' : (p.reason ?? 'down')),
      );
      const cell = el('td');
      if (name !== 'gateway' && p.up) {
        cell.append(button('Redeploy', () => change('verticles', async () => {
          const r = await api.post(`/api/admin/verticles/${name}/redeploy`, { reason: $('verticles-reason').value.trim() });
          return `${name} replaced in ${r.tookMillis} ms (${r.gapMillis ? `${r.gapMillis} ms without one` : 'no gap'}).`;
        }, loadVerticles), { 'aria-label': `Redeploy ${name}` }));
      }
      tr.append(cell);
      rows.push(tr);
    }
  }
  $('verticles-rows').replaceChildren(...rows);
  return '';
}

// ---- data ----

function table(columns, rows) {
  const head = el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, c)));
  return el('table', { class: 'data' }, el('thead', {}, head), el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((v) => el('td', {}, v ?? '∅'))))));
}

async function loadData() {
  const data = await api.get('/api/admin/data');
  $('data-where').textContent = `PostgreSQL: ${data.postgres} · Redis: ${data.redis} (the start's log has ready-to-paste connection strings).`;
  $('data-tables').replaceChildren(...data.tables.map((t) => {
    const li = el('li', {}, `${t.name} (${t.rows} rows) `);
    li.append(button('Show', () => act('data', async () => {
      const rows = await api.get(`/api/admin/data/rows?table=${t.name}&limit=50`);
      $('data-view').replaceChildren(el('h3', {}, rows.table), table(rows.columns, rows.rows));
      return '';
    }), { class: 'quiet', 'aria-label': `Show ${t.name}` }));
    return li;
  }));
  return '';
}

function setupData() {
  $('panel-data').hidden = false;
  $('keys-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act('data', async () => {
      const k = await api.get(`/api/admin/data/keys?pattern=${encodeURIComponent($('keys-pattern').value.trim())}`);
      $('data-view').replaceChildren(el('h3', {}, `Redis: ${k.pattern}${k.more ? ' (first ones)' : ''}`),
        table(['key', 'type', 'ttl (s)', 'value'], k.keys.map((x) => [x.key, x.type, String(x.ttlSeconds), x.preview ?? ''])));
      return `${k.keys.length} key(s).`;
    });
  });
  act('data', loadData);
}

/**
 * Shows the operator's sections; {@code towns} maps town ids to names, {@code onChange} is told after each change.
 */
export function setupConsole(towns, onChange) {
  changed = onChange;
  setupPlayers();
  $('panel-towns').hidden = false;
  $('towns-refresh').addEventListener('click', () => act('towns', () => loadTowns(towns)));
  act('towns', () => loadTowns(towns));
  $('panel-verticles').hidden = false;
  $('verticles-refresh').addEventListener('click', () => act('verticles', loadVerticles));
  act('verticles', loadVerticles);
  setupData();
}
