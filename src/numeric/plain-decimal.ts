/**
 * Rewrites a number's text without an exponent, exactly, by moving the
 * decimal point: `1.5e-7` → `0.00000015`, `2e+21` → `2000000000000000000000`.
 * Text without an exponent is returned unchanged; text that is not a number
 * returns `undefined`.
 */
export function plainDecimalText(text: string): string | undefined {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (match === null || (match[2] === '' && (match[3] ?? '') === '')) return undefined;
  if (match[4] === undefined) return text;
  const [, sign, whole, fraction = ''] = match;
  const exponent = Number(match[4]);
  const digits = `${whole}${fraction}`;
  const point = whole.length + exponent;
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = `${digits}${'0'.repeat(point - digits.length)}`;
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  plain = plain.replace(/^0+(?=\d)/, '');
  return `${sign === '-' ? '-' : ''}${plain}`;
}
