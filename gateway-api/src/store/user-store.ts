import { z } from 'zod';
import { ROLES, type OrgKey, type Role } from '../domain/orgs';
import type { GatewayDatabase } from './database';

/** Who a user is: its org, MSP, participant binding and role. */
export interface UserProfile {
  readonly username: string;
  readonly org: OrgKey;
  readonly mspId: string;
  /** The participant the user acts for (`scf.participant`); `null` for an org administrator. */
  readonly participantId: string | null;
  readonly role: Role;
}

/** A user's login secret and Fabric credential. */
export interface UserCredential {
  readonly passwordHash: string;
  readonly certificate: string;
  /** The private key, encrypted by the key vault. */
  readonly sealedKey: Buffer;
}

/** A user that can log in and sign transactions. */
export type ActiveUser = UserProfile & UserCredential;

/** What {@link UserStore.reserve} found. */
export type Reservation = 'reserved' | 'resumed' | 'taken';

/** Users of the gateway. */
export interface UserStore {
  /** The active user of that name, if any. */
  findActive(username: string): ActiveUser | undefined;
  /**
   * Reserves a user name before its identity is provisioned: `reserved` (new), `resumed` (an earlier
   * provisioning of the same name never finished) or `taken` (an active user has it).
   */
  reserve(profile: UserProfile): Reservation;
  /** Drops a reservation that will not be completed. */
  release(username: string): void;
  /** Stores (inserting or replacing) an active user with its credential. */
  saveActive(user: ActiveUser): void;
  /** Replaces an active user's password hash. */
  updatePasswordHash(username: string, passwordHash: string): void;
  /**
   * Keeps the CA enrollment secret (sealed by the key vault) the gateway generated for a user being
   * provisioned, until {@link saveActive} clears it. The user's row must exist (reserved or active).
   */
  saveEnrollmentSecret(username: string, sealedSecret: Buffer): void;
  /** The sealed enrollment secret of a provisioning that has not finished, if any. */
  enrollmentSecret(username: string): Buffer | undefined;
}

const UserRow = z.object({
  username: z.string(),
  org: z.string(),
  msp_id: z.string(),
  participant_id: z.string().nullable(),
  role: z.enum(ROLES),
  status: z.enum(['PROVISIONING', 'ACTIVE']),
  password_hash: z.string().nullable(),
  certificate: z.string().nullable(),
  sealed_key: z.instanceof(Buffer).nullable(),
  sealed_secret: z.instanceof(Buffer).nullable().optional(),
});
type UserRow = z.infer<typeof UserRow>;

function toActiveUser(row: UserRow): ActiveUser | undefined {
  if (
    row.status !== 'ACTIVE' ||
    row.password_hash === null ||
    row.certificate === null ||
    row.sealed_key === null
  ) {
    return undefined;
  }
  return {
    username: row.username,
    org: row.org,
    mspId: row.msp_id,
    participantId: row.participant_id,
    role: row.role,
    passwordHash: row.password_hash,
    certificate: row.certificate,
    sealedKey: row.sealed_key,
  };
}

/** The SQLite implementation of {@link UserStore}. */
export function createUserStore(db: GatewayDatabase): UserStore {
  const select = db.prepare('SELECT * FROM users WHERE username = ?');
  const insertReservation = db.prepare(
    `INSERT INTO users (username, org, msp_id, participant_id, role, status, created_at, updated_at)
     VALUES (@username, @org, @mspId, @participantId, @role, 'PROVISIONING', @now, @now)`,
  );
  const updateReservation = db.prepare(
    `UPDATE users SET org = @org, msp_id = @mspId, participant_id = @participantId, role = @role, updated_at = @now
     WHERE username = @username AND status = 'PROVISIONING'`,
  );
  const deleteReservation = db.prepare("DELETE FROM users WHERE username = ? AND status = 'PROVISIONING'");
  const upsertActive = db.prepare(
    `INSERT INTO users (username, org, msp_id, participant_id, role, status, password_hash, certificate, sealed_key,
                        created_at, updated_at)
     VALUES (@username, @org, @mspId, @participantId, @role, 'ACTIVE', @passwordHash, @certificate, @sealedKey,
             @now, @now)
     ON CONFLICT (username) DO UPDATE SET
       org = excluded.org, msp_id = excluded.msp_id, participant_id = excluded.participant_id,
       role = excluded.role, status = 'ACTIVE', password_hash = excluded.password_hash,
       certificate = excluded.certificate, sealed_key = excluded.sealed_key, sealed_secret = NULL,
       updated_at = excluded.updated_at`,
  );
  const updateSecret = db.prepare('UPDATE users SET sealed_secret = ?, updated_at = ? WHERE username = ?');
  const updateHash = db.prepare(
    "UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ? AND status = 'ACTIVE'",
  );

  const find = (username: string): UserRow | undefined => {
    const row: unknown = select.get(username);
    return row === undefined ? undefined : UserRow.parse(row);
  };
  const now = (): string => new Date().toISOString();

  return {
    findActive: (username) => {
      const row = find(username);
      return row === undefined ? undefined : toActiveUser(row);
    },
    reserve: db.transaction((profile: UserProfile): Reservation => {
      const existing = find(profile.username);
      const params = { ...profile, now: now() };
      if (existing === undefined) {
        insertReservation.run(params);
        return 'reserved';
      }
      if (existing.status === 'ACTIVE') {
        return 'taken';
      }
      updateReservation.run(params);
      return 'resumed';
    }),
    release: (username) => {
      deleteReservation.run(username);
    },
    saveActive: (user) => {
      upsertActive.run({ ...user, now: now() });
    },
    updatePasswordHash: (username, passwordHash) => {
      updateHash.run(passwordHash, now(), username);
    },
    saveEnrollmentSecret: (username, sealedSecret) => {
      updateSecret.run(sealedSecret, now(), username);
    },
    enrollmentSecret: (username) => find(username)?.sealed_secret ?? undefined,
  };
}
