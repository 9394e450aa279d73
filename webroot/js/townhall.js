// The town hall of the town where the character stands: mayor and council, the term and the election (stand, rank
// the candidates), the last result, the treasury and its recent flows, the tax rates and announced changes, decrees
// in force and put to a vote, and the recall petition. All of it from GET /api/towns/{town}/hall, asked again when
// the hall's address (town.<town>.hall) says something changed. The mayor's own forms appear only to the mayor.
import { api } from './api.js';
import { redrawKeepingEdits } from './edits.js';
import { whenSaid } from './clock.js';
import { applyField, fieldOf } from './limits.js';
import { formatMoney } from './money.js';

const $ = (id) => document.getElementById(id);
let subscribe = () => () => {};
let hallAddress = () => '';
let shownTown = null;
let stopListening = () => {};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

const rateWords = (tax, rate) => (tax.unit === 'percent' ? `${rate} %` : formatMoney(rate));

async function act(work) {
  $('hall-error').textContent = '';
  try {
    $('hall-result').textContent = await work();
    await load();
  } catch (err) {
    $('hall-error').textContent = err.message;
  }
}

function office(h) {
  const parts = [];
  if (h.mayor) {
    parts.push(el('p', { id: 'hall-mayor' }, `Mayor: ${h.mayor.name}, until ${whenSaid(h.term.until)}.`));
  } else {
    parts.push(el('p', { id: 'hall-mayor' }, `No mayor: ${h.steward} keeps the laws as they are.`));
  }
  if ((h.council ?? []).length) parts.push(el('p', {}, `Council: ${h.council.map((c) => c.name).join(', ')}.`));
  return parts;
}

/** The open election: candidates, and the form the window allows (stand, or rank). */
function election(h) {
  const e = h.election;
  const wrap = el('div', { id: 'hall-election' });
  if (!e) return wrap;
  const phase = {
    candidacy: `Candidates may stand until ${whenSaid(e.votingFrom)}; voting runs until ${whenSaid(e.closesAt)}.`,
    voting: `Voting is open until ${whenSaid(e.closesAt)}: rank the candidates, first choice first. ${e.ballots} ballot${e.ballots === 1 ? '' : 's'} cast.`,
    counting: 'Voting has closed; the count comes at the hour.',
  }[e.phase];
  wrap.append(el('h3', {}, e.kind === 'recall' ? 'Recall election' : 'Election'), el('p', {}, phase));
  const list = el('ul', { class: 'candidates', 'aria-label': 'Candidates' });
  for (const c of e.candidates ?? []) list.append(el('li', { 'data-candidate': String(c.id) }, `${c.name}: “${c.statement}”`));
  if ((e.candidates ?? []).length) wrap.append(list);
  else wrap.append(el('p', { class: 'hint' }, 'No one has stood yet.'));
  const citizen = h.me?.citizen;
  if (e.phase === 'candidacy' && citizen) {
    const form = el('form', { class: 'row', 'aria-label': 'Stand for mayor' });
    const statement = el('input', { id: 'hall-statement', name: 'statement', placeholder: 'What you stand for', 'aria-label': 'Your statement' });
    applyField(statement, fieldOf('declare', 'statement'));
    form.append(statement, el('button', { type: 'submit' }, 'Stand for mayor'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      act(async () => {
        await api.command(`/api/towns/${h.town}/candidacy`, { statement: statement.value.trim() });
        return 'You stand for mayor.';
      });
    });
    wrap.append(form);
  }
  if (e.phase === 'voting' && citizen && (e.candidates ?? []).length) {
    const form = el('form', { class: 'ballot', 'aria-label': 'Your ballot' });
    const mine = e.myBallot ?? [];
    const selects = e.candidates.map((c) => {
      const s = el('select', { 'aria-label': `Your rank for ${c.name}`, 'data-candidate': String(c.id) });
      s.append(el('option', { value: '' }, '—'));
      e.candidates.forEach((_, i) => s.append(el('option', { value: String(i + 1) }, String(i + 1))));
      const at = mine.indexOf(c.id);
      if (at >= 0) s.value = String(at + 1);
      form.append(el('label', {}, s, ` ${c.name}`));
      return s;
    });
    form.append(el('button', { type: 'submit' }, mine.length ? 'Change my ballot' : 'Cast my ballot'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const ranking = selects
        .filter((s) => s.value)
        .sort((a, b) => Number(a.value) - Number(b.value))
        .map((s) => s.dataset.candidate);
      act(async () => {
        await api.command(`/api/towns/${h.town}/ballot`, { ranking: ranking.join(',') });
        return ranking.length ? 'Your ballot is cast; you may change it until voting closes.' : 'You cast a blank ballot.';
      });
    });
    wrap.append(form);
  }
  if (!citizen && h.me) wrap.append(el('p', { class: 'hint' }, `You may not stand or vote here: ${h.me.rule}.`));
  return wrap;
}

