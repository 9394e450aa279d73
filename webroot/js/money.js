// Money as players read it. The server keeps every amount as integer copper and sends the coins (gp, sp, cp and
// what each is worth in copper) with the world (GET /api/towns); this formats and reads amounts from that list.

let coins = [{ abbreviation: 'cp', name: 'copper', copper: 1 }];

export function setCoins(list) {
  if (Array.isArray(list) && list.length) coins = [...list].sort((a, b) => b.copper - a.copper);
}

/** 234 → "2 gp 3 sp 4 cp"; 0 → "0 cp". */
export function formatMoney(copper) {
  const n = Math.round(Number(copper));
  if (!n) return `0 ${coins[coins.length - 1].abbreviation}`;
  let left = Math.abs(n);
  const parts = [];
  for (const c of coins) {
    const k = Math.floor(left / c.copper);
    left -= k * c.copper;
    if (k) parts.push(`${k} ${c.abbreviation}`);
  }
  return (n < 0 ? '-' : '') + parts.join(' ');
}

/** The largest coin (gold), in which the forms take amounts with two decimals: 2.34 gp is 2 gp 3 sp 4 cp. */
export const bigCoin = () => coins[0];
export const toCopper = (amount) => Math.round(Number(amount) * bigCoin().copper);
export const fromCopper = (copper) => (copper / bigCoin().copper).toFixed(Math.round(Math.log10(bigCoin().copper)));
