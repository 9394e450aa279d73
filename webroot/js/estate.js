// Houses: the plots of the town where the character stands (buy a free one), the houses the player owns or holds a
// key to (store and take coin and goods, give and take back keys). Lists come from GET /api/towns/{town}/plots and
// GET /api/estates, asked again after each step and when a notice may have changed them.
import { api } from './api.js';
import { redrawKeepingEdits } from './edits.js';
import { Staleness } from './stale.js';
import { formatMoney, toCopper } from './money.js';

const $ = (id) => document.getElementById(id);
let refreshAfter = async () => {};
const stale = new Staleness();

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

const words = (asset, qty) => (asset === 'coin' ? formatMoney(qty) : `${qty} ${asset.replaceAll('_', ' ')}`);

async function act(work) {
  $('estate-error').textContent = '';
  try {
    $('estate-result').textContent = await work();
    await load();
    await refreshAfter();
  } catch (err) {
    $('estate-error').textContent = err.message;
  }
}

function plotItem(p, here) {
  const li = el('li', { 'data-plot': p.id },
    `${p.name}: ${p.size}, stores ${p.storage} goods; ${formatMoney(p.price)}, upkeep ${formatMoney(p.upkeep)} a week`);
  if (p.status === 'owned') {
    li.append(` (${p.owner ? `owned by ${p.owner}` : 'owned'})`);
  } else if (here) {
    const buy = el('button', { type: 'button', class: 'quiet', 'aria-label': `Buy ${p.name}` }, 'Buy');
    buy.addEventListener('click', () => act(async () => {
      const h = await api.command('/api/estates/buy', { plot: p.id });
      return `${h.name} is yours.`;
    }));
    li.append(' ', buy);
  }
  return li;
}

/** Store or take: one asset (coin in gold pieces, or a good's id) and an amount. */
function moveForm(h, holdings) {
  const form = el('form', { class: 'row house-move', 'aria-label': `Store in or take from ${h.name}` });
  const asset = el('select', { 'aria-label': `What, at ${h.name}` });
  const names = new Set(['coin', ...Object.keys(holdings ?? {}), ...Object.keys(h.stored ?? {})]);
  for (const a of names) asset.append(el('option', { value: a }, a === 'coin' ? 'gold (gp)' : a.replaceAll('_', ' ')));
  const qty = el('input', { type: 'number', min: '0', step: 'any', value: '1', 'aria-label': `How much, at ${h.name}` });
  const storeButton = el('button', { type: 'submit', value: 'store' }, 'Store');
  const takeButton = el('button', { type: 'submit', value: 'take', class: 'quiet' }, 'Take');
  form.append(asset, qty, storeButton, takeButton);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const how = e.submitter?.value === 'take' ? 'take' : 'store';
    const amount = asset.value === 'coin' ? toCopper(qty.value) : Number(qty.value);
    act(async () => {
      await api.command(`/api/estates/${how}`, { plot: h.id, asset: asset.value, qty: amount });
      return `${how === 'store' ? 'Stored' : 'Took'} ${words(asset.value, amount)} ${how === 'store' ? 'in' : 'from'} ${h.name}.`;
    });
  });
  return form;
}

function keyList(h) {
  const list = el('ul', { class: 'keys', 'aria-label': `Keys to ${h.name}` });
  for (const name of h.keys ?? []) {
    const back = el('button', { type: 'button', class: 'quiet', 'aria-label': `Take back ${name}'s key to ${h.name}` }, 'Take back');
    back.addEventListener('click', () => act(async () => {
      await api.post('/api/estates/keys/remove', { plot: h.id, name });
      return `${name}'s key to ${h.name} no longer opens it.`;
    }));
    list.append(el('li', {}, `${name} `, back));
  }
  const form = el('form', { class: 'row', 'aria-label': `Give a key to ${h.name}` });
  const who = el('input', { autocomplete: 'off', 'aria-label': `Give a key to ${h.name} to` , placeholder: 'a name' });
  form.append(who, el('button', { type: 'submit', class: 'quiet' }, 'Give a key'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = who.value.trim();
    act(async () => {
      await api.post('/api/estates/keys', { plot: h.id, name });
      return `${name} has a key to ${h.name}.`;
    });
  });
  return [list, form];
}

const RUNGS = {
  good: 'in good standing',
  notice: 'upkeep unpaid: a notice was sent',
  grace: 'upkeep overdue: in grace, with interest',
  lien: 'under a lien: pay what is owed or it will be seized',
};