function lastResult(h) {
  const r = h.lastResult;
  if (!r || !(r.candidates ?? []).length) return [];
  const text = r.winnerName
    ? `${r.winnerName} was elected mayor ${whenSaid(r.closedAt)}, by instant-runoff over ${r.rounds.length} round${r.rounds.length === 1 ? '' : 's'} (${r.ballots} ballots).`
    : `No mayor was elected ${whenSaid(r.closedAt)}: ${r.why}.`;
  return [el('p', { id: 'hall-result-last' }, text)];
}

function treasury(h) {
  const t = h.treasury;
  const list = el('ul', { class: 'flows', 'aria-label': 'Recent treasury flows' });
  for (const f of t.flows) {
    list.append(el('li', {}, `${whenSaid(f.gameMinutes)}: ${f.qty > 0 ? '+' : '−'}${formatMoney(Math.abs(f.qty))}, ${f.cause}`));
  }
  return [el('h3', {}, 'Treasury'), el('p', { id: 'hall-treasury' }, `${formatMoney(t.balance)} (in ${formatMoney(t.inflow)}, out ${formatMoney(t.outflow)} since the world began).`), list];
}

function rates(h) {
  const list = el('ul', { class: 'rates', 'aria-label': 'Tax rates' });
  for (const r of h.rates) {
    const next = r.announced.map((a) => `${rateWords(r, a.rate)} from ${whenSaid(a.from)}`).join('; ');
    list.append(el('li', { 'data-tax': r.kind }, `${r.name}: ${rateWords(r, r.rate)} (the charter allows ${rateWords(r, r.min)} to ${rateWords(r, r.max)})${next ? `; announced: ${next}` : ''}`));
  }
  const out = [el('h3', {}, 'Taxes'), list];
  if (h.me?.mayor) {
    const form = el('form', { class: 'row', 'aria-label': 'Set a tax rate' });
    const kind = el('select', { 'aria-label': 'Which tax' });
    for (const r of h.rates) kind.append(el('option', { value: r.kind }, r.name));
    const rate = el('input', { type: 'number', name: 'rate', value: '0', 'aria-label': 'New rate (percent, or copper for the toll)' });
    applyField(rate, fieldOf('setRate', 'rate'));
    form.append(kind, rate, el('button', { type: 'submit' }, 'Announce'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      act(async () => {
        await api.command(`/api/towns/${h.town}/rates`, { kind: kind.value, rate: Number(rate.value) });
        return `The new rate is announced; it applies in ${h.charter.noticeDays} game day${h.charter.noticeDays === 1 ? '' : 's'}.`;
      });
    });
    out.push(form);
  }
  return out;
}

