// Icons from game-icons.net (CC BY 3.0; credits in the page's footer and img/icons/CREDITS.txt), one SVG file each
// under img/icons/, drawn in the text's colour by a CSS mask. Which exist is said once, in the stylesheet (a class
// .icon-<name> per file); a name without one shows nothing.

/** A decorative icon: hidden from screen readers, since the text beside it says the same. */
export function icon(name) {
  const span = document.createElement('span');
  span.className = `icon icon-${name}`;
  span.setAttribute('aria-hidden', 'true');
  return span;
}
