// Entry point: who you are and the world's map are asked at once (the page shows when both are known, so nothing
// jumps), the clock from GET /api/world and then live over the bridge; the player's account, character, town, map,
// market and notices, refreshed after every action and whenever a notice arrives.
import { BridgeBus, TRANSPORTS } from './bus.js';
import { applyTheme } from './theme.js';
import { renderClock, chronicle, setWorldMinutes } from './clock.js';
import { api } from './api.js';
import { setupAccount, renderAccount } from './account.js';
import { setupCharacter, renderCharacter } from './character.js';
import { renderTown, travel } from './town.js';
import { renderMap } from './map.js';
import { renderInbox, addNotice } from './inbox.js';
import { setupMarket, showMarket, boardPublished, hourPassed, loadAllTowns } from './market.js';
import { eventHeard, loadEvents } from './events.js';
import { setupChat, renderChat } from './chat.js';
import { setupOffers, renderOffers } from './offers.js';
import { setupEstate, renderEstate } from './estate.js';
import { setupQuests, renderQuests } from './quests.js';
import { setupTownHall, renderTownHall } from './townhall.js';
import { setCoins } from './money.js';
import { loadLimits } from './limits.js';
import { address } from './contract.js';

// Bus addresses the page listens to, from the server's own declarations (the same the bridge permits from).
const ADDR = {
  ticks: address('ticks'),
  phase: address('phase'),
  season: address('season'),
  presence: (town) => address('presence', town),
  online: address('online'),
  inbox: (playerId) => address('inbox', playerId),
  prices: (town) => address('prices', town),
  npcs: (town) => address('npcs', town),
  events: address('events'),
  chat: (town) => address('chat', town),
  announcements: address('announcements'),
  hall: (town) => address('hall', town),
};

const PHASE_WORDS = { dawn: 'Dawn breaks.', day: 'The sun is up.', dusk: 'Dusk falls.', night: 'Night comes.' };

// who: each town's present, resting and lastSeen, and the world's count of players online (null until known).
const state = { me: null, world: null, who: { present: {}, resting: {}, lastSeen: {}, online: null }, playerId: null, folk: {} };
let lastMinute = -1;
let wasOpen = false;
let stopInbox = () => {};

function showTime(time) {
  // Ticks can arrive out of order across a reconnect; never show time running backwards.
  if (time.gameMinutes < lastMinute) return;
  if (lastMinute >= 0 && Math.floor(time.gameMinutes / 60) > Math.floor(lastMinute / 60)) hourPassed();
  lastMinute = time.gameMinutes;
  setWorldMinutes(time.gameMinutes);
  renderClock(time);
  applyTheme(time);
}

/** Who is where and how many are online: asked at start and after a reconnect; the bridge brings changes. */
async function loadPresence() {
  try {
    state.who = await api.get('/api/presence');
    render();
  } catch {
    // presence is someone else's to answer; the page works without it until the bridge brings it
  }
}

async function refreshTime() {
  try {
    showTime(await api.get('/api/world'));
  } catch {
    // the bridge brings the time as soon as the server is back
  }
}

function render() {
  renderAccount(state.me);
  renderCharacter(state.me);
  if (state.world) {
    renderTown(state.me, state.world, state.who, refreshMe, state.folk, (to) => travel(to, refreshMe));
    renderMap(state.world, state.me, state.who.present, (to) => travel(to, refreshMe));
  }
  renderInbox(state.me);
  renderChat(state.me);
  renderOffers(state.me);
  renderEstate(state.me);
  renderQuests(state.me);
  renderTownHall(state.me);
  const c = state.me?.character;
  if (c?.town) loadFolk(c.town);
  showMarket(c ? c.town : null).catch((err) => {
    document.getElementById('market-error').textContent = err.message;
  });
}

const folkAsked = new Set();

/** Who of the townsfolk is where in the town you stand in: asked once, then kept current by town.<town>.npcs. */
function loadFolk(town) {
  if (state.folk[town] || folkAsked.has(town)) return;
  folkAsked.add(town);
  api.get(`/api/towns/${town}/npcs`).then((w) => { state.folk[town] = w; render(); }).catch(() => folkAsked.delete(town));
}

/** Who we are now: asked first without a 401 (GET /api/session), then the whole sheet if there is someone. */
async function loadMe() {
  const session = await api.get('/api/session');
  if (!session.player) return null;
  try {
    return await api.get('/api/me');
  } catch (err) {
    if (err.status !== 401) console.warn('could not load your character:', err.message);
    return null;
  }
}

