import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The fenced blocks of language `lang` in the section of `doc` (a path under
 * docs/) headed `heading`, up to the next heading of the same or a higher level.
 */
export function docBlocks(doc: string, heading: string, lang: string): string[] {
  const text = readFileSync(join(root, 'docs', doc), 'utf8');
  const lines = text.split('\n');
  // Headings outside fenced blocks (a YAML or shell comment is not a heading).
  let fenced = false;
  const headingLevel = lines.map((line) => {
    if (line.startsWith('```')) fenced = !fenced;
    const match = fenced ? null : /^(#+) /.exec(line);
    return match === null ? 0 : match[1].length;
  });
  const start = lines.findIndex(
    (line, i) => headingLevel[i] > 0 && line.replace(/^#+ /, '') === heading,
  );
  if (start < 0) throw new Error(`docs/${doc} has no heading "${heading}"`);
  const level = headingLevel[start];
  let end = headingLevel.findIndex((l, i) => i > start && l > 0 && l <= level);
  if (end < 0) end = lines.length;
  const section = lines.slice(start + 1, end).join('\n');
  const blocks = [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map(
    (match) => match[1],
  );
  if (blocks.length === 0) throw new Error(`docs/${doc} "${heading}" has no ${lang} block`);
  return blocks;
}
