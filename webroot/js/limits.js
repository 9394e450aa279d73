// Form fields take their limits and rules from the server (GET /api/limits), where each is declared once; the page
// repeats none of them. A field too long is not cut short: the player sees the rule, in the server's own words.
import { api } from './api.js';
import { setCoins } from './money.js';

let forms = {};

export async function loadLimits() {
  const limits = await api.get('/api/limits');
  forms = limits.forms ?? {};
  setCoins(limits.money?.coins);
  applyForms(document);
  return forms;
}

/** The rule of one field of one form ({kind, min, max, pattern, rule, required}), if the server declared it. */
export const fieldOf = (form, field) => forms[form]?.[field];

/** Null when the value is acceptable, otherwise the field's rule: the same check as the server's Field. */
export function problem(f, raw) {
  if (raw === '' || raw == null) return f.required ? f.rule : null;
  if (f.kind === 'whole') {
    const n = Number(raw);
    return Number.isInteger(n) && n >= f.min && n <= f.max ? null : f.rule;
  }
  const v = f.kind === 'secret' ? raw : raw.trim();
  const length = [...v].length;
  if (length < f.min || length > f.max) return f.rule;
  if (f.pattern && !new RegExp(`^(?:${f.pattern})$`, 'u').test(v)) return f.rule;
  return null;
}

/** Gives an input its field's limits and makes the browser show the rule when the value breaks it. */
export function applyField(input, f) {
  if (!input || !f) return;
  if (f.kind === 'whole') {
    input.min = String(f.min);
    input.max = String(f.max);
    input.step = '1';
  } else if (f.min > 0) {
    input.minLength = f.min;
  }
  input.title = f.rule;
  input.required = Boolean(f.required);
  const check = () => input.setCustomValidity(problem(f, input.value) ?? '');
  input.addEventListener('input', check);
  check();
}

/** Every <form data-form="name"> in root: each named field gets the server's limits for it. */
export function applyForms(root) {
  for (const form of root.querySelectorAll('form[data-form]')) {
    const spec = forms[form.dataset.form];
    if (!spec) continue;
    for (const input of form.querySelectorAll('input[name], textarea[name]')) applyField(input, spec[input.name]);
  }
}
