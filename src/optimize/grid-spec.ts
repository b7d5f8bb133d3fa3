import { ParameterError } from '../errors/index.js';
import type { ParamValue } from '../engine/algorithm/strategy-params.js';
import { checkSpace, range, type ParameterSpace } from './parameter-space.js';

/**
 * Parses a grid given on the command line: parameters separated by commas,
 * each `name=start:stop:step` (a range, inclusive), `name=a|b|c` (a list) or
 * `name=value` (fixed). Numbers, `true` and `false` are typed; other values
 * stay text. Example: `fast=5:50:5,slow=20:200:10,mode=sma|ema`.
 *
 * @throws ParameterError naming the part that does not parse.
 */
export function parseGrid(spec: string): ParameterSpace {
  const space: Record<string, ParamValue[]> = {};
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      throw new ParameterError(
        `Grid part ${JSON.stringify(part)} is not name=start:stop:step, name=a|b or name=value.`,
      );
    }
    const name = part.slice(0, eq).trim();
    const body = part.slice(eq + 1).trim();
    if (name in space)
      throw new ParameterError(`Parameter ${name} appears twice in the grid.`, name);
    if (body.includes(':')) {
      const bounds = body.split(':').map((x) => x.trim());
      const numbers = bounds.map(Number);
      if (
        bounds.length < 2 ||
        bounds.length > 3 ||
        bounds.some((b) => b === '') ||
        !numbers.every(Number.isFinite)
      ) {
        throw new ParameterError(
          `Grid range ${JSON.stringify(part)} must be ${name}=start:stop or ${name}=start:stop:step with numbers.`,
          name,
        );
      }
      try {
        space[name] = range(numbers[0], numbers[1], numbers[2] ?? 1);
      } catch (error) {
        throw new ParameterError(`Parameter ${name}: ${(error as Error).message}`, name);
      }
    } else {
      space[name] = body.split('|').map((x) => typedValue(x.trim()));
    }
  }
  if (Object.keys(space).length === 0) {
    throw new ParameterError('The grid is empty; give it as fast=5:50:5,slow=20:200:10.');
  }
  return checkSpace(space, 'the grid');
}

function typedValue(text: string): ParamValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  const number = Number(text);
  return text !== '' && Number.isFinite(number) ? number : text;
}
