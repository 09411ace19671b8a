import type { Contract } from 'fabric-network';
import type { Bench } from './measure';
import type { RestClient } from './rest';
import type { Settings } from './settings';

/** The run's participants: an obligor, two suppliers (EnterpriseMSP) and a bank (BankAMSP). */
export interface Actors {
  readonly core: string;
  readonly sup1: string;
  readonly sup2: string;
  readonly bank: string;
}
export type Role = keyof Actors;

/** On chain amounts are integer minor units; the REST API takes decimal strings (EUR: 2 digits). */
export const CURRENCY = 'EUR';

/** What every phase of a run shares. */
export interface Context {
  readonly settings: Settings;
  readonly bench: Bench;
  readonly rest: RestClient;
  readonly actors: Actors;
  /** REST bearer tokens and SDK contracts (`receivables`) of each actor. */
  readonly tokens: Readonly<Record<Role, string>>;
  readonly contracts: Readonly<Record<Role, Contract>>;
  /** An auditor: a viewer of the auditor org (SDK), and the org's admin (REST). */
  readonly auditor: { readonly contract: Contract; readonly token: string };
  /** Credit lines of the obligor at the bank: one per closed-loop worker. */
  readonly lines: readonly string[];
  /** Unique per run: ids of everything the run creates start with it. */
  readonly suffix: string;
  /** Endorsing orgs (MSP ids) of an issuance (obligor's + bank's org), as GetEndorsementPlan says. */
  readonly issuePlan: readonly string[];
  /** Lines for the report's run notes. */
  readonly notes: string[];
}

/** A due date 90 days ahead. */
export function dueDate(): string {
  return new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
}

/** IssueReceivable's request: `sup1` is the creditor, the `worker`'s credit line is drawn. */
export function issueRequest(context: Context, id: string, amount: string, worker: number): string {
  return JSON.stringify({
    id,
    creditorId: context.actors.sup1,
    amount,
    currency: CURRENCY,
    dueDate: dueDate(),
    creditLineId: context.lines[worker % context.lines.length],
  });
}
