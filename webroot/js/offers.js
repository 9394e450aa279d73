// Offers between players in the same town: make one (what you give moves into escrow at once), and accept, decline
// or cancel the open ones. The lists come from GET /api/offers, asked again whenever a notice may have changed them.
import { api } from './api.js';
import { formatMoney, toCopper } from './money.js';
import { fieldOf } from './limits.js';

const $ = (id) => document.getElementById(id);
let lastNotice = null;
let refreshAfter = async () => {};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

const words = (amounts) => Object.entries(amounts ?? {})
  .map(([asset, qty]) => (asset === 'coin' ? formatMoney(qty) : `${qty} ${asset.replaceAll('_', ' ')}`))
  .join(' and ');

function describe(o) {
  const gives = words(o.gives) || 'nothing';
  const wants = words(o.wants);
  return wants ? `${gives} for ${wants}` : `${gives} as a gift`;
}

async function act(work) {
  $('offer-error').textContent = '';
  try {
    await work();
    await loadOffers();
    await refreshAfter();
  } catch (err) {
    $('offer-error').textContent = err.message;
  }
}

function stepButton(label, path, o) {
  const b = el('button', { type: 'button', class: 'quiet', 'aria-label': `${label} offer ${o.id}` }, label);
  b.addEventListener('click', () => act(() => api.command(path, { offer: o.id })));
  return b;
}

function item(o, mine) {
  const who = mine ? `To ${o.to.name}` : `From ${o.from.name}`;
  const li = el('li', { 'data-offer': String(o.id), 'data-status': o.status }, `${who}: ${describe(o)}`);
  if (o.status !== 'open') li.append(` (${o.status})`);
  else if (mine) li.append(' ', stepButton('Cancel', '/api/offers/cancel', o));
  else li.append(' ', stepButton('Accept', '/api/offers/accept', o), ' ', stepButton('Decline', '/api/offers/decline', o));
  return li;
}

export async function loadOffers() {
  const all = await api.get('/api/offers');
  $('offers-received').replaceChildren(...all.received.map((o) => item(o, false)));
  $('offers-made').replaceChildren(...all.made.map((o) => item(o, true)));
  $('offers-none').hidden = all.received.length + all.made.length > 0;
}

/** Offering to someone from elsewhere on the page (a name in the talk panel). */
export function offerTo(name) {
  $('offer-to').value = name;
  // A value set by the page is checked like a typed one (the field's rule clears).
  $('offer-to').dispatchEvent(new Event('input'));
  $('panel-offers').querySelector('details').open = true;
  $('offer-give-gold').focus();
}

/** The items of one side's rows, by id: rows left empty or at 0 add nothing; the same item twice adds up. */
function itemsOf(side, into) {
  for (const row of $(`offer-${side}-items`).querySelectorAll('.offer-item')) {
    const name = row.querySelector('.offer-item-name').value.trim().toLowerCase().replaceAll(' ', '_');
    const qty = Number(row.querySelector('.offer-item-qty').value);
    if (name && qty > 0) into[name] = (into[name] ?? 0) + qty;
  }
  return into;
}

/** Another item row on one side, up to the server's limit of assets per side; its fields are labelled by number. */
function addRow(side) {
  const rows = $(`offer-${side}-items`);
  const count = rows.querySelectorAll('.offer-item').length;
  // One side holds as many names as the server's rule for it allows, gold being one of them.
  const maxItems = (fieldOf('offer', side === 'give' ? 'gives' : 'wants')?.names ?? 2) - 1;
  if (count >= maxItems) return;
  const row = rows.querySelector('.offer-item').cloneNode(true);
  for (const field of row.querySelectorAll('[id]')) field.removeAttribute('id');
  const name = row.querySelector('.offer-item-name');
  const qty = row.querySelector('.offer-item-qty');
  name.value = '';
  qty.value = '1';
  name.setAttribute('aria-label', `Item ${count + 1}`);
  qty.setAttribute('aria-label', `How many of item ${count + 1}`);
  rows.append(row);
  $(`offer-${side}-more`).hidden = count + 1 >= maxItems;
  name.focus();
}

export function setupOffers(after) {
  refreshAfter = after;
  $('offer-give-more').addEventListener('click', () => addRow('give'));
  $('offer-want-more').addEventListener('click', () => addRow('want'));
  $('offer-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const gives = itemsOf('give', {});
    const wants = itemsOf('want', {});
    if (Number($('offer-give-gold').value) > 0) gives.coin = toCopper($('offer-give-gold').value);
    if (Number($('offer-want-gold').value) > 0) wants.coin = toCopper($('offer-want-gold').value);
    act(async () => {
      const o = await api.command('/api/offers', { to: $('offer-to').value.trim(), gives, wants });
      $('offer-result').textContent = `Offered ${o.to.name} ${describe(o)}.`;
    });
  });
}

/** Shows the panel with a character; asks for the lists again when a new notice came (an offer may have moved). */
export function renderOffers(me) {
  $('panel-offers').hidden = !me?.character;
  if (!me?.character) {
    lastNotice = null;
    return;
  }
  const items = Object.keys(me.holdings ?? {}).filter((a) => a !== 'coin');
  for (const select of $('offer-give-items').querySelectorAll('select')) {
    const chosen = select.value;
    select.replaceChildren(el('option', { value: '' }, '(nothing)'), ...items.map((a) => el('option', { value: a }, `${a.replaceAll('_', ' ')} (${me.holdings[a]})`)));
    select.value = items.includes(chosen) ? chosen : '';
  }
  const newest = me.notices?.[0]?.id ?? 0;
  if (newest !== lastNotice) {
    lastNotice = newest;
    loadOffers().catch((err) => { $('offer-error').textContent = err.message; });
  }
}
