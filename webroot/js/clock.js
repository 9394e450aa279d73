// Renders world time (the body of world.clock and of GET /api/world) into the header and the sky panel.

const pad = (n) => String(n).padStart(2, '0');
const capital = (s) => (s ? s[0].toUpperCase() + s.slice(1) : '');

export const formatTime = (t) => `${pad(t.hour)}:${pad(t.minute)}`;

let worldMinutes = null;
/** The latest world time heard, in game minutes since the epoch (for saying how long ago something was). */
export const setWorldMinutes = (m) => { worldMinutes = m; };
/** The latest world time heard, or null. */
export const worldMinutesHeard = () => worldMinutes;

/**
 * A moment as players say it: "today 14:05", "yesterday 09:10", "3 days ago, 18:30", and ahead "tomorrow 07:00",
 * "in 4 days, 07:00".
 */
export function whenSaid(gameMinutes) {
  const at = `${pad(Math.floor(gameMinutes / 60) % 24)}:${pad(gameMinutes % 60)}`;
  if (worldMinutes == null) return at;
  const days = Math.floor(worldMinutes / 1440) - Math.floor(gameMinutes / 1440);
  if (days === -1) return `tomorrow ${at}`;
  if (days < -1) return `in ${-days} days, ${at}`;
  if (days === 0) return `today ${at}`;
  if (days === 1) return `yesterday ${at}`;
  return `${days} days ago, ${at}`;
}
export const formatDate = (t) => `${t.weekday}, ${t.day} ${t.monthName} ${t.year}`;

const SKY = {
  dawn: 'Dawn breaks; cocks crow and the first carts creak towards the market.',
  day: 'Full day. Fields, workshops and stalls are busy.',
  dusk: 'Dusk settles; lamps are lit and shutters close.',
  night: 'Night. The streets are quiet but for the watch and the taverns.',
};

const WEATHER = {
  clear: 'The sky is clear.', cloudy: 'Clouds hang low.', rain: 'Rain falls steadily.', storm: 'A storm rages.',
  snow: 'Snow drifts down.', fog: 'Fog hides the road.',
};

export function renderClock(t) {
  const set = (id, text) => { document.getElementById(id).textContent = text; };
  set('clock-date', formatDate(t));
  set('clock-time', formatTime(t));
  document.getElementById('clock-time').setAttribute('datetime', `${t.year}-${pad(t.month)}-${pad(t.day)}T${formatTime(t)}`);
  set('clock-season', capital(t.season));
  set('clock-weather', capital(t.weather));
  set('clock-phase', capital(t.phase) + (t.paused ? ' (time stands still)' : ''));
  set('sky-text', `${SKY[t.phase] ?? ''} ${WEATHER[t.weather] ?? ''}`.trim());
  set('fact-weekday', t.weekday);
  set('fact-dawn', `${pad(t.dawnHour)}:00`);
  set('fact-dusk', `${pad(t.duskHour)}:00`);
  set('fact-pace', t.paused ? 'paused' : `one hour every ${Number(t.secondsPerGameHour.toFixed(1))} s`);
}

/** Adds an entry to the chronicle, newest first, keeping the list short. */
export function chronicle(time, text) {
  const list = document.getElementById('chronicle');
  const item = document.createElement('li');
  const stamp = document.createElement('time');
  stamp.textContent = `${time.day} ${time.monthName} ${formatTime(time)}`;
  item.append(stamp, document.createTextNode(text));
  list.prepend(item);
  while (list.children.length > 50) list.lastElementChild.remove();
}
