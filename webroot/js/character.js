// Character creation (the dice are rolled on the server and shown here) and the character sheet.
import { api } from './api.js';
import { formatMoney } from './money.js';

const $ = (id) => document.getElementById(id);
const NAMES = { str: 'Strength', dex: 'Dexterity', con: 'Constitution', int: 'Intelligence', wis: 'Wisdom', cha: 'Charisma' };
const signed = (n) => (n >= 0 ? `+${n}` : `${n}`);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) node.append(c);
  return node;
}

export function setupCharacter(world, onCreated) {
  const select = $('class-select');
  select.replaceChildren(...world.classes.map((c) =>
    el('option', { value: c.id }, `${c.name} (d${c.hitDie}, ${formatMoney(c.startingCoin)})`)));
  $('create-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(e.target);
    const button = e.target.querySelector('button');
    button.disabled = true;
    $('character-error').textContent = '';
    try {
      await api.post('/api/characters', { name: String(data.get('name')).trim(), class: String(data.get('class')) });
      await onCreated();
    } catch (err) {
      $('character-error').textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });
}

function diceCell(roll) {
  const cell = el('td');
  let droppedShown = false;
  for (const d of roll.dice) {
    const dropped = !droppedShown && d === roll.dropped;
    if (dropped) droppedShown = true;
    cell.append(el('span', { class: dropped ? 'die dropped' : 'die', title: dropped ? 'dropped' : 'kept' }, String(d)));
  }
  return cell;
}

export function renderCharacter(me) {
  const c = me?.character;
  $('panel-create').hidden = !me || Boolean(c);
  $('panel-character').hidden = !c;
  if (!c) return;
  const rolls = Object.fromEntries(c.rolls.map((r) => [r.ability, r]));
  const table = el('table', { class: 'abilities' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Ability'), el('th', {}, 'Score'), el('th', {}, 'Mod'), el('th', {}, 'Dice (4d6, lowest dropped)'))),
    el('tbody', {}, ...Object.entries(c.abilities).map(([key, a]) => el('tr', {},
      el('th', { scope: 'row' }, NAMES[key] ?? key), el('td', {}, String(a.score)), el('td', {}, signed(a.modifier)),
      rolls[key] ? diceCell(rolls[key]) : el('td')))));
  const holdings = el('ul', { class: 'holdings', 'aria-label': 'What you carry' },
    ...Object.entries(me.holdings).map(([asset, qty]) => el('li', { 'data-asset': asset },
      asset === 'coin' ? `money: ${formatMoney(qty)}` : `${asset.replace(/_/g, ' ')}: ${qty}`)));
  $('sheet').replaceChildren(
    el('p', {}, el('strong', { id: 'character-name' }, c.name), ` the ${c.className}`),
    el('p', { class: 'level', id: 'character-level' }, `Level ${c.level}`,
      c.nextLevelXp > 0 ? `: ${c.xp} of ${c.nextLevelXp} experience to the next` : `: ${c.xp} experience`),
    el('p', { class: c.wounded ? 'hp wounded' : 'hp', id: 'character-hp' }, `Hit points ${c.hp} / ${c.maxHp}`,
      c.wounded ? ' — wounded: work goes slower until you rest' : ''),
    table,
    holdings);
}
