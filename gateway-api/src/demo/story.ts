/**
 * The SCF story, through the REST API only: onboarding, a credit line, a receivable issued,
 * accepted, split, passed down to tier 2, financed by a bank, settled at maturity; then its
 * provenance and an auditor's view of its history.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ProvenanceTree } from 'receivables-chaincode/contract';
import type { z } from 'zod';
import {
  CreditLinePageView,
  CreditLineWriteView,
  FinancingWriteView,
  HistoryView,
  ParticipantWriteView,
  ProvenanceView,
  ReceivableWriteView,
  UserView,
} from '../api/schemas';
import { kindOfOrg, orgKeys, type NetworkProfile } from '../config/network-profile';
import { adminUsername, type OrgKey, type ParticipantKind } from '../domain/orgs';
import { RestCallError, type RestClient } from './rest-client';

/** Options of {@link runDemoStory}. */
export interface DemoOptions {
  /** The org administrators' password (`SCF_ADMIN_PASSWORD`). */
  readonly adminPassword: string;
  /** Makes the ids of this run unique (participants and users persist on the ledger). */
  readonly runId: string;
  /** Where the narration goes. */
  readonly say: (line: string) => void;
  /** The due date of the receivable, `YYYY-MM-DD`. */
  readonly dueDate: string;
  /** The password of the users it enrols; random when not given. */
  readonly userPassword?: string;
  /** The org that registers the participants of each kind (see {@link demoOrgs}). */
  readonly orgs: Readonly<Record<ParticipantKind, OrgKey>>;
}

/**
 * The orgs the story runs in: the first org of each kind in the network profile.
 *
 * @throws Error when the profile has no org of some kind
 */
export function demoOrgs(profile: NetworkProfile): Record<ParticipantKind, OrgKey> {
  const orgOfKind = (kind: ParticipantKind): OrgKey => {
    const found = orgKeys(profile).find((org) => kindOfOrg(profile, org) === kind);
    if (found === undefined) {
      throw new Error(`the network profile has no ${kind} org`);
    }
    return found;
  };
  return { ENTERPRISE: orgOfKind('ENTERPRISE'), BANK: orgOfKind('BANK'), AUDITOR: orgOfKind('AUDITOR') };
}

/** What the story produced. */
export interface DemoOutcome {
  readonly rootId: string;
  readonly tier2PartId: string;
  readonly provenance: z.infer<typeof ProvenanceView>;
  readonly history: z.infer<typeof HistoryView>;
  readonly settled: z.infer<typeof ReceivableWriteView>;
}

/** Options of {@link renderTree}. */
export interface TreeOptions {
  /** The currency printed after each amount. */
  readonly currency?: string;
  /** The receivable to mark (e.g. the one whose provenance was asked for). */
  readonly mark?: string;
}

/**
 * Renders a split tree in ASCII, one node per line: id, amount, holder, status; children under
 * their parent with `|--` / `` `-- `` branches, e.g.
 *
 * ```
 * R-1  100000.00 EUR  holder T1  SPLIT
 * |-- R-1.1  60000.00 EUR  holder BANKA  SETTLED  <==
 * `-- R-1.2  40000.00 EUR  holder T1  SETTLED
 * ```
 */
export function renderTree(node: ProvenanceTree, options: Readonly<TreeOptions> = {}): string[] {
  const label = (tree: ProvenanceTree): string =>
    [
      tree.id,
      options.currency === undefined ? tree.amount : `${tree.amount} ${options.currency}`,
      `holder ${tree.holderId}`,
      tree.status,
      ...(tree.id === options.mark ? ['<=='] : []),
    ].join('  ');
  const below = (tree: ProvenanceTree, indent: string): string[] =>
    tree.children.flatMap((child, index) => {
      const last = index === tree.children.length - 1;
      return [
        `${indent}${last ? '`-- ' : '|-- '}${label(child)}`,
        ...below(child, `${indent}${last ? '    ' : '|   '}`),
      ];
    });
  return [label(node), ...below(node, '')];
}

