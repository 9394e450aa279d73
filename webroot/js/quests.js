// Quests: what the givers in the town where the character stands offer, the quests taken with the step each is at,
// and the ones finished. The list comes from GET /api/quests, asked again after each step and whenever a notice may
// have changed it (a step done, a reward, a quest failed); progress and rewards arrive as notices.
import { api } from './api.js';
import { Staleness } from './stale.js';
import { formatMoney } from './money.js';

const $ = (id) => document.getElementById(id);
let refreshAfter = async () => {};
const stale = new Staleness();

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

const rewardText = (r) => [r.coin > 0 ? formatMoney(r.coin) : null, r.xp > 0 ? `${r.xp} experience` : null]
  .filter(Boolean).join(' and ');

async function act(path, quest, done) {
  $('quest-error').textContent = '';
  try {
    await api.command(path, { quest });
    $('quest-result').textContent = done;
    await load();
    await refreshAfter();
  } catch (err) {
    $('quest-error').textContent = err.message;
  }
}

function button(label, quest, name, path, done, quiet = true) {
  const b = el('button', { type: 'button', 'aria-label': `${label}: ${name}`, ...(quiet ? { class: 'quiet' } : {}) }, label);
  b.addEventListener('click', () => act(path, quest, done));
  return b;
}

function offeredItem(q) {
  return el('li', { 'data-quest': q.id },
    el('strong', {}, q.name), ` from ${q.giver.name}: ${q.text} `,
    el('span', { class: 'hint' }, `Reward: ${rewardText(q.reward)}.${q.hours ? ` ${q.hours} hours to do it.` : ''} `),
    button('Take it', q.id, q.name, '/api/quests/accept', `You take up ${q.name}.`, false));
}

/** How far along the current step is: hours worked for a shift, nothing to count for the others. */
function stepProgress(q, step) {
  if (step.kind === 'work') return ` (${q.worked ?? 0} of ${step.hours} hours)`;
  if (step.kind === 'deliver') return ` (${step.quantity} ${step.good.replaceAll('_', ' ')})`;
  return '';
}

function activeItem(q, now) {
  const step = q.steps[Math.min(q.step, q.steps.length - 1)];
  const steps = el('ol', { class: 'quest-steps', 'aria-label': `Steps of ${q.name}` },
    ...q.steps.map((s, i) => el('li', { class: i < q.step ? 'done' : i === q.step ? 'current' : '' },
      s.text, i === q.step ? stepProgress(q, s) : '', i < q.step ? ' — done' : '')));
  const li = el('li', { 'data-quest': q.id }, el('strong', {}, q.name), ` for ${q.giver.name} of ${q.giver.townName}`, steps);
  const left = q.dueAt == null ? '' : `${Math.max(0, Math.ceil((q.dueAt - now) / 60))} hours left. `;
  li.append(el('p', { class: 'hint' }, `${left}Reward: ${rewardText(q.reward)}.`));
  if (q.canHandIn) li.append(button('Hand it over', q.id, q.name, '/api/quests/hand-in', `You hand over what ${q.giver.name} asked for.`, false), ' ');
  else if (step.kind === 'deliver') li.append(el('p', { class: 'hint' }, 'Hand it over in the town the step names.'));
  li.append(button('Give up', q.id, q.name, '/api/quests/abandon', `You give up ${q.name}.`));
  return li;
}

const STATES = { completed: 'done', failed: 'failed', abandoned: 'given up' };

function finishedItem(f) {
  const owed = f.state === 'completed' && !f.rewarded ? ' (reward owed)' : '';
  return el('li', { 'data-quest': f.quest }, `${f.name}: ${STATES[f.state] ?? f.state}${owed}${f.note && f.state !== 'completed' ? ` (${f.note})` : ''}`);
}

async function load() {
  const all = await api.get('/api/quests');
  $('quests-offered').replaceChildren(...all.offered.map(offeredItem));
  $('quests-offered-none').hidden = all.offered.length > 0;
  $('quests-active').replaceChildren(...all.active.map((q) => activeItem(q, all.gameMinutes)));
  $('quests-active-none').hidden = all.active.length > 0;
  $('quests-finished').replaceChildren(...all.finished.map(finishedItem));
}

export function setupQuests(after) {
  refreshAfter = after;
}

/** Shown with a character; asked again when the character moves or a notice arrives. */
export function renderQuests(me) {
  $('panel-quests').hidden = !me?.character;
  if (stale.changed(me)) load().catch((err) => { $('quest-error').textContent = err.message; });
}
