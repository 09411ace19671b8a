/**
 * The `receivables` chaincode's one contract. Each transaction method is thin: a write hands its
 * arguments to {@link write} in writes.ts (event from the contract, logic), a read to the logic in the
 * concept modules; see the README for the API.
 */
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { getCreditLine, listCreditLines } from './creditline';
import { getFinancingRequest } from './financing';
import { isLifecycleCall } from './lifecycle';
import { configureOrgs } from './orgs';
import { endorsementPlan } from './plan';
import { getHistory, getProvenance, getReceivable, queryReceivables } from './queries';
import { getParticipant, listParticipants } from './registration';
import { apply, evaluate } from './transaction';
import { write } from './writes';

/** Receivables issued, accepted, moved, split, financed and settled on the `scf` channel. */
@Info({ title: 'ReceivablesContract', description: 'Supply-chain-finance receivables' })
export class ReceivablesContract extends Contract {
  public constructor() {
    super('ReceivablesContract');
  }

  /**
   * Sets the org map (MSP id → participant kind): the `Init` of instantiate and upgrade only
   * (`-c '{"Args":["ConfigureOrgs","<orgsJson>"]}'`, written by the network scripts from
   * network/topology.sh); a client's invoke is refused.
   */
  @Transaction()
  @Returns('string')
  public async ConfigureOrgs(ctx: Context, orgsJson: string): Promise<string> {
    const lifecycle = isLifecycleCall(ctx.stub);
    return apply(ctx, async (tx) => Promise.resolve(configureOrgs(tx, lifecycle, orgsJson)));
  }

  /** Registers a participant of the caller's org (org admin). */
  @Transaction()
  @Returns('string')
  public async RegisterParticipant(ctx: Context, id: string, name: string, kind: string): Promise<string> {
    return write(ctx, 'RegisterParticipant', [id, name, kind]);
  }

  /** Suspends a participant of the caller's org (org admin): refused as caller and counterparty. */
  @Transaction()
  @Returns('string')
  public async SuspendParticipant(ctx: Context, id: string): Promise<string> {
    return write(ctx, 'SuspendParticipant', [id]);
  }

  /** Reinstates a suspended participant of the caller's org (org admin). */
  @Transaction()
  @Returns('string')
  public async ReinstateParticipant(ctx: Context, id: string): Promise<string> {
    return write(ctx, 'ReinstateParticipant', [id]);
  }

  /** Reads a participant. */
  @Transaction(false)
  @Returns('string')
  public async GetParticipant(ctx: Context, id: string): Promise<string> {
    return evaluate(ctx, (tx) => getParticipant(tx, id));
  }

  /** Lists the participants, by id, a page at a time. */
  @Transaction(false)
  @Returns('string')
  public async ListParticipants(ctx: Context, queryJson: string): Promise<string> {
    return evaluate(ctx, (tx) => listParticipants(tx, queryJson));
  }

  /** Grants an obligor a credit line (bank operator). */
  @Transaction()
  @Returns('string')
  public async GrantCreditLine(
    ctx: Context,
    id: string,
    obligorId: string,
    currency: string,
    limit: string,
  ): Promise<string> {
    return write(ctx, 'GrantCreditLine', [id, obligorId, currency, limit]);
  }

  /** Reads a credit line (its bank, its obligor, auditors). */
  @Transaction(false)
  @Returns('string')
  public async GetCreditLine(ctx: Context, id: string): Promise<string> {
    return evaluate(ctx, (tx) => getCreditLine(tx, id));
  }

  /** Lists the credit lines the caller may see, of one obligor or all, a page at a time. */
  @Transaction(false)
  @Returns('string')
  public async ListCreditLines(ctx: Context, queryJson: string): Promise<string> {
    return evaluate(ctx, (tx) => listCreditLines(tx, queryJson));
  }

  /** Issues a receivable within a credit line (obligor operator). */
  @Transaction()
  @Returns('string')
  public async IssueReceivable(ctx: Context, requestJson: string): Promise<string> {
    return write(ctx, 'IssueReceivable', [requestJson]);
  }