/** Whether a refusal is a transaction that lost a race with a concurrent one (it changed nothing). */
function lostRace(error: unknown): boolean {
  const validationCode = error instanceof RestCallError ? error.problem?.validationCode : undefined;
  return validationCode === 'MVCC_READ_CONFLICT' || validationCode === 'ENDORSEMENT_POLICY_FAILURE';
}

/** Runs the whole story against a gateway. */
export async function runDemoStory(client: RestClient, options: Readonly<DemoOptions>): Promise<DemoOutcome> {
  const { say } = options;
  const run = options.runId.toUpperCase();
  const id = (name: string): string => `${name}-${run}`;
  const password = options.userPassword ?? `${randomBytes(12).toString('base64url')}-demo`;

  say('1. Org administrators log in');
  const admin = (kind: ParticipantKind): Promise<string> =>
    client.login(adminUsername(options.orgs[kind]), options.adminPassword);
  const admins: Record<ParticipantKind, string> = {
    ENTERPRISE: await admin('ENTERPRISE'),
    BANK: await admin('BANK'),
    AUDITOR: await admin('AUDITOR'),
  };

  const onboard = async (
    participantId: string,
    name: string,
    kind: ParticipantKind,
    role: 'operator' | 'viewer',
  ): Promise<string> => {
    // Every registration in an org rewrites the org's registry: one made at the same moment by
    // someone else on the network invalidates ours, which changed nothing and is made again.
    const register = (): Promise<z.infer<typeof ParticipantWriteView>> =>
      client.post(admins[kind], '/participants', { id: participantId, name, kind }, ParticipantWriteView);
    const participant = await register().catch(async (error: unknown) => {
      if (lostRace(error)) return register();
      throw error;
    });
    const username = `${participantId.toLowerCase()}@${options.orgs[kind]}`;
    const user = await client.post(
      admins[kind],
      `/participants/${participantId}/users`,
      { username, password, role },
      UserView,
    );
    say(
      `   ${participant.id} (${participant.kind}, ${participant.mspId}) - user ${user.username} as ${user.role}`,
    );
    return client.login(username, password);
  };

  say('2. Onboarding participants and their users');
  const core = await onboard(id('CORE'), 'Core Motors', 'ENTERPRISE', 'operator');
  const tier1 = await onboard(id('T1'), 'Tier-1 Gearbox Supplier', 'ENTERPRISE', 'operator');
  const tier2 = await onboard(id('T2'), 'Tier-2 Bearing Supplier', 'ENTERPRISE', 'operator');
  const bank = await onboard(id('BANKA'), 'Bank A', 'BANK', 'operator');
  const auditor = await onboard(id('AUD'), 'Auditor', 'AUDITOR', 'viewer');

  say('3. Bank A grants Core Motors a credit line of EUR 1,000,000.00');
  const line = await client.post(
    bank,
    '/credit-lines',
    { obligorId: id('CORE'), currency: 'EUR', limit: '1000000.00' },
    CreditLineWriteView,
  );
  say(`   ${line.id}: limit ${line.limit} ${line.currency} (tx ${line.txId})`);

  say('4. Core Motors issues EUR 100,000.00 to its tier-1 supplier');
  const invoiceHash = createHash('sha256').update(`INVOICE-${run}`).digest('hex');
  const issued = await client.post(
    core,
    '/receivables',
    {
      id: id('R'),
      creditorId: id('T1'),
      amount: '100000.00',
      currency: 'EUR',
      dueDate: options.dueDate,
      creditLineId: line.id,
      invoiceHashes: [invoiceHash],
    },
    ReceivableWriteView,
  );
  say(`   ${issued.id}: ${issued.amount} ${issued.currency}, ${issued.status}`);

  say('5. The tier-1 supplier accepts it');
  const accepted = await client.post(tier1, `/receivables/${issued.id}/accept`, {}, ReceivableWriteView);
  say(`   ${accepted.id}: ${accepted.status}`);

  say('6. It splits it into 60,000.00 + 40,000.00');
  const split = await client.post(
    tier1,
    `/receivables/${issued.id}/split`,
    { parts: [{ amount: '60000.00' }, { amount: '40000.00' }] },
    ReceivableWriteView,
  );
  const [forTier2, kept] = split.parts ?? [];
  if (forTier2 === undefined || kept === undefined) {
    throw new Error('the split returned no parts');
  }
  say(`   ${split.id}: ${split.status} -> ${forTier2.id} ${forTier2.amount}, ${kept.id} ${kept.amount}`);

  say('7. It passes the 60,000.00 part down to its tier-2 supplier');
  const transferred = await client.post(
    tier1,
    `/receivables/${forTier2.id}/transfer`,
    { toId: id('T2') },
    ReceivableWriteView,
  );
  say(`   ${transferred.id}: holder ${transferred.holderId}`);

  say('8. The tier-2 supplier asks Bank A to finance its part');
  const requested = await client.post(
    tier2,
    `/receivables/${forTier2.id}/financing-requests`,
    { bankId: id('BANKA') },
    FinancingWriteView,
  );
  say(`   ${requested.id}: ${requested.amount} ${requested.currency}, ${requested.status}`);

  say('9. Bank A checks its provenance, then finances it with an advance of 58,800.00');
  const checked = await client.get(bank, `/receivables/${forTier2.id}/provenance`, ProvenanceView);
  say(
    `   path: ${checked.path.map((hop) => `${hop.kind} ${hop.fromId} -> ${hop.toId} ${hop.amount}`).join(', ')}`,
  );
  const approved = await client.post(
    bank,
    `/financing-requests/${requested.id}/approve`,
    { advanceAmount: '58800.00' },
    FinancingWriteView,
  );
  say(
    `   ${approved.id}: ${approved.status}; ${approved.receivable.id} now held by ${approved.receivable.holderId}`,
  );

  say('10. At maturity Core Motors settles the receivable and every live part');
  const settled = await client.post(
    core,
    `/receivables/${issued.id}/settle`,
    { paymentRef: `PAY-${run}` },
    ReceivableWriteView,
  );
  say(
    `   ${settled.id}: ${settled.status}; parts settled: ${(settled.parts ?? []).map((part) => `${part.id} (${part.holderId})`).join(', ')}`,
  );

  const line2 = await client.get(bank, `/credit-lines?obligorId=${id('CORE')}`, CreditLinePageView);
  const restored = line2.items.find((item) => item.id === line.id);
  say(`   credit line ${line.id}: used ${restored?.used ?? '?'} of ${line.limit} ${line.currency} again`);

  say('11. Provenance of the tier-2 part: its path from the issuance, and the whole split tree');
  const provenance = await client.get(tier2, `/receivables/${forTier2.id}/provenance`, ProvenanceView);
  for (const hop of provenance.path) {
    say(
      `   ${hop.kind.padEnd(8)} ${hop.fromId} -> ${hop.toId}  ${hop.amount}  tx ${hop.txId.slice(0, 12)}...`,
    );
  }
  say('');
  for (const row of renderTree(provenance.tree, { currency: provenance.currency, mark: forTier2.id })) {
    say(`   ${row}`);
  }
  say('');

  say("12. The auditor's view of the tier-2 part's history (newest first)");
  const history = await client.get(auditor, `/receivables/${forTier2.id}/history`, HistoryView);
  for (const entry of history) {
    say(
      `   ${entry.timestamp}  tx ${entry.txId.slice(0, 12)}...  ${(entry.value?.status ?? 'deleted').padEnd(19)}  holder ${entry.value?.holderId ?? '-'}`,
    );
  }
  return { rootId: issued.id, tier2PartId: forTier2.id, provenance, history, settled };
}
