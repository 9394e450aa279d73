// When a panel's lists from the server may be stale: the character moved, or a notice arrived (a trade, a step of a
// quest, a house's upkeep), since the panel last asked. One per panel.
export class Staleness {
  #seen = null;

  /** True once for each change of the character's town or newest notice; never without a character. */
  changed(me) {
    if (!me?.character) {
      this.#seen = null;
      return false;
    }
    const now = `${me.character.town ?? ''}#${me.notices?.[0]?.id ?? 0}`;
    if (now === this.#seen) return false;
    this.#seen = now;
    return true;
  }
}