  /** Accepts a pending receivable (creditor). */
  @Transaction()
  @Returns('string')
  public async AcceptReceivable(ctx: Context, id: string): Promise<string> {
    return write(ctx, 'AcceptReceivable', [id]);
  }

  /** Rejects a pending receivable (creditor). */
  @Transaction()
  @Returns('string')
  public async RejectReceivable(ctx: Context, id: string, reason: string): Promise<string> {
    return write(ctx, 'RejectReceivable', [id, reason]);
  }

  /** Cancels a pending receivable (obligor). */
  @Transaction()
  @Returns('string')
  public async CancelReceivable(ctx: Context, id: string): Promise<string> {
    return write(ctx, 'CancelReceivable', [id]);
  }

  /** Transfers a receivable, whole or in part (holder). */
  @Transaction()
  @Returns('string')
  public async TransferReceivable(ctx: Context, id: string, toId: string, amount: string): Promise<string> {
    return write(ctx, 'TransferReceivable', [id, toId, amount]);
  }

  /** Splits a receivable into parts (holder). */
  @Transaction()
  @Returns('string')
  public async SplitReceivable(ctx: Context, id: string, amountsJson: string): Promise<string> {
    return write(ctx, 'SplitReceivable', [id, amountsJson]);
  }

  /** Asks a bank to finance a receivable (holder). */
  @Transaction()
  @Returns('string')
  public async RequestFinancing(
    ctx: Context,
    id: string,
    bankId: string,
    requestId: string,
  ): Promise<string> {
    return write(ctx, 'RequestFinancing', [id, bankId, requestId]);
  }

  /** Approves a financing request (that bank's operator). */
  @Transaction()
  @Returns('string')
  public async ApproveFinancing(ctx: Context, requestId: string, advanceAmount: string): Promise<string> {
    return write(ctx, 'ApproveFinancing', [requestId, advanceAmount]);
  }

  /** Rejects a financing request (that bank's operator). */
  @Transaction()
  @Returns('string')
  public async RejectFinancing(ctx: Context, requestId: string, reason: string): Promise<string> {
    return write(ctx, 'RejectFinancing', [requestId, reason]);
  }

  /** Reads a financing request (requester, bank, auditors). */
  @Transaction(false)
  @Returns('string')
  public async GetFinancingRequest(ctx: Context, id: string): Promise<string> {
    return evaluate(ctx, (tx) => getFinancingRequest(tx, id));
  }

  /** Settles a root receivable and all its live parts (obligor operator). */
  @Transaction()
  @Returns('string')
  public async SettleReceivable(ctx: Context, rootId: string, paymentRef: string): Promise<string> {
    return write(ctx, 'SettleReceivable', [rootId, paymentRef]);
  }

  /** Reads a receivable the caller may see. */
  @Transaction(false)
  @Returns('string')
  public async GetReceivable(ctx: Context, id: string): Promise<string> {
    return evaluate(ctx, (tx) => getReceivable(tx, id));
  }

  /** Queries receivables by holder, obligor and status, a page at a time. */
  @Transaction(false)
  @Returns('string')
  public async QueryReceivables(ctx: Context, queryJson: string): Promise<string> {
    return evaluate(ctx, (tx) => queryReceivables(tx, queryJson));
  }

  /** The provenance of a receivable: path from the root issuance and the split tree. */
  @Transaction(false)
  @Returns('string')
  public async GetProvenance(ctx: Context, id: string): Promise<string> {
    return evaluate(ctx, (tx) => getProvenance(tx, id));
  }

  /** The key history of a receivable. */
  @Transaction(false)
  @Returns('string')
  public async GetHistory(ctx: Context, id: string): Promise<string> {
    return evaluate(ctx, (tx) => getHistory(tx, id));
  }

  /**
   * Which orgs must endorse write `fn` with the arguments `argsJson` (a JSON array of strings) by
   * this caller: the sorted MSP ids, found by running the write without committing it.
   */
  @Transaction(false)
  @Returns('string')
  public async GetEndorsementPlan(ctx: Context, fn: string, argsJson: string): Promise<string> {
    return evaluate(ctx, (tx) => endorsementPlan(tx, fn, argsJson));
  }
}
