// The admin console: the clock, world events (raise, move the end, end now), town life, the audit and the bus
// inspector here; players, towns, verticles and the data in console.js. The server checks the admin role on every
// route; this page only hides the controls from others.
import { api } from './api.js';
import { applyForms, loadLimits } from './limits.js';
import { setupConsole } from './console.js';
import { BridgeBus, TRANSPORTS } from './bus.js';
import { address } from './contract.js';
import { setWorldMinutes } from './clock.js';

const $ = (id) => document.getElementById(id);
const option = (value, text) => Object.assign(document.createElement('option'), { value, textContent: text });

let admin = false;
let nowMinutes = null;

/** "3 h 20 min" from game minutes. */
function remaining(endsAt) {
  if (nowMinutes == null) return '';
  const left = Math.max(0, endsAt - nowMinutes);
  const h = Math.floor(left / 60);
  return `ends in ${h ? `${h} h ` : ''}${left % 60} min`;
}

/** Every event's time left, again at each tick. */
function showRemaining() {
  for (const span of document.querySelectorAll('#active-events .remaining')) {
    span.textContent = remaining(Number(span.dataset.ends));
  }
}

async function reschedule(event, town, hours) {
  $('admin-error').textContent = '';
  try {
    const e = await api.post('/api/admin/events/reschedule', { id: event.id, hours });
    $('admin-result').textContent = `${e.name} in ${town} now ends ${hours} game hours from now.`;
  } catch (err) {
    $('admin-error').textContent = err.message;
  }
  await refresh();
}

async function end(event, town) {
  $('admin-error').textContent = '';
  try {
    const over = await api.post('/api/admin/events/end', { id: event.id });
    $('admin-result').textContent = `Ended: ${over.name} in ${town}`;
  } catch (err) {
    $('admin-error').textContent = err.message;
  }
  await refresh();
}

async function refresh() {
  const all = await api.get('/api/events');
  $('active-events').replaceChildren(...all.active.map((e) => {
    const li = document.createElement('li');
    const town = all.towns[e.town] ?? e.town;
    li.textContent = `${e.name} in ${town} (severity ${e.severity}): ${e.text} `;
    const left = Object.assign(document.createElement('span'), { className: 'remaining', textContent: remaining(e.endsAt) });
    left.dataset.ends = String(e.endsAt);
    li.append(left);
    if (admin) {
      const form = document.createElement('form');
      form.className = 'row';
      form.setAttribute('aria-label', `Set when ${e.name} in ${town} ends`);
      const hours = Object.assign(document.createElement('input'), { type: 'number', value: '6', min: '1', max: '720' });
      hours.setAttribute('aria-label', `Hours from now until ${e.name} in ${town} ends`);
      form.append(hours, Object.assign(document.createElement('button'), { type: 'submit', className: 'quiet', textContent: 'Set the end' }));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        reschedule(e, town, Number(hours.value));
      });
      li.append(' ', form);
      const button = Object.assign(document.createElement('button'), { type: 'button', textContent: 'End now' });
      button.setAttribute('aria-label', `End ${e.name} in ${town} now`);
      button.addEventListener('click', () => end(e, town));
      li.append(' ', button);
    }
    return li;
  }));
  return all;
}

/** The latest reports, each with the lines around the reported one. */
async function loadReports() {
  const { reports } = await api.get('/api/admin/reports');
  $('reports').replaceChildren(...reports.map((r) => {
    const line = r.evidence.line;
    const li = document.createElement('li');
    li.dataset.report = String(r.id);
    li.textContent = `${r.reporter ?? 'someone'} reported ${line.name}: "${line.text}"${r.reason ? ` (${r.reason})` : ''}`;
    const details = document.createElement('details');
    const summary = document.createElement('summary');
    summary.textContent = 'The lines around it';
    const around = document.createElement('ol');
    around.replaceChildren(...r.evidence.around.map((l) => {
      const item = document.createElement('li');
      item.textContent = `${l.name}: ${l.text}`;
      if (l.id === line.id) item.className = 'reported';
      return item;
    }));
    details.append(summary, around);
    li.append(details);
    return li;
  }));
  if (!reports.length) $('reports').replaceChildren(Object.assign(document.createElement('li'), { textContent: 'No reports.' }));
}

async function moderate(work) {
  $('moderation-error').textContent = '';
  try {
    $('moderation-result').textContent = await work();
  } catch (err) {
    $('moderation-error').textContent = err.message;
  }
}

