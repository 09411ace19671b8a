/**
 * Errors of fabric-network 2.2.20 / fabric-common 2.2.20 against our Fabric 1.4.12 network, exactly
 * as observed in real runs of `integration/fabric-ledger.test.ts` on a network of `./test-network.sh up`
 * (never written by hand): the adapter's error mapping depends on them, and the test doubles
 * (`test/support/fabric-errors.ts`) are rebuilt from them. Each entry gives the texts
 * `errorTexts(error)` returned and the error's shape (class, own members, the peers' answers).
 * Ids in the texts are those of the recorded run. Refresh:
 * `SCF_PRINT_FABRIC_TEXTS=1 npx jest --selectProjects integration --testPathPatterns fabric-ledger`
 * prints them.
 */

/** A peer's answer as fabric-network attaches it (`responses[].response`). */
export interface RecordedResponse {
  readonly response: { readonly status: number; readonly message: string };
}

/** What the error looked like. */
export interface RecordedShape {
  /** Its class: `Error`, or fabric-network's `TransactionError`. */
  readonly class: 'Error' | 'TransactionError' | 'DeadlineExceededError';
  readonly message: string;
  /** fabric-network's query errors: the peer's status (with `payload` and `isEndorsed: false`). */
  readonly status?: number;
  readonly transactionCode?: string;
  readonly transactionId?: string;
  /** The peers' proposal responses fabric-network attaches (`errors` is then `[]`). */
  readonly responses?: readonly RecordedResponse[];
}

/** A recorded error: how it was produced, the texts the adapter reads, its shape. */
export interface RecordedError {
  /** What produced it. */
  readonly source: string;
  readonly texts: readonly string[];
  readonly shape: RecordedShape;
}

/** A read refused by the chaincode: fabric-network's evaluate throws the peer's message as is. */
export const EVALUATE_REFUSAL: RecordedError = {
  source: 'ledger.evaluate GetParticipant of an unknown id, as an AuditorMSP viewer',
  texts: ['NOT_FOUND: participant ITc0a41395-NOPE does not exist'],
  shape: { class: 'Error', message: 'NOT_FOUND: participant ITc0a41395-NOPE does not exist', status: 500 },
};

/** A write refused by the chaincode is refused by its endorsement plan (an evaluate), before any proposal. */
export const PLAN_REFUSAL: RecordedError = {
  source: 'ledger.submit RegisterParticipant of an existing id (GetEndorsementPlan refuses it)',
  texts: ['CONFLICT: participant ITc0a41395-CORE already exists'],
  shape: { class: 'Error', message: 'CONFLICT: participant ITc0a41395-CORE already exists', status: 500 },
};

/** A write refused at endorsement (fabric-network's own submit, no plan): every peer's answer listed. */
export const ENDORSEMENT_REFUSAL: RecordedError = {
  source: 'fabric-network contract.createTransaction(RegisterParticipant).submit of an existing id',
  texts: [
    'No valid responses from any peers. Errors:\n    peer=127.0.0.1:8351, status=500, message=CONFLICT: participant ITc0a41395-CORE already exists',
    'CONFLICT: participant ITc0a41395-CORE already exists',
  ],
  shape: {
    class: 'Error',
    message:
      'No valid responses from any peers. Errors:\n    peer=127.0.0.1:8351, status=500, message=CONFLICT: participant ITc0a41395-CORE already exists',
    responses: [
      { response: { status: 500, message: 'CONFLICT: participant ITc0a41395-CORE already exists' } },
    ],
  },
};

/**
 * A credit-line write endorsed one org short (EnterpriseMSP only; the plan says BankAMSP and
 * EnterpriseMSP): committed invalid. The message is the commit tracker's (the adapter's own event
 * strategy); the class, `transactionCode` and the attached endorsements are fabric-network's.
 */
export const ONE_ORG_SHORT: RecordedError = {
  source: 'fabric-network IssueReceivable on a credit line with setEndorsingOrganizations(EnterpriseMSP)',
  texts: [
    'Commit of transaction 0c5430669c7c328307de028e299fd941e78f695c99a64ef17042dacf563a58db failed on peer 127.0.0.1:7351 with status ENDORSEMENT_POLICY_FAILURE',
    '',
  ],
  shape: {
    class: 'TransactionError',
    message:
      'Commit of transaction 0c5430669c7c328307de028e299fd941e78f695c99a64ef17042dacf563a58db failed on peer 127.0.0.1:7351 with status ENDORSEMENT_POLICY_FAILURE',
    transactionCode: 'ENDORSEMENT_POLICY_FAILURE',
    transactionId: '0c5430669c7c328307de028e299fd941e78f695c99a64ef17042dacf563a58db',
    responses: [{ response: { status: 200, message: '' } }],
  },
};

