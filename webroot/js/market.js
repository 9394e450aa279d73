// The market panel: the board of the town you stand in (live from market.<town>.prices), sparklines of the
// last game day, a uPlot chart of one good, buy and sell with a limit, and every town's prices for planning. The board
// is updated in place, so a row keeps the keyboard's focus while prices move; uPlot is loaded when a chart is first
// drawn, not with the page.
import { api } from './api.js';
import { icon } from './icons.js';
import { formatMoney, toCopper, fromCopper } from './money.js';
import { fieldOf } from './limits.js';

const $ = (id) => document.getElementById(id);
const TREND = { up: ['▲', 'rising'], down: ['▼', 'falling'], flat: ['–', 'steady'] };
const NS = 'http://www.w3.org/2000/svg';

const market = { town: null, board: null, selected: null, history: new Map(), chart: null, boards: {}, onTraded: () => {} };
const UPLOT = 'webjars/uplot/1.6.30/dist/';
let uPlotLoading = null;

function loadUPlot() {
  if (!uPlotLoading) {
    document.head.append(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: `${UPLOT}uPlot.min.css` }));
    uPlotLoading = import(`../${UPLOT}uPlot.esm.js`).then((m) => m.default);
  }
  return uPlotLoading;
}

/** The board's rows by good, kept from one update to the next: only their texts change. */
const rows = new Map();

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}


function sparkline(samples) {
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', '0 0 90 22');
  svg.setAttribute('aria-hidden', 'true');
  if (samples && samples.length > 1) {
    const ys = samples.map((s) => s.buy);
    const min = Math.min(...ys);
    const span = Math.max(...ys) - min || 1;
    const points = ys.map((y, i) => `${(i / (ys.length - 1)) * 88 + 1},${21 - ((y - min) / span) * 20}`).join(' ');
    const line = document.createElementNS(NS, 'polyline');
    line.setAttribute('points', points);
    svg.append(line);
  }
  return svg;
}

function boardRow(g) {
  const name = el('button', { type: 'button', class: 'link' }, icon(g.id), g.name);
  name.addEventListener('click', () => select(g.id));
  const r = {
    row: el('tr', { 'data-good': g.id }),
    buy: el('td', { class: 'num buy' }),
    sell: el('td', { class: 'num sell' }),
    stock: el('td', { class: 'num col-stock' }),
    trend: el('td', {}),
    spark: el('td', { class: 'col-spark' }),
    samples: null,
  };
  r.row.append(el('th', { scope: 'row' }, name), r.buy, r.sell, r.stock, r.trend, r.spark);
  return r;
}

const setText = (node, text) => { if (node.textContent !== text) node.textContent = text; };

function renderBoard() {
  const board = market.board;
  if (!board) return;
  setText($('board-caption'), `${board.name}: sales tax ${Math.round(board.salesTax * 100)}%, the market holds ${formatMoney(board.marketCoin)}`);
  const tbody = $('board').querySelector('tbody');
  for (const g of board.goods) {
    let r = rows.get(g.id);
    if (!r) {
      r = boardRow(g);
      rows.set(g.id, r);
      tbody.append(r.row);
    }
    const [arrow, words] = TREND[g.trend] ?? TREND.flat;
    setText(r.buy, formatMoney(g.buy));
    setText(r.sell, formatMoney(g.sell));
    setText(r.stock, String(g.stock));
    if (r.trend.className !== `trend-${g.trend}`) {
      r.trend.className = `trend-${g.trend}`;
      r.trend.title = words;
      r.trend.replaceChildren(el('span', { 'aria-label': words }, arrow));
    }
    const samples = market.history.get(g.id);
    if (samples !== r.samples) {
      r.samples = samples;
      r.spark.replaceChildren(sparkline(samples));
    }
    r.row.classList.toggle('selected', g.id === market.selected);
  }
  const choice = $('trade-good');
  if (choice.options.length !== board.goods.length) {
    choice.replaceChildren(...board.goods.map((g) => el('option', { value: g.id }, g.name)));
  }
  if (market.selected) choice.value = market.selected;
}

async function loadHistory(good, hours) {
  const h = await api.get(`/api/market/${market.town}/history?good=${encodeURIComponent(good)}&hours=${hours}`);
  return h.samples;
}

async function loadSparklines() {
  const town = market.town;
  await Promise.all(market.board.goods.map(async (g) => {
    const samples = await loadHistory(g.id, 24).catch((err) => { console.warn(`no history of ${g.id}:`, err.message); return []; });
    if (town === market.town) market.history.set(g.id, samples);
  }));
  renderBoard();
}