function setupModeration() {
  $('panel-moderation').hidden = false;
  $('announce-form').addEventListener('submit', (e) => {
    e.preventDefault();
    moderate(async () => {
      const line = await api.post('/api/admin/announce', { text: $('announce-text').value });
      $('announce-text').value = '';
      return `Announced: ${line.text}`;
    });
  });
  $('mute-form').addEventListener('submit', (e) => {
    e.preventDefault();
    moderate(async () => {
      const m = await api.post('/api/admin/mute', {
        name: $('mute-name').value.trim(),
        minutes: Number($('mute-minutes').value),
        reason: $('mute-reason').value.trim(),
      });
      return m.until ? `${m.name} is muted until ${m.until} (${m.reason}).` : `${m.name} may speak again.`;
    });
  });
  loadReports().catch((err) => { $('moderation-error').textContent = err.message; });
}

/** The latest admin actions, each with who, when, why and its answer. */
async function loadAudit() {
  const { actions } = await api.get('/api/admin/audit');
  $('audit').replaceChildren(...actions.map((a) => {
    const li = document.createElement('li');
    li.dataset.action = String(a.id);
    const answer = a.status == null ? 'no answer recorded' : `answered ${a.status}`;
    li.textContent = `${a.at.replace('T', ' ').slice(0, 19)} ${a.admin}: ${a.action}${a.reason ? `, because "${a.reason}"` : ''} (${answer})`;
    return li;
  }));
}

function showClock(t) {
  nowMinutes = t.gameMinutes;
  setWorldMinutes(t.gameMinutes);
  showRemaining();
  const pace = t.secondsPerGameHour >= 60 ? `${Math.round(t.secondsPerGameHour / 60 * 10) / 10} real minutes` : `${t.secondsPerGameHour} real seconds`;
  const pad = (n) => String(n).padStart(2, '0');
  $('clock-state').textContent = `${t.weekday} ${t.day} ${t.monthName} ${t.year}, ${pad(t.hour)}:${pad(t.minute)}: ${t.paused ? 'paused' : `running, a game hour every ${pace}`}.`;
}

/**
 * A tick sent just before an admin's change can arrive after the change's answer: what is shown
 * only moves forward, and at the same minute the answer (the state after the change) stays.
 */
function showTick(t) {
  if (nowMinutes != null && t.gameMinutes <= nowMinutes) return;
  showClock(t);
}

async function clockAction(path, body) {
  $('clock-error').textContent = '';
  const reason = $('clock-reason').value.trim();
  try {
    const t = await api.post(path, reason ? { ...body, reason } : body);
    showClock(t);
    $('clock-result').textContent = `Done: ${path.split('/').pop()}.`;
  } catch (err) {
    $('clock-error').textContent = err.message;
  }
  await loadAudit().catch((err) => console.warn('the audit could not be read again:', err.message));
}

/** The bus inspector: what passes on addresses matching a pattern, sampled, to this page only. */
function setupInspector(bus) {
  $('panel-inspector').hidden = false;
  const seen = (kind, body) => {
    if (kind === 'rates') {
      const rates = Object.entries(body.perSecond).sort((a, b) => b[1] - a[1]);
      $('inspect-rates').textContent = rates.length
        ? `Per second on ${body.pattern}: ${rates.map(([a, n]) => `${a} ${n}`).join(', ')}`
        : `Nothing on ${body.pattern} this second.`;
      return;
    }
    const li = document.createElement('li');
    li.dataset.address = body.address;
    const text = body.truncated ? `${body.preview}…` : JSON.stringify(body.body);
    li.textContent = `${new Date(body.at).toISOString().slice(11, 23)} ${body.kind} ${body.address}: ${text}`;
    $('inspect-messages').prepend(li);
    while ($('inspect-messages').children.length > 50) $('inspect-messages').lastElementChild.remove();
  };
  $('inspect-form').addEventListener('submit', (e) => {
    e.preventDefault();
    $('inspect-messages').replaceChildren();
    bus.inspect($('inspect-pattern').value.trim(), seen);
  });
  $('inspect-stop').addEventListener('click', () => {
    bus.inspect(null, seen);
    $('inspect-rates').textContent = 'Stopped.';
  });
}

