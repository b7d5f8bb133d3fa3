// Writes src/calendar/xnys-table.ts from the XNYS rules (run: npm run generate:calendars).
import { writeFileSync } from 'node:fs';
import { renderXnysTable } from '../src/calendar/xnys-rules.js';

const target = new URL('../src/calendar/xnys-table.ts', import.meta.url);
writeFileSync(target, renderXnysTable());
process.stdout.write(`wrote ${target.pathname}\n`);