/** Where a house stands on the ladder of unpaid upkeep, and what it owes and has paid ahead. */
function standing(h) {
  const parts = [`Upkeep ${formatMoney(h.upkeep)} a week: ${RUNGS[h.status] ?? h.status}`];
  if (h.owed > 0) parts.push(`owed ${formatMoney(h.owed)}`);
  if (h.credit > 0) parts.push(`paid ahead ${formatMoney(h.credit)}`);
  return `${parts.join('; ')}.`;
}

function prepayForm(h) {
  const form = el('form', { class: 'row', 'aria-label': `Pay upkeep ahead for ${h.name}` });
  const gold = el('input', { type: 'number', min: '0', step: 'any', value: '1', 'aria-label': `Gold (gp) to pay ahead for ${h.name}` });
  form.append(gold, el('button', { type: 'submit', class: 'quiet' }, 'Pay upkeep ahead'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const qty = toCopper(gold.value);
    act(async () => {
      await api.command('/api/estates/prepay', { plot: h.id, qty });
      return `Paid ${formatMoney(qty)} ahead for ${h.name}.`;
    });
  });
  return form;
}

/** Offering one's house to a player: a price (0 gives it), and whether what it stores goes with it. */
function sellForm(h) {
  const form = el('form', { class: 'row', 'aria-label': `Sell or give ${h.name}` });
  const to = el('input', { autocomplete: 'off', placeholder: 'a name', 'aria-label': `Sell ${h.name} to` });
  const price = el('input', { type: 'number', min: '0', step: 'any', value: '0', 'aria-label': `Price of ${h.name} (gp; 0 gives it)` });
  const storage = el('input', { type: 'checkbox' });
  form.append(to, price, el('label', {}, storage, ' with what it stores'), el('button', { type: 'submit', class: 'quiet' }, 'Offer the house'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const name = to.value.trim();
    act(async () => {
      await api.command('/api/estates/sell', { plot: h.id, to: name, price: toCopper(price.value), withStorage: storage.checked ? 1 : 0 });
      return `${h.name} is offered to ${name}.`;
    });
  });
  return form;
}

function saleItem(sale) {
  const what = `${sale.name} ${sale.price === 0 ? 'as a gift' : `for ${formatMoney(sale.price)}`}${sale.withStorage ? ', with what it stores' : ''}`;
  const li = el('li', { 'data-sale': String(sale.id) }, sale.mine ? `You offer ${sale.buyer} ${what}. ` : `${sale.seller} offers you ${what}. `);
  const step = (label, path, done) => {
    const b = el('button', { type: 'button', class: 'quiet', 'aria-label': `${label}: ${sale.name}` }, label);
    b.addEventListener('click', () => act(async () => {
      await api.command(path, { sale: sale.id });
      return done;
    }));
    return b;
  };
  if (sale.mine) li.append(step('Withdraw', '/api/estates/sales/end', `You withdrew the offer of ${sale.name}.`));
  else li.append(step('Accept', '/api/estates/sales/accept', `${sale.name} is yours.`), ' ', step('Decline', '/api/estates/sales/end', `You declined ${sale.name}.`));
  return li;
}

/** The shop of one's house: put stored goods on the shelf at a unit price, take them off. */
function shopForm(h) {
  const wrap = el('div', { class: 'shop' });
  const shelf = el('ul', { class: 'listings', 'aria-label': `The shop of ${h.name}` });
  for (const l of h.shop ?? []) {
    const off = el('button', { type: 'button', class: 'quiet', 'aria-label': `Take ${l.good} off the shelf of ${h.name}` }, 'Take off the shelf');
    off.addEventListener('click', () => act(async () => {
      await api.command('/api/shops/delist', { plot: h.id, good: l.good });
      return `${l.good.replaceAll('_', ' ')} is back in storage.`;
    }));
    shelf.append(el('li', { 'data-listing': l.good }, `${words(l.good, l.qty)} at ${formatMoney(l.unitPrice)} each `, off));
  }
  const form = el('form', { class: 'row', 'aria-label': `Sell from ${h.name}` });
  const good = el('select', { 'aria-label': `Good to sell from ${h.name}` });
  for (const [a, q] of Object.entries(h.stored ?? {})) if (a !== 'coin' && q > 0) good.append(el('option', { value: a }, a.replaceAll('_', ' ')));
  const qty = el('input', { type: 'number', min: '0', step: '1', value: '1', 'aria-label': `How many to put on the shelf of ${h.name}` });
  const price = el('input', { type: 'number', min: '0', step: 'any', value: '1', 'aria-label': `Unit price at ${h.name} (gp)` });
  form.append(good, qty, price, el('button', { type: 'submit', class: 'quiet' }, 'Put on the shelf'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    act(async () => {
      await api.command('/api/shops/list', { plot: h.id, good: good.value, qty: Number(qty.value), unitPrice: toCopper(price.value) });
      return `${good.value.replaceAll('_', ' ')} is on the shelf at ${formatMoney(toCopper(price.value))} each.`;
    });
  });
  wrap.append(el('p', {}, 'Shop: ', (h.shop ?? []).length ? '' : 'nothing on the shelf.'), shelf);
  if ((h.sales ?? []).length) {
    wrap.append(el('p', {}, 'Sold lately:'), el('ul', { class: 'shop-sales', 'aria-label': `Sales at ${h.name}` },
      ...h.sales.map((x) => el('li', {}, `${words(x.good, x.qty)} to ${x.buyer ?? 'someone'} for ${formatMoney(x.total)} (tax ${formatMoney(x.tax)})`))));
  }
  if (good.options.length) wrap.append(form);
  return wrap;
}