/** The clock's state, live from world.clock over the bridge; its controls. */
function setupClock() {
  $('panel-clock').hidden = false;
  $('panel-audit').hidden = false;
  $('clock-pause').addEventListener('click', () => clockAction('/api/admin/clock/pause', {}));
  $('clock-resume').addEventListener('click', () => clockAction('/api/admin/clock/resume', {}));
  $('advance-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clockAction('/api/admin/clock/advance', { minutes: Number($('advance-minutes').value) });
  });
  $('scale-form').addEventListener('submit', (e) => {
    e.preventDefault();
    clockAction('/api/admin/clock/scale', { millisPerGameHour: Number($('scale-millis').value) });
  });
  loadAudit().catch((err) => { $('clock-error').textContent = err.message; });
  api.get('/api/world').then(showTick).catch((err) => { $('clock-error').textContent = err.message; });
  try {
    const bus = new BridgeBus('/eventbus', { transports: TRANSPORTS });
    setupInspector(bus);
    bus.subscribe(address('ticks'), showTick);
    // Events that start or end while the console is open join or leave the list.
    bus.subscribe(address('events'), () => refresh().catch((err) => { $('admin-error').textContent = err.message; }));
    bus.connect();
  } catch (err) {
    $('clock-error').textContent = `The clock is not live: ${err.message}`;
  }
}

async function start() {
  await loadLimits();
  const all = await refresh();
  $('event-type').replaceChildren(...all.types.map((t) => option(t.id, t.name)));
  $('event-town').replaceChildren(...Object.entries(all.towns).map(([id, name]) => option(id, name)));
  let me = null;
  try {
    me = await api.get('/api/me');
  } catch {
    // not logged in
  }
  if (me?.account.role !== 'admin') {
    $('gate').textContent = 'Only admins may raise events. Log in as an admin on the main page first.';
    return;
  }
  $('gate').textContent = `Signed in as ${me.account.username} (admin).`;
  admin = true;
  await refresh();
  setupModeration();
  setupScripts();
  setupClock();
  setupConsole(all.towns, () => loadAudit().catch((err) => { $('admin-error').textContent = err.message; }));
  applyForms(document);
  $('raise-form').hidden = false;
  $('raise-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    $('admin-error').textContent = '';
    const body = {
      type: $('event-type').value,
      town: $('event-town').value,
      severity: Number($('event-severity').value),
      hours: Number($('event-hours').value),
    };
    if ($('event-text').value.trim()) body.text = $('event-text').value.trim();
    try {
      const event = await api.post('/api/admin/events', body);
      $('admin-result').textContent = `Raised: ${event.text}`;
      await refresh();
    } catch (err) {
      $('admin-error').textContent = err.message;
    }
  });
}

/** The world scripts: what each listens to, whether it runs, its last fault; a reload per script and for all. */
async function loadScripts() {
  const { scripts } = await api.get('/api/admin/scripts');
  $('scripts-table').tBodies[0].replaceChildren(...scripts.map((s) => {
    const row = document.createElement('tr');
    row.dataset.script = s.name;
    const state = s.state + (s.faults ? ` (${s.faults} fault${s.faults === 1 ? '' : 's'})` : '');
    const fault = s.lastFault ? `${s.lastFault.where}: ${s.lastFault.message}` : '—';
    for (const text of [s.file, s.listensTo.join(', ') || '—', state, fault]) {
      row.append(Object.assign(document.createElement('td'), { textContent: text }));
    }
    const reload = Object.assign(document.createElement('button'), { type: 'button', className: 'quiet', textContent: 'Reload' });
    reload.setAttribute('aria-label', `Reload ${s.file}`);
    reload.addEventListener('click', () => reloadScripts(s.name));
    const cell = document.createElement('td');
    cell.append(reload);
    row.append(cell);
    return row;
  }));
}

async function reloadScripts(name) {
  $('scripts-error').textContent = '';
  $('scripts-result').textContent = '';
  try {
    await api.post('/api/admin/scripts/reload', name ? { name } : {});
    $('scripts-result').textContent = name ? `Reloaded ${name}.` : 'Reloaded every script.';
    await Promise.all([loadScripts(), loadAudit()]);
  } catch (err) {
    $('scripts-error').textContent = err.message;
  }
}

function setupScripts() {
  $('panel-scripts').hidden = false;
  $('scripts-reload-all').addEventListener('click', () => reloadScripts(null));
  loadScripts().catch((err) => { $('scripts-error').textContent = err.message; });
}

start().catch((err) => { $('admin-error').textContent = err.message; });
