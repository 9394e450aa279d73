// Panels are drawn again from the server whenever the world moves: a ballot counted, someone walking in, a notice.
// A redraw must not throw away what the player is typing or choosing. The fields the player has changed are carried
// into the redrawn panel, and so is the keyboard's focus. A field is known by its aria-label (every field has one,
// which the accessibility test checks), and by its place among fields with the same label.
const FIELDS = 'input, select, textarea';
const FOCUSABLE = `${FIELDS}, button, summary`;
const tracked = new WeakSet();

/** Marks, from now on, each field of the container that the player changes. */
function track(container) {
  if (tracked.has(container)) return;
  tracked.add(container);
  const mark = (ev) => {
    if (ev.target.matches?.(FIELDS)) ev.target.dataset.edited = 'yes';
  };
  container.addEventListener('input', mark);
  container.addEventListener('change', mark);
}

/** [key, element] for each element of the container that matches the selector and has a name a reader can see. */
function keyed(container, selector) {
  const seen = new Map();
  const out = [];
  for (const node of container.querySelectorAll(selector)) {
    const label = node.getAttribute('aria-label') ?? (node.matches(FIELDS) ? null : node.textContent.trim());
    if (!label) continue;
    const n = seen.get(label) ?? 0;
    seen.set(label, n + 1);
    out.push([`${node.tagName}:${label}#${n}`, node]);
  }
  return out;
}

const valueOf = (f) => (f.type === 'checkbox' || f.type === 'radio' ? f.checked : f.value);

function restore(f, value) {
  if (typeof value === 'boolean') f.checked = value;
  // A choice the redraw no longer offers (a candidate who withdrew) is not forced on the select.
  else if (f.tagName === 'SELECT' && ![...f.options].some((o) => o.value === value)) return;
  else f.value = value;
  f.dataset.edited = 'yes';
}

/**
 * Runs {@code redraw}, which replaces what the container shows, and puts back the player's changes to its fields and
 * the keyboard's focus. The player's change wins over the server's value until the field is gone from the panel.
 */
export function redrawKeepingEdits(container, redraw) {
  track(container);
  const edits = new Map(keyed(container, FIELDS).filter(([, f]) => f.dataset.edited).map(([k, f]) => [k, valueOf(f)]));
  const active = document.activeElement;
  const focused = container.contains(active) ? keyed(container, FOCUSABLE).find(([, n]) => n === active)?.[0] : undefined;
  redraw();
  for (const [k, f] of keyed(container, FIELDS)) if (edits.has(k)) restore(f, edits.get(k));
  if (focused) keyed(container, FOCUSABLE).find(([k]) => k === focused)?.[1].focus();
}
