// The day/night theme: four palettes blended by the world's hour and minute, written as CSS custom
// properties on <html>. Pure functions apart from applyTheme, so they are easy to reason about.

export const PALETTES = {
  night: { bg: '#0b1020', panel: '#131a2e', text: '#c9d1e6', muted: '#7d88a6', accent: '#8fa8ff', border: '#243052' },
  dawn:  { bg: '#2a1d2e', panel: '#3a2838', text: '#f3dfd3', muted: '#b99a95', accent: '#ff9e6b', border: '#5a3d4f' },
  day:   { bg: '#26313d', panel: '#323e4c', text: '#f4f1e8', muted: '#b8b4a6', accent: '#f2c14e', border: '#4f5d70' },
  dusk:  { bg: '#2a1a24', panel: '#38222f', text: '#f0d9cf', muted: '#ad8f90', accent: '#e0704f', border: '#58344a' },
};

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
const toHex = (rgb) => '#' + rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('');
const mix = (a, b, t) => toHex(hex(a).map((v, i) => v + (hex(b)[i] - v) * t));

function blend(a, b, t) {
  const out = {};
  for (const key of Object.keys(a)) out[key] = mix(a[key], b[key], t);
  return out;
}

/**
 * The palette at a fractional hour (0–24) for a season whose dawn and dusk start at the given hours.
 * Night holds until half an hour before dawn, turns to the dawn palette by half past dawn, to full day an
 * hour later; day holds until dusk, turns to the dusk palette by half past, and to night an hour later.
 */
export function paletteAt(hour, dawnHour, duskHour) {
  const { night, dawn, day, dusk } = PALETTES;
  const keys = [
    [dawnHour - 0.5, night], [dawnHour + 0.5, dawn], [dawnHour + 1.5, day],
    [duskHour, day], [duskHour + 0.5, dusk], [duskHour + 1.5, night],
  ];
  for (let i = 0; i < keys.length - 1; i++) {
    const [h0, p0] = keys[i];
    const [h1, p1] = keys[i + 1];
    if (hour >= h0 && hour < h1) return blend(p0, p1, (hour - h0) / (h1 - h0));
  }
  return { ...night };
}

/** Applies the palette for a world-time reading (the body of world.clock) to the document. */
export function applyTheme(time, root = document.documentElement) {
  const palette = paletteAt(time.hour + time.minute / 60, time.dawnHour, time.duskHour);
  for (const [key, value] of Object.entries(palette)) root.style.setProperty(`--wf-${key}`, value);
  root.dataset.phase = time.phase;
  return palette;
}