async function refreshMe() {
  state.me = await loadMe().catch(() => null);
  follow();
  render();
}

/** Who we are changed: reconnect so the server ties the socket to the new session, and listen to our inbox. */
function follow() {
  const playerId = state.me?.account.id ?? null;
  if (playerId === state.playerId) return;
  stopInbox();
  stopInbox = () => {};
  state.playerId = playerId;
  bus.reconnect();
  if (playerId) stopInbox = bus.subscribe(ADDR.inbox(playerId), onNotice);
}

function onNotice(notice) {
  addNotice(notice);
  refreshMe();
}

function useWorld(world) {
  state.world = { ...world, towns: new Map(world.towns.map((t) => [t.id, t])) };
  setCoins(world.money?.coins);
  setupCharacter(world, refreshMe);
  bus.subscribe(ADDR.online, (o) => {
    state.who.online = o.players;
    render();
  });
  for (const id of state.world.towns.keys()) {
    bus.subscribe(ADDR.presence(id), (p) => {
      state.who.present[p.town] = p.present;
      state.who.resting[p.town] = p.resting ?? [];
      state.who.lastSeen[p.town] = p.lastSeen ?? {};
      render();
    });
    bus.subscribe(ADDR.prices(id), boardPublished);
    bus.subscribe(ADDR.npcs(id), (w) => {
      state.folk[w.town] = w;
      if (state.me?.character?.town === w.town) render();
    });
  }
  loadAllTowns().catch((err) => console.warn("every town's prices could not be read:", err.message));
}

function setConnection(s) {
  const el = document.getElementById('connection');
  el.dataset.state = s;
  el.textContent = { open: 'live', connecting: 'connecting…', reconnecting: 'reconnecting…' }[s] ?? s;
  if (s === 'open') {
    lastMinute = -1; // after a reconnect the server's time is the truth, even a new world's
    refreshTime();
    // Arrivals and departures, and the news, published while the socket was down were missed: ask again.
    if (wasOpen) {
      loadPresence();
      loadEvents().catch((err) => console.warn('the news could not be read again; the bridge brings what comes:', err.message));
    }
    wasOpen = true;
  }
}

// ?transport=xhr-polling (or xhr-streaming, websocket) makes the page use that SockJS transport alone: for networks
// that mangle one of them, and for the tests, which try each.
const forced = new URLSearchParams(window.location.search).get('transport');
const bus = new BridgeBus('/eventbus', { onState: setConnection, transports: TRANSPORTS.includes(forced) ? [forced] : TRANSPORTS });
window.wayfarerBus = bus;
bus.subscribe(ADDR.ticks, showTime);
bus.subscribe(ADDR.phase, (c) => chronicle(c.time, PHASE_WORDS[c.to] ?? `It is ${c.to}.`));
bus.subscribe(ADDR.season, (c) => chronicle(c.time, `The season turns: ${c.from} gives way to ${c.to}.`));
bus.subscribe(ADDR.events, eventHeard);

// The first-visit guide is open until the player closes it once; its summary opens it again.
const guide = document.getElementById('guide');
try {
  guide.open = localStorage.getItem('wayfarer.guide') !== 'seen';
  guide.addEventListener('toggle', () => { if (!guide.open) localStorage.setItem('wayfarer.guide', 'seen'); });
} catch {
  // no storage (a private window may refuse it): the guide stays closed, a click away
}

setupAccount(refreshMe);
setupMarket(refreshMe);
setupChat((a, h) => bus.subscribe(a, h), ADDR.chat, ADDR.announcements);
setupOffers(refreshMe);
setupEstate(refreshMe);
setupQuests(refreshMe);
setupTownHall((a, h) => bus.subscribe(a, h), ADDR.hall);

async function start() {
  // Everything the first view needs, asked at once.
  const [me, world] = await Promise.all([loadMe().catch(() => null), api.get('/api/towns'), refreshTime(),
    loadLimits().catch((err) => console.warn('form limits not loaded:', err.message))]);
  state.me = me;
  state.playerId = me?.account.id ?? null;
  if (state.playerId) stopInbox = bus.subscribe(ADDR.inbox(state.playerId), onNotice);
  useWorld(world);
  render();
  loadPresence();
  bus.connect();
  loadEvents().catch((err) => console.warn('the news could not be read; the bridge brings it:', err.message));
}

start().catch((err) => {
  document.getElementById('account-error').textContent = `The world could not be loaded: ${err.message}`;
}).finally(() => document.getElementById('main').removeAttribute('aria-busy'));
