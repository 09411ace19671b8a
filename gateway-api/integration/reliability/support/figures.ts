import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The figures each reliability case measured. Every suite records them here, in a folder the
 * integration global setup names (`SCF_RELIABILITY_DIR`), and the global teardown renders them
 * into RELIABILITY.md: the report is written by the suite itself, from what it measured.
 */

/** `SCF_RELIABILITY=full` runs the heavier variant of every case (CI runs the light one). */
export const fullMode = process.env.SCF_RELIABILITY === 'full';

/** The light or the full count. */
export function scaled(light: number, full: number): number {
  return fullMode ? full : light;
}

export const CASE_TITLES: Readonly<Record<number, string>> = {
  1: 'Double spend',
  2: 'Forged endorsement',
  3: 'Authorization matrix',
  4: 'Bad input',
  5: 'Node faults under load',
  6: 'Quorum, engine and gateway loss',
  7: 'Restart durability',
  8: 'Secrets and transport',
};

/** What one test of a case measured; counts add up over the tests of the case. */
export interface Figures {
  /** Ledger transactions (writes) tried. */
  readonly tried?: number;
  /** Of those, committed valid. */
  readonly committed?: number;
  /** Answered 2xx but not on the ledger afterwards: must be 0. */
  readonly lost?: number;
  /** Requests sent with hostile or malformed input. */
  readonly fuzzed?: number;
  /** Answers with a 5xx status where none may be (hostile input, or the ledger healthy). */
  readonly serverErrors?: number;
  /** A sentence about what ran (e.g. which variant of a fault). */
  readonly note?: string;
}

export interface RecordedFigures extends Figures {
  readonly case: number;
  readonly mode: 'light' | 'full';
}

function folder(): string {
  const dir = process.env.SCF_RELIABILITY_DIR;
  if (dir === undefined || dir === '') {
    throw new Error(
      'SCF_RELIABILITY_DIR is not set: the reliability suites run under the integration global setup',
    );
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Records (and prints) what a test of case `caseNumber` measured. */
export function recordFigures(caseNumber: number, figures: Figures): void {
  const recorded: RecordedFigures = { case: caseNumber, mode: fullMode ? 'full' : 'light', ...figures };
  writeFileSync(
    join(folder(), `case-${caseNumber}-${Date.now()}-${randomBytes(3).toString('hex')}.json`),
    JSON.stringify(recorded),
  );
  process.stderr.write(
    `[reliability ${caseNumber}. ${CASE_TITLES[caseNumber] ?? ''}] ${JSON.stringify(figures)}\n`,
  );
}

/** Every figure recorded in this run, in recording order. */
export function recordedFigures(dir: string): RecordedFigures[] {
  return readdirSync(dir)
    .filter((file) => file.startsWith('case-') && file.endsWith('.json'))
    .sort((a, b) => Number(a.split('-')[2]) - Number(b.split('-')[2]))
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as RecordedFigures);
}
