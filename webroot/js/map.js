// The region as SVG (a group: it holds buttons, so it is no image): towns, roads with their hours, your position;
// towns you can reach are buttons. The town panel lists the same roads as plain buttons.

const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

export function renderMap(world, me, present, onTravel) {
  const map = document.getElementById('map');
  const title = map.querySelector('title');
  map.replaceChildren(title);
  const here = me?.character && !me.activity ? me.character.town : null;
  const reachable = new Set();
  for (const road of world.roads) {
    const a = world.towns.get(road.from);
    const b = world.towns.get(road.to);
    const open = here && (road.from === here || road.to === here);
    if (open) reachable.add(road.from === here ? road.to : road.from);
    map.append(svg('line', { class: open ? 'road open' : 'road', x1: a.x, y1: a.y, x2: b.x, y2: b.y }));
    map.append(svg('text', { class: 'road-label', x: (a.x + b.x) / 2 + 6, y: (a.y + b.y) / 2 - 6 },
      `${road.hours}h · danger ${road.danger}`));
  }
  for (const town of world.towns.values()) {
    const canGo = reachable.has(town.id);
    const count = (present[town.id] ?? []).length;
    const g = svg('g', {
      class: `town${town.id === here ? ' here' : ''}${canGo ? ' reachable' : ''}`,
      'data-town': town.id,
      transform: `translate(${town.x} ${town.y})`,
    });
    g.append(svg('circle', { r: 14 }), svg('text', { x: 20, y: 5 }, town.name),
      svg('text', { class: 'count', x: 20, y: 20 }, count ? `${count} online` : ''));
    if (canGo) {
      g.setAttribute('role', 'button');
      g.setAttribute('tabindex', '0');
      g.setAttribute('aria-label', `Travel to ${town.name}`);
      const go = () => onTravel(town.id);
      g.addEventListener('click', go);
      g.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); go(); } });
    }
    map.append(g);
  }
}
