/**
 * Symbols among `known` that the user may have meant by `symbol`: the same
 * symbol in another case first, then those one edit away (two for symbols of
 * five letters or more; a swap of neighbours is one edit), case-insensitive,
 * closest first, at most `limit`.
 */
export function nearSymbols(symbol: string, known: Iterable<string>, limit = 3): string[] {
  const wanted = symbol.toUpperCase();
  const scored: [string, number][] = [];
  for (const candidate of new Set(known)) {
    if (candidate === symbol) continue;
    const upper = candidate.toUpperCase();
    const cap = Math.min(wanted.length, upper.length) >= 5 ? 2 : 1;
    const distance = upper === wanted ? 0 : editDistance(wanted, upper, cap);
    if (distance <= cap && distance < Math.max(wanted.length, upper.length)) {
      scored.push([candidate, distance]);
    }
  }
  scored.sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return scored.slice(0, limit).map(([candidate]) => candidate);
}

/**
 * Unknown symbols named for a message, each with its near matches:
 * `goog (did you mean GOOG?), XYZ`.
 */
export function describeUnknownSymbols(
  unknown: readonly string[],
  known: Iterable<string>,
): string {
  const pool = [...known];
  return unknown
    .map((symbol) => {
      const near = nearSymbols(symbol, pool);
      return near.length === 0 ? symbol : `${symbol} (did you mean ${near.join(' or ')}?)`;
    })
    .join(', ');
}

/**
 * Edit distance counting an insertion, a deletion, a substitution or a swap of
 * two neighbours as one edit (optimal string alignment), or `cap + 1` as soon
 * as it must exceed `cap`.
 */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2] + 1);
      }
      current[j] = value;
      best = Math.min(best, value);
    }
    if (best > cap) return cap + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length];
}