/** The loser of 4 concurrent IssueReceivable on one credit line (no retries), planned [BankAMSP, EnterpriseMSP]. */
export const MVCC_LOSER: RecordedError = {
  source: 'ledger.submit IssueReceivable ×4 at once on one credit line, conflictRetries 0',
  texts: [
    'Commit of transaction 360605883594f12c970394306c8833d0d853b52298cef3d8596fe1bdef117571 failed on peer 127.0.0.1:7351 with status MVCC_READ_CONFLICT',
    '',
    '',
  ],
  shape: {
    class: 'TransactionError',
    message:
      'Commit of transaction 360605883594f12c970394306c8833d0d853b52298cef3d8596fe1bdef117571 failed on peer 127.0.0.1:7351 with status MVCC_READ_CONFLICT',
    transactionCode: 'MVCC_READ_CONFLICT',
    transactionId: '360605883594f12c970394306c8833d0d853b52298cef3d8596fe1bdef117571',
    responses: [{ response: { status: 200, message: '' } }, { response: { status: 200, message: '' } }],
  },
};

/**
 * The loser of two concurrent whole transfers of one receivable to different orgs (SUP2 of
 * EnterpriseMSP, BANKA of BankAMSP): ordered in the winner's block, whose change of holder org rewrote
 * the key's policy.
 */
export const SAME_BLOCK_RACE_LOSER: RecordedError = {
  source: 'ledger.submit TransferReceivable ×2 at once on one receivable',
  texts: [
    'Commit of transaction d7420d553403408f400c080c04802995fd674c9779851fe761ee3953a8821525 failed on peer 127.0.0.1:7351 with status ENDORSEMENT_POLICY_FAILURE',
    '',
  ],
  shape: {
    class: 'TransactionError',
    message:
      'Commit of transaction d7420d553403408f400c080c04802995fd674c9779851fe761ee3953a8821525 failed on peer 127.0.0.1:7351 with status ENDORSEMENT_POLICY_FAILURE',
    transactionCode: 'ENDORSEMENT_POLICY_FAILURE',
    transactionId: 'd7420d553403408f400c080c04802995fd674c9779851fe761ee3953a8821525',
    responses: [{ response: { status: 200, message: '' } }],
  },
};

/**
 * qscc asked for a transaction id no block holds: `GetTransactionByID` and `GetBlockByTxID` run at
 * once and whichever answers first is seen; both wordings were observed.
 */
export const UNKNOWN_TRANSACTION: readonly RecordedError[] = [
  {
    source: 'ledger.getTransaction of ff…ff (GetTransactionByID answered first)',
    texts: [
      'Failed to get transaction with id ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff, error Entry not found in index',
    ],
    shape: {
      class: 'Error',
      message:
        'Failed to get transaction with id ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff, error Entry not found in index',
      status: 500,
    },
  },
  {
    source: 'ledger.getTransaction of ff…ff (GetBlockByTxID answered first)',
    texts: [
      'Failed to get block for txID ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff, error Entry not found in index',
    ],
    shape: {
      class: 'Error',
      message:
        'Failed to get block for txID ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff, error Entry not found in index',
      status: 500,
    },
  },
];

/**
 * The caller's org peer unreachable (its profile endpoint a closed port, 127.0.0.1:1), and every org
 * peer unreachable (127.0.0.1:1–4): evaluate GetParticipant and submit RegisterParticipant as the
 * enterprise admin all failed alike, after fabric-common's 3 s wait for the connection.
 */
export const DISCOVERY_FAILED: RecordedError = {
  source: 'createFabricLedger on the profile with closed peer ports: evaluate and submit',
  texts: ['DiscoveryService has failed to return results'],
  shape: { class: 'Error', message: 'DiscoveryService has failed to return results' },
};

/**
 * Every orderer unreachable (discovery's orderers replaced on the channel by committers dialling a
 * closed port): no fabric error comes back; discovery waits ~3 s per orderer at connect and again at
 * the commit's forced refresh, and the request deadline (30 s) passes — `DeadlineExceededError`, the
 * adapter's own — once the endorsements may have been handed over: outcome unknown (503 naming the
 * transaction). With an 8 s deadline it passed while connecting: "connect: the request deadline passed".
 */
export const ORDERERS_UNREACHABLE: RecordedError = {
  source: 'ledger.submit RegisterParticipant with every orderer unreachable, 30 s deadline',
  texts: ['submit RegisterParticipant: the request deadline passed'],
  shape: {
    class: 'DeadlineExceededError',
    message: 'submit RegisterParticipant: the request deadline passed',
  },
};
