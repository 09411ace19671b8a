/** Moving value between holders: TransferReceivable (whole or partial) and SplitReceivable. */
import {
  optionalArgument,
  readAmount,
  readId,
  readJsonArgument,
  readSplitAmounts,
  requireStatus,
  ValidationError,
  type Participant,
  type Receivable,
  type ReceivableResult,
  type SplitResult,
} from './contract';
import { writer, type Actor } from './identity';
import { digits, minor, total } from './money';
import { counterparty } from './participant';
import { moved, requireParty, saveReceivable, split } from './receivable';
import type { State } from './state';
import type { Tx } from './transaction';
import { inheritedParties, visibleReceivable } from './visibility';

/** The `ACTIVE` receivable `id` held by `actor`, about to be moved. */
async function heldActive(tx: Tx, actor: Actor, id: unknown, action: string): Promise<Receivable> {
  const receivable = await visibleReceivable(tx.state, actor, id);
  requireParty(receivable, 'holder', actor.participant, action);
  requireStatus(`receivable ${receivable.id}`, receivable.status, ['ACTIVE']);
  return receivable;
}

/**
 * Stages a split parent and its parts: new keys, each endorsed by the org of its holder among
 * `holders`, each starting with the parties of the parent's path.
 */
async function saveSplit(
  state: State,
  previous: Receivable,
  result: SplitResult,
  holders: readonly Participant[],
): Promise<void> {
  saveReceivable(state, { previous, next: result.receivable });
  const parties = await inheritedParties(state, previous);
  for (const part of result.parts) {
    const holder = holders.find((candidate) => candidate.id === part.holderId);
    saveReceivable(state, { next: part, holder, parties });
  }
}

/**
 * TransferReceivable: the holder moves an `ACTIVE` receivable to `toId` (an active enterprise or
 * bank). Without `amount` (or with the whole amount) the receivable changes holder; with less, it is
 * split into the transferred part `<id>.1` (held by `toId`) and the remainder `<id>.2` (kept).
 */
export async function transferReceivable(
  tx: Tx,
  id: unknown,
  toId: unknown,
  amount: unknown,
): Promise<ReceivableResult | SplitResult> {
  const actor = await writer(tx);
  const recipientId = readId(toId, 'toId');
  const partAmount = optionalArgument(readAmount)(amount, 'amount');
  const receivable = await heldActive(tx, actor, id, 'transfer it');
  if (recipientId === receivable.holderId) {
    throw new ValidationError('toId must not be the holder');
  }
  if (partAmount !== undefined && minor(partAmount) > minor(receivable.amount)) {
    throw new ValidationError(`amount ${partAmount} exceeds the receivable's ${receivable.amount}`);
  }
  const recipient = await counterparty(tx.state, recipientId, 'toId', ['ENTERPRISE', 'BANK']);
  if (partAmount === undefined || partAmount === receivable.amount) {
    const next = moved(tx, receivable, 'TRANSFER', recipient.id);
    saveReceivable(tx.state, { previous: receivable, next, holder: recipient });
    return { receivable: next };
  }
  const remainder = digits(minor(receivable.amount) - minor(partAmount));
  const { receivable: parent, parts } = split(tx, receivable, [partAmount, remainder]);
  const result = {
    receivable: parent,
    parts: parts.map((part, index) => (index === 0 ? moved(tx, part, 'TRANSFER', recipient.id) : part)),
  };
  await saveSplit(tx.state, receivable, result, [actor.participant, recipient]);
  return result;
}

/**
 * SplitReceivable: the holder splits an `ACTIVE` receivable into 2–100 parts whose amounts add up
 * exactly to its amount; the parts `<id>.1 … <id>.N` stay with the holder.
 */
export async function splitReceivable(tx: Tx, id: unknown, amountsJson: unknown): Promise<SplitResult> {
  const actor = await writer(tx);
  const amounts = readSplitAmounts(readJsonArgument(amountsJson, 'amountsJson'), 'amountsJson');
  const receivable = await heldActive(tx, actor, id, 'split it');
  const sum = total(amounts);
  if (sum !== minor(receivable.amount)) {
    throw new ValidationError(`the parts add up to ${digits(sum)}, not to the amount ${receivable.amount}`);
  }
  const result = split(tx, receivable, amounts);
  await saveSplit(tx.state, receivable, result, [actor.participant]);
  return result;
}