function decrees(h) {
  const kinds = new Map((h.decreeKinds ?? []).map((k) => [k.id, k]));
  const list = el('ul', { class: 'decrees', 'aria-label': 'Decrees' });
  for (const d of h.decrees) {
    const name = kinds.get(d.kind)?.name ?? d.kind;
    const li = el('li', { 'data-decree': String(d.id) });
    if (d.status === 'voting') {
      li.append(`${name} (${d.amount}) for ${formatMoney(d.cost)}: put to a vote until ${whenSaid(d.voteCloses)}, ${d.yes} for and ${d.no} against. `);
      const mayVote = h.council.length ? h.me?.council : h.me?.citizen;
      if (mayVote) {
        for (const [label, yes] of [['For', 1], ['Against', 0]]) {
          const b = el('button', { type: 'button', class: 'quiet', 'aria-label': `Vote ${label.toLowerCase()} ${name}` }, label);
          b.addEventListener('click', () => act(async () => {
            await api.command(`/api/towns/${h.town}/decrees/vote`, { decree: d.id, yes });
            return 'Your vote is counted; you may change it until the vote closes.';
          }));
          li.append(b, ' ');
        }
      }
    } else if (d.status === 'made') {
      li.append(`${name} (${d.amount}), by ${d.mayor}, for ${formatMoney(d.cost)}: in force until ${whenSaid(d.endsAt)}.`);
    } else {
      li.append(`${name}: ${d.status}.`);
    }
    list.append(li);
  }
  const out = [el('h3', {}, 'Decrees'), list];
  if (!h.decrees.length) out.push(el('p', { class: 'hint' }, 'No decree is in force.'));
  if (h.me?.mayor && kinds.size) {
    const form = el('form', { class: 'row', 'aria-label': 'Make a decree' });
    const kind = el('select', { 'aria-label': 'Which decree' });
    for (const k of kinds.values()) kind.append(el('option', { value: k.id }, `${k.name} (${formatMoney(k.costPer)} a ${k.per})`));
    const amount = el('input', { type: 'number', name: 'amount', value: '1', 'aria-label': 'How many days, or units' });
    applyField(amount, fieldOf('decree', 'amount'));
    form.append(kind, amount, el('button', { type: 'submit' }, 'Decree'));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      act(async () => {
        const r = await api.command(`/api/towns/${h.town}/decrees`, { kind: kind.value, amount: Number(amount.value) });
        return r.status === 'voting' ? `Above the spending limit (${formatMoney(h.charter.spendingLimit)}): the decree goes to a vote.` : 'The decree is made.';
      });
    });
    out.push(el('p', { class: 'hint' }, `Spending above ${formatMoney(h.charter.spendingLimit)} goes to a vote; in their first week a new mayor may spend no more than that.`), form);
  }
  return out;
}

function petition(h) {
  const p = h.petition;
  if (!p) return [];
  const line = el('p', { id: 'hall-petition' }, `Recall petition: ${p.signatures} of ${p.needed} signatures needed for an early election. `);
  if (h.me?.citizen && !p.signed && !h.me?.mayor) {
    const b = el('button', { type: 'button', class: 'quiet' }, 'Sign the petition');
    b.addEventListener('click', () => act(async () => {
      const r = await api.command(`/api/towns/${h.town}/recall`, {});
      return r.election ? 'The petition has enough signatures: an early election opens.' : 'You signed the petition.';
    }));
    line.append(b);
  }
  return [line];
}

let asked = 0;

async function load() {
  if (!shownTown) return;
  // Changes can come close together; an answer that a later question overtook would show an older hall.
  const question = ++asked;
  const h = await api.get(`/api/towns/${shownTown}/hall`);
  if (question !== asked) return;
  $('hall-heading').textContent = `Town hall of ${h.name}`;
  redrawKeepingEdits($('hall-body'), () => $('hall-body').replaceChildren(
    ...office(h), election(h), ...lastResult(h), ...treasury(h), ...rates(h), ...decrees(h), ...petition(h)));
}

/** {@code listen(address, handler)} subscribes on the bridge; {@code address(town)} names a town's hall. */
export function setupTownHall(listen, address) {
  subscribe = listen;
  hallAddress = address;
}

/** Shows the hall of the character's town, and listens to it while it is shown. */
export function renderTownHall(me) {
  const town = me?.character?.town ?? null;
  $('panel-hall').hidden = !town;
  if (town === shownTown) return;
  stopListening();
  shownTown = town;
  if (!town) return;
  // The hour moved the hall on (a count, voting opening): what the page said of its own last step may no longer hold.
  // Other changes may be the echo of that very step, whose words stay.
  stopListening = subscribe(hallAddress(town), (changed) => {
    if (changed?.what === 'hour') $('hall-result').textContent = '';
    load().catch((err) => { $('hall-error').textContent = err.message; });
  });
  load().catch((err) => { $('hall-error').textContent = err.message; });
}
