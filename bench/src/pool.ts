import type { Context } from './context';
import type { Outcome } from './load';

interface Part {
  readonly id: string;
  holder: 'sup1' | 'sup2';
  busy: boolean;
}

/**
 * Receivables passed back and forth between the two suppliers by whole transfers through REST: a
 * part is never sent again while its last transfer is in flight. A successful transfer's outcome
 * carries its transaction id (`txId` of the answer).
 */
export class TransferPool {
  private readonly parts: Part[];
  private cursor = 0;

  constructor(
    private readonly context: Context,
    held: Readonly<Record<'sup1' | 'sup2', readonly string[]>>,
  ) {
    this.parts = [
      ...held.sup1.map((id): Part => ({ id, holder: 'sup1', busy: false })),
      ...held.sup2.map((id): Part => ({ id, holder: 'sup2', busy: false })),
    ];
  }

  get size(): number {
    return this.parts.length;
  }

  async transfer(): Promise<Outcome> {
    const { rest, tokens, actors } = this.context;
    for (let tried = 0; tried < this.parts.length; tried += 1) {
      const part = this.parts[this.cursor++ % this.parts.length];
      if (part === undefined || part.busy) continue;
      part.busy = true;
      const to = part.holder === 'sup1' ? 'sup2' : 'sup1';
      const outcome = await rest.outcome(
        'POST',
        `/receivables/${part.id}/transfer`,
        tokens[part.holder],
        200,
        {
          toId: actors[to],
        },
      );
      if (outcome.kind === 'ok') part.holder = to;
      else await this.resync(part);
      part.busy = false;
      return outcome;
    }
    return { kind: 'error', detail: 'no idle receivable in the pool' };
  }

  /**
   * After a failed transfer the part's holder is read back from the ledger: an answer of unknown
   * outcome (a 503 with a transaction id) may still have committed, and believing the old holder
   * would turn every later transfer of that part into a 409.
   */
  private async resync(part: Part): Promise<void> {
    const { rest, tokens, actors } = this.context;
    const answer = await rest
      .call('GET', `/receivables/${part.id}`, tokens[part.holder])
      .catch(() => undefined); // the next failure tries again
    const holder = answer?.body.holderId;
    if (holder === actors.sup1) part.holder = 'sup1';
    else if (holder === actors.sup2) part.holder = 'sup2';
  }
}