/** The town's shops in the market panel: each listing, cheapest first, with a buy button. */
async function loadShops(town) {
  const all = await api.get(`/api/towns/${town}/shops`);
  const items = all.listings.filter((l) => l.qty > 0).map((l) => {
    const qty = el('input', { type: 'number', min: '1', step: '1', value: '1', 'aria-label': `How many ${l.good} from ${l.house}` });
    const buy = el('button', { type: 'button', class: 'quiet', 'aria-label': `Buy ${l.good} at ${l.house}` }, 'Buy');
    buy.disabled = !l.open;
    buy.addEventListener('click', async () => {
      $('shops-error').textContent = '';
      try {
        const r = await api.command('/api/shops/buy', { plot: l.plot, good: l.good, qty: Number(qty.value), maxUnitPrice: l.unitPrice });
        $('shops-result').textContent = `Bought ${words(r.good, r.qty)} for ${formatMoney(r.total)} at ${r.house}.`;
        await loadShops(town);
        await refreshAfter();
      } catch (err) {
        $('shops-error').textContent = err.message;
      }
    });
    return el('li', { 'data-listing': `${l.plot}/${l.good}` },
      `${l.good.replaceAll('_', ' ')}: ${formatMoney(l.unitPrice)} each, ${l.qty} on the shelf at ${l.house} (${l.owner ?? 'someone'})${l.open ? '' : ', closed: a lien'} `, qty, ' ', buy);
  });
  redrawKeepingEdits($('shops'), () => $('shops').replaceChildren(...items));
  $('shops-none').hidden = items.length > 0;
}

/** The town's buy orders: sell into one, or cancel one's own. */
async function loadWanted(town) {
  const board = await api.get(`/api/towns/${town}/wanted`);
  const mine = me?.character?.name;
  const items = board.orders.map((o) => {
    const left = o.qty - o.filled;
    const li = el('li', { 'data-order': String(o.id) },
      `${o.buyer ?? 'Someone'} wants ${left} ${o.good.replaceAll('_', ' ')} at ${formatMoney(o.unitPrice)} each `);
    const done = async (work, what) => {
      $('shops-error').textContent = '';
      try {
        await work();
        await loadWanted(town);
        $('shops-result').textContent = what;
        await refreshAfter();
      } catch (err) {
        $('shops-error').textContent = err.message;
      }
    };
    if (o.buyer === mine) {
      const cancel = el('button', { type: 'button', class: 'quiet', 'aria-label': `Cancel your order for ${o.good}` }, 'Cancel');
      cancel.addEventListener('click', () => done(() => api.command('/api/wanted/cancel', { order: o.id }), 'Order cancelled; the coin not spent is back.'));
      li.append(cancel);
    } else {
      const qty = el('input', { type: 'number', min: '1', step: '1', value: '1', 'aria-label': `How many ${o.good} to sell to ${o.buyer}` });
      const sell = el('button', { type: 'button', class: 'quiet', 'aria-label': `Sell ${o.good} to ${o.buyer}` }, 'Sell');
      sell.addEventListener('click', () => done(() => api.command('/api/wanted/fill', { order: o.id, qty: Number(qty.value) }), `Sold ${qty.value} ${o.good.replaceAll('_', ' ')} to ${o.buyer}.`));
      li.append(qty, ' ', sell);
    }
    return li;
  });
  redrawKeepingEdits($('wanted'), () => $('wanted').replaceChildren(...items));
}

