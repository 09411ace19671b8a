import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_TITLES, type RecordedFigures, recordedFigures } from './figures';

/** The summed figures of one case. */
interface CaseTotals {
  tried: number;
  committed: number;
  lost: number;
  fuzzed: number;
  serverErrors: number;
  notes: string[];
  modes: Set<string>;
}

function totals(figures: readonly RecordedFigures[]): Map<number, CaseTotals> {
  const byCase = new Map<number, CaseTotals>();
  for (const figure of figures) {
    const sum = byCase.get(figure.case) ?? {
      tried: 0,
      committed: 0,
      lost: 0,
      fuzzed: 0,
      serverErrors: 0,
      notes: [],
      modes: new Set<string>(),
    };
    sum.tried += figure.tried ?? 0;
    sum.committed += figure.committed ?? 0;
    sum.lost += figure.lost ?? 0;
    sum.fuzzed += figure.fuzzed ?? 0;
    sum.serverErrors += figure.serverErrors ?? 0;
    if (figure.note !== undefined) sum.notes.push(figure.note);
    sum.modes.add(figure.mode);
    byCase.set(figure.case, sum);
  }
  return byCase;
}

/** RELIABILITY.md from the figures of this run. */
export function reliabilityReport(figures: readonly RecordedFigures[], finishedAt: Date): string {
  const byCase = totals(figures);
  const modes = new Set(figures.map((figure) => figure.mode));
  const lines = [
    '# Reliability',
    '',
    'Written by the reliability suite (`npm run test:reliability`, also part of `npm test`) from what',
    'it measured against the real network and gateway; do not edit by hand.',
    '',
    `Run finished ${finishedAt.toISOString()}, mode: ${[...modes].join(', ')}`,
    '(`SCF_RELIABILITY=full` runs the heavier counts; see the README).',
    '',
    '| Case | Transactions tried | Committed | Lost | Requests fuzzed | 5xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [number, title] of Object.entries(CASE_TITLES)) {
    const sum = byCase.get(Number(number));
    lines.push(
      sum === undefined
        ? `| ${number}. ${title} | not run | | | | |`
        : `| ${number}. ${title} | ${sum.tried} | ${sum.committed} | ${sum.lost} | ${sum.fuzzed} | ${sum.serverErrors} |`,
    );
  }
  lines.push('', '## What each case ran', '');
  for (const [number, title] of Object.entries(CASE_TITLES)) {
    const sum = byCase.get(Number(number));
    lines.push(
      `**${number}. ${title}.** ${sum === undefined ? 'Not run in this run.' : sum.notes.join(' ')}`,
      '',
    );
  }
  return lines.join('\n');
}

/** Renders RELIABILITY.md at `repoRoot` when any case recorded figures in `dir`. */
export function writeReliabilityReport(dir: string | undefined, repoRoot: string): void {
  if (dir === undefined || !existsSync(dir)) return;
  const figures = recordedFigures(dir);
  if (figures.length === 0) return;
  writeFileSync(join(repoRoot, 'RELIABILITY.md'), reliabilityReport(figures, new Date()));
}
