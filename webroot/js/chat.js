// Talk: the lines said in the town where your character stands (the last page from GET /api/chat, then live from
// town.<town>.chat), admins' announcements (world.announcements), whispers, an ignore list and reports. Every line is
// shown as text, never as HTML; the lines of players you ignore are hidden with the list the server gives.
import { api } from './api.js';
import { offerTo } from './offers.js';

const $ = (id) => document.getElementById(id);
const KEEP = 100;

const chat = {
  subscribe: null,
  address: null,
  announcements: null,
  town: null,
  stop: () => {},
  ignored: new Map(),
  selected: null,
  firstId: null,
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

const timeOf = (at) => (at ? at.slice(11, 16) : '');

function lineItem(line) {
  const world = line.channel === 'world';
  const item = el('li', { 'data-id': String(line.id), 'data-player': String(line.playerId), 'data-channel': line.channel });
  if (line.emote) item.classList.add('emote');
  if (world) item.classList.add('announcement');
  const time = el('time', { datetime: line.at ?? '' }, `${timeOf(line.at)} UTC`);
  const who = world
    ? el('strong', {}, 'Announcement')
    : el('button', { type: 'button', class: 'speaker', 'aria-label': `${line.name}: whisper, ignore or report` }, line.name);
  if (!world) who.addEventListener('click', () => select(line));
  const text = el('span', { class: 'said' });
  text.textContent = line.emote ? ` ${line.text}` : `: ${line.text}`;
  item.append(time, ' ', line.emote ? '* ' : '', who, text);
  item.hidden = chat.ignored.has(line.playerId);
  return item;
}

function add(line, { older = false } = {}) {
  const list = $('chat-lines');
  if (list.querySelector(`li[data-id="${line.id}"][data-channel="${line.channel}"]`)) return;
  const item = lineItem(line);
  if (older) list.prepend(item);
  else list.append(item);
  while (list.children.length > KEEP) list.firstElementChild.remove();
  if (!older) list.scrollTop = list.scrollHeight;
}

function select(line) {
  chat.selected = line;
  $('chat-actions-who').textContent = line.name;
  $('chat-actions').hidden = false;
  $('chat-whisper').focus();
}

function renderIgnored() {
  $('ignored').replaceChildren(...[...chat.ignored.values()].map((name) => {
    const undo = el('button', { type: 'button', class: 'quiet', 'aria-label': `Stop ignoring ${name}` }, 'Stop ignoring');
    undo.addEventListener('click', () => act(async () => useIgnored((await api.post('/api/ignores/remove', { name })).ignored)));
    return el('li', {}, name, ' ', undo);
  }));
  $('ignored-empty').hidden = chat.ignored.size > 0;
  for (const item of $('chat-lines').children) item.hidden = chat.ignored.has(Number(item.dataset.player));
}

function useIgnored(list) {
  chat.ignored = new Map(list.map((x) => [x.playerId, x.name]));
  renderIgnored();
}

async function act(work) {
  $('chat-error').textContent = '';
  try {
    await work();
  } catch (err) {
    $('chat-error').textContent = err.message;
  }
}

async function loadHistory(before = null) {
  const page = await api.get(before ? `/api/chat?before=${before}` : '/api/chat');
  if (!before) $('chat-lines').replaceChildren();
  useIgnored(page.ignored ?? []);
  const lines = page.lines ?? [];
  if (before) for (const l of [...lines].reverse()) add(l, { older: true });
  else for (const l of lines) add(l);
  if (lines.length) chat.firstId = before && chat.firstId ? Math.min(chat.firstId, lines[0].id) : lines[0].id;
  $('chat-earlier').hidden = !page.more;
}

/** Wires the panel once: the bus to listen with, and the addresses (from the server's declarations). */
export function setupChat(subscribe, address, announcements) {
  chat.subscribe = subscribe;
  chat.address = address;
  subscribe(announcements, (line) => add(line));
  $('chat-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('chat-text');
    act(async () => {
      const line = await api.command('/api/chat', { text: input.value });
      input.value = '';
      add(line);
    });
  });
  $('whisper-form').addEventListener('submit', (e) => {
    e.preventDefault();
    act(async () => {
      const sent = await api.post('/api/whisper', { to: $('whisper-to').value.trim(), text: $('whisper-text').value });
      $('whisper-text').value = '';
      $('chat-result').textContent = `Whispered to ${sent.to}.`;
    });
  });
  $('chat-whisper').addEventListener('click', () => {
    $('whisper-to').value = chat.selected?.name ?? '';
    $('whisper-to').dispatchEvent(new Event('input'));
    $('whisper-text').focus();
  });
  $('chat-offer').addEventListener('click', () => offerTo(chat.selected?.name ?? ''));
  $('chat-ignore').addEventListener('click', () => act(async () => {
    useIgnored((await api.post('/api/ignores', { name: chat.selected.name })).ignored);
    $('chat-actions').hidden = true;
  }));
  $('chat-report').addEventListener('click', () => act(async () => {
    await api.post('/api/chat/report', { line: chat.selected.id });
    $('chat-result').textContent = `Reported ${chat.selected.name}'s line to the admins.`;
    $('chat-actions').hidden = true;
  }));
  $('chat-earlier').addEventListener('click', () => act(() => loadHistory(chat.firstId)));
}

/** Follows the character: the panel shows its town's talk, and listens to that town only. */
export function renderChat(me) {
  const character = me?.character;
  $('panel-chat').hidden = !character;
  const town = character?.town ?? null;
  if (town === chat.town) return;
  chat.stop();
  chat.stop = () => {};
  chat.town = town;
  chat.firstId = null;
  $('chat-actions').hidden = true;
  $('chat-heading').textContent = town ? 'Talk in town' : 'Talk (on the road: nobody hears you)';
  $('chat-form').hidden = !town;
  if (!town) {
    $('chat-lines').replaceChildren();
    return;
  }
  chat.stop = chat.subscribe(chat.address(town), (line) => add(line));
  act(() => loadHistory());
}
