import type { CpuProfile, CpuProfileNode } from './inspector-types.js';
import { sampleDurations } from './cpu-analysis.js';
import { classify, relativeScript, type ProfileModule } from './module-map.js';

const COLORS: Record<ProfileModule, string> = {
  'data loading': '#8ecae6',
  'data portal': '#219ebc',
  blotter: '#ffb703',
  ledger: '#fb8500',
  models: '#f4a261',
  metrics: '#90be6d',
  indicators: '#43aa8b',
  'strategy code': '#c77dff',
  numeric: '#e63946',
  'native boundary': '#9d0208',
  'rust core': '#6a040f',
  'engine loop': '#ffd166',
  calendar: '#b5838d',
  GC: '#6c757d',
  other: '#ced4da',
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/**
 * Renders a CPU profile as a self-contained icicle flame graph (SVG, callers
 * on top, width = inclusive time, colour = module, hover title = function,
 * script:line, ms and share). `(idle)` is left out; frames narrower than
 * `minWidth` pixels are dropped.
 */
export function flameGraphSvg(
  profile: CpuProfile,
  title: string,
  width = 1400,
  minWidth = 0.3,
): string {
  const byId = new Map<number, CpuProfileNode>(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  const durations = sampleDurations(profile);
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + durations[i]));
  const totalMs = new Map<number, number>();
  const total = (id: number): number => {
    const node = byId.get(id)!;
    if (node.callFrame.functionName === '(idle)') return 0;
    let sum = selfMs.get(id) ?? 0;
    for (const child of node.children ?? []) sum += total(child);
    totalMs.set(id, sum);
    return sum;
  };
  const root = profile.nodes[0];
  const rootMs = total(root.id);
  const row = 17;
  const top = 40;
  const rects: string[] = [];
  let depthMax = 0;
  const scale = rootMs > 0 ? width / rootMs : 0;
  const draw = (id: number, x: number, depth: number) => {
    const node = byId.get(id)!;
    const ms = totalMs.get(id) ?? 0;
    const w = ms * scale;
    if (w < minWidth) return;
    depthMax = Math.max(depthMax, depth);
    const frame = node.callFrame;
    const script = relativeScript(frame.url);
    const name = frame.functionName === '' ? '(anonymous)' : frame.functionName;
    const { module } = classify(script, frame.functionName);
    const y = top + depth * row;
    const where = script === '' ? '' : ` ${script}:${frame.lineNumber + 1}`;
    const share = rootMs > 0 ? ((100 * ms) / rootMs).toFixed(2) : '0';
    const label = w > 30 ? name.slice(0, Math.floor(w / 7)) : '';
    rects.push(
      `<g><title>${escapeXml(`${name}${where} — ${ms.toFixed(1)} ms, ${share} % (${module})`)}</title>` +
        `<rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${row - 1}" fill="${COLORS[module]}"/>` +
        (label === ''
          ? ''
          : `<text x="${(x + 3).toFixed(2)}" y="${y + 12}">${escapeXml(label)}</text>`) +
        '</g>',
    );
    let childX = x;
    for (const child of node.children ?? []) {
      draw(child, childX, depth + 1);
      childX += (totalMs.get(child) ?? 0) * scale;
    }
  };
  draw(root.id, 0, 0);
  const legendY = top + (depthMax + 1) * row + 20;
  const legend = (Object.keys(COLORS) as ProfileModule[])
    .map(
      (module, i) =>
        `<rect x="${i * 105}" y="${legendY}" width="12" height="12" fill="${COLORS[module]}"/>` +
        `<text x="${i * 105 + 16}" y="${legendY + 11}">${escapeXml(module)}</text>`,
    )
    .join('');
  const height = legendY + 30;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="11">` +
    `<text x="0" y="20" font-size="14">${escapeXml(`${title} — ${rootMs.toFixed(0)} ms busy (idle left out)`)}</text>` +
    rects.join('') +
    legend +
    '</svg>\n'
  );
}