function impoundItem(i) {
  const held = Object.entries(i.held ?? {}).filter(([, q]) => q > 0).map(([a, q]) => words(a, q)).join(', ') || 'nothing';
  const li = el('li', { 'data-impound': String(i.id) }, `Seized from ${i.name}: ${held}. `);
  const back = el('button', { type: 'button', class: 'quiet', 'aria-label': `Reclaim what was seized from ${i.name}` }, `Reclaim for ${formatMoney(i.fee)}`);
  back.addEventListener('click', () => act(async () => {
    await api.command('/api/estates/reclaim', { impound: i.id });
    return `You took back what was seized from ${i.name}.`;
  }));
  li.append(back);
  return li;
}

function houseItem(h, me, owned) {
  const stored = Object.entries(h.stored ?? {}).filter(([, q]) => q > 0).map(([a, q]) => words(a, q)).join(', ') || 'nothing';
  const li = el('li', { 'data-house': h.id },
    el('strong', {}, h.name), owned ? '' : ` (${h.owner}'s; you hold a key)`, el('br'), `Stores: ${stored}`);
  if (owned) li.append(el('p', { class: `upkeep upkeep-${h.status}` }, standing(h)), prepayForm(h));
  if (me.character?.town === h.town) li.append(moveForm(h, me.holdings));
  else li.append(el('p', { class: 'hint' }, `Stand in ${h.town} to store or take.`));
  if (owned && me.character?.town === h.town) li.append(shopForm(h));
  if (owned) li.append(...keyList(h), sellForm(h));
  return li;
}

let me = null;
let asked = 0;

async function load() {
  if (!me?.character) return;
  const town = me.character.town;
  // A notice and a step of one's own can ask close together; an answer a later question overtook is older.
  const question = ++asked;
  const [mine, plots] = await Promise.all([
    api.get('/api/estates'),
    town ? api.get(`/api/towns/${town}/plots`) : Promise.resolve({ plots: [] }),
  ]);
  if (question !== asked) return;
  redrawKeepingEdits($('houses'), () => $('houses').replaceChildren(...mine.houses.map((h) => houseItem(h, me, true)),
    ...mine.keyed.map((h) => houseItem(h, me, false)), ...(mine.impounds ?? []).map(impoundItem), ...(mine.sales ?? []).map(saleItem)));
  const u = mine.upkeep;
  $('upkeep-ladder').textContent = u ? `Upkeep is due each game week, to the town: first from what you paid ahead, then from the house's gold, then from your purse. Unpaid, a house gets a notice, then ${u.graceWeeks} weeks of grace at ${u.interestPercent}% interest a week, then ${u.lienWeeks} week${u.lienWeeks === 1 ? '' : 's'} under a lien, then it is seized: what it held can be reclaimed for ${u.reclaimFeePercent}% of its price within ${u.reclaimDays} days, then the town sells it.` : '';
  $('houses-none').hidden = mine.houses.length + mine.keyed.length + (mine.impounds ?? []).length + (mine.sales ?? []).length > 0;
  $('plots').replaceChildren(...plots.plots.map((p) => plotItem(p, Boolean(town))));
  if (town) await Promise.all([loadShops(town), loadWanted(town)]);
}

export function setupEstate(after) {
  refreshAfter = after;
  $('wanted-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const good = $('wanted-good').value.trim().toLowerCase().replaceAll(' ', '_');
    const unitPrice = toCopper($('wanted-price').value);
    $('shops-error').textContent = '';
    api.command('/api/wanted', { good, qty: Number($('wanted-qty').value), unitPrice })
      .then(async (o) => {
        $('shops-result').textContent = `You want ${o.qty} ${good.replaceAll('_', ' ')} at ${formatMoney(o.unitPrice)} each; the coin is held until sellers come.`;
        await load();
        await refreshAfter();
      })
      .catch((err) => { $('shops-error').textContent = err.message; });
  });
}

/** Shows the panel with a character; asks again when the town or the newest notice changed. */
export function renderEstate(current) {
  me = current;
  $('panel-estate').hidden = !me?.character;
  $('wanted-form').hidden = !me?.character;
  if (stale.changed(me)) load().catch((err) => { $('estate-error').textContent = err.message; });
}