async function drawChart() {
  const good = market.selected;
  if (!good) return;
  const samples = await loadHistory(good, 72).catch((err) => { console.warn(`no history of ${good}:`, err.message); return []; });
  const name = market.board.goods.find((g) => g.id === good)?.name ?? good;
  $('chart-heading').textContent = `${name}: price over the last game days`;
  const data = [samples.map((s) => s.gameHour), samples.map((s) => s.buy), samples.map((s) => s.sell)];
  const css = getComputedStyle(document.documentElement);
  const accent = css.getPropertyValue('--wf-accent').trim() || '#f2c14e';
  const muted = css.getPropertyValue('--wf-muted').trim() || '#999';
  const width = Math.max(260, $('chart').clientWidth || 320);
  const opts = {
    width, height: 200,
    scales: { x: { time: false } },
    axes: [
      { stroke: muted, grid: { stroke: 'rgba(128,128,128,.2)' }, values: (u, v) => v.map((h) => `${h % 24}h`) },
      { stroke: muted, grid: { stroke: 'rgba(128,128,128,.2)' } },
    ],
    series: [{ label: 'hour' }, { label: 'you pay', stroke: accent, width: 2 }, { label: 'you get', stroke: muted, width: 2, dash: [4, 3] }],
  };
  const uPlot = await loadUPlot();
  if (good !== market.selected) return;
  market.chart?.destroy();
  market.chart = new uPlot(opts, data, $('chart'));
  $('chart').dataset.points = String(samples.length);
}

function select(good) {
  market.selected = good;
  const g = market.board.goods.find((x) => x.id === good);
  // The limits' bounds, declared on the server in copper, for these fields in gold.
  const most = fieldOf('buy', 'maxUnitPrice');
  const least = fieldOf('sell', 'minUnitPrice');
  if (most) Object.assign($('trade-max'), { min: fromCopper(most.min), max: fromCopper(most.max), title: most.rule });
  if (least) Object.assign($('trade-min'), { min: fromCopper(least.min), max: fromCopper(least.max), title: least.rule });
  if (g) {
    // Room for the price to move a little (and for a larger order's later units) without the default limits failing.
    $('trade-max').value = fromCopper(Math.ceil(g.buy * 1.1));
    $('trade-min').value = fromCopper(Math.floor(g.sell * 0.9));
  }
  renderBoard();
  drawChart();
}

async function trade(side) {
  const good = $('trade-good').value;
  const qty = Number($('trade-qty').value);
  const limit = toCopper($(side === 'buy' ? 'trade-max' : 'trade-min').value);
  const order = { good, qty, [side === 'buy' ? 'maxUnitPrice' : 'minUnitPrice']: limit };
  $('market-error').textContent = '';
  $('receipt').textContent = '';
  let receipt;
  try {
    // One request id per order: sent again after a lost or unknown answer, the server trades at most once.
    receipt = await api.command(`/api/market/${market.town}/${side}`, order, () => {
      $('receipt').textContent = 'The market has not confirmed your order yet; asking again…';
    });
  } catch (err) {
    $('receipt').textContent = '';
    $('market-error').textContent = err.message;
    return;
  }
  const name = market.board.goods.find((g) => g.id === good)?.name.toLowerCase() ?? good;
  $('receipt').textContent = side === 'buy'
    ? `Bought ${receipt.qty} ${name} for ${formatMoney(receipt.total)} (${formatMoney(receipt.tax)} tax).`
    : `Sold ${receipt.qty} ${name} for ${formatMoney(receipt.total)} (${formatMoney(receipt.tax)} tax withheld).`;
  market.onTraded();
}

export function setupMarket(onTraded) {
  market.onTraded = onTraded;
  $('trade-form').addEventListener('submit', (e) => {
    e.preventDefault();
    trade(e.submitter?.value === 'sell' ? 'sell' : 'buy');
  });
  $('trade-good').addEventListener('change', (e) => select(e.target.value));
}

/** Shows the market of the town the character stands in, or hides it on the road. */
export async function showMarket(town) {
  $('panel-market').hidden = !town;
  if (!town || town === market.town) return;
  market.town = town;
  market.history.clear();
  rows.clear();
  $('board').querySelector('tbody').replaceChildren();
  market.board = await api.get(`/api/market/${town}`);
  market.selected = market.selected && market.board.goods.some((g) => g.id === market.selected) ? market.selected : market.board.goods[0].id;
  renderBoard();
  select(market.selected);
  loadSparklines();
}

/** A new board published for some town: the panel's town redraws, the all-towns table updates. */
export function boardPublished(board) {
  market.boards[board.town] = board;
  renderAllTowns();
  if (board.town === market.town) {
    market.board = board;
    renderBoard();
  }
}

export function hourPassed() {
  if (market.town) {
    loadSparklines();
    drawChart();
  }
}

export async function loadAllTowns() {
  const all = await api.get('/api/market');
  market.boards = all.towns;
  renderAllTowns();
}

function renderAllTowns() {
  const towns = Object.values(market.boards);
  if (!towns.length) return;
  const table = $('all-towns');
  table.querySelector('thead').replaceChildren(el('tr', {}, el('th', { scope: 'col' }, 'Good'),
    ...towns.map((b) => el('th', { scope: 'col' }, b.name))));
  table.querySelector('tbody').replaceChildren(...towns[0].goods.map((g) => el('tr', {},
    el('th', { scope: 'row' }, g.name),
    ...towns.map((b) => el('td', { class: 'num' }, formatMoney(b.goods.find((x) => x.id === g.id)?.buy ?? 0))))));
}
