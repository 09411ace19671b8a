import type { CurrencyCache } from '../domain/currency-cache';
import type { ParticipantKind } from '../domain/orgs';
import type { Ledger, LedgerCaller } from '../ledger/ledger';
import type { UserProfile } from '../store/user-store';

/** A logged-in user: who it is, and the Fabric identity its requests are signed with. */
export interface AuthenticatedUser extends UserProfile {
  /** The kind of participant the user's org registers (from the network profile). */
  readonly orgKind: ParticipantKind;
  readonly caller: LedgerCaller;
}

/** What every use case runs with: the ledger, the user it acts for, and the request's deadline. */
export interface UseCaseContext {
  readonly ledger: Ledger;
  /** The currencies of the receivables seen so far (a currency never changes). */
  readonly currencies: CurrencyCache;
  readonly user: AuthenticatedUser;
  readonly deadline: Date;
}
