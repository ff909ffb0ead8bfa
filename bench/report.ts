import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';

const DOC = join(__dirname, '..', 'docs', 'benchmarks.md');

/** The value at percentile `p` of ascending `sorted` values (nearest rank). */
export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
export const sortedOf = (values: number[]): number[] => [...values].sort((a, b) => a - b);
/** Milliseconds with three significant figures at most: 4.56, 45.6, 456. */
export const ms = (value: number): string => (value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0));

/** "2 cores (AMD EPYC …), Node 20.20.2, 2026-11-24": where and when a figure was measured. */
export function machineLine(): string {
  return `${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.versions.node}, ${new Date().toISOString().slice(0, 10)}`;
}

export interface BenchSection {
  /** The `## title` of the section; a section of that title is replaced, others are kept. */
  title: string;
  intro: string;
  rows: [string, string][];
  /** A table of several columns after the figures (comparisons side by side). */
  table?: { header: string[]; rows: string[][] };
  outro?: string;
}

/** Writes (or replaces) one section of docs/benchmarks.md. */
export function writeBenchSection({ title, intro, rows, table, outro }: BenchSection): void {
  const section = [
    `## ${title}`,
    '',
    intro,
    '',
    '| What | Figure |',
    '|---|---|',
    ...rows.map(([what, figure]) => `| ${what} | ${figure} |`),
    '',
    ...(table
      ? [`| ${table.header.join(' | ')} |`, `|${table.header.map(() => '---').join('|')}|`, ...table.rows.map((cells) => `| ${cells.join(' | ')} |`), '']
      : []),
    ...(outro ? [outro, ''] : []),
  ].join('\n');
  const current = readFileSync(DOC, 'utf8');
  const heading = new RegExp(`^## ${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm');
  const start = current.search(heading);
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${section}`;
  } else {
    const rest = current.slice(start + 1);
    const end = rest.search(/^## /m);
    next = current.slice(0, start) + section + (end === -1 ? '' : `\n${rest.slice(end)}`);
  }
  writeFileSync(DOC, next.endsWith('\n') ? next : `${next}\n`);
  console.log(`\nwrote the "${title}" section of ${DOC}`);
}
