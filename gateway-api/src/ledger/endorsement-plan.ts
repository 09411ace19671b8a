/**
 * Endorsement planning. Fabric's discovery knows the chaincode-level policy but not the key-level
 * (state-based) ones our chaincode sets, so before each write the gateway asks the chaincode which
 * orgs must endorse it: `GetEndorsementPlan(fn, argsJson)` runs the write read-only against the
 * current state and answers the sorted MSP ids. The proposal then goes to exactly those orgs. For
 * the writes whose endorsers the contract declares (the holder's own moves: the caller's org) that
 * evaluation is skipped; the chaincode's tests prove the declaration agrees with the plan.
 */
import { declaredEndorsers } from 'receivables-chaincode/contract';
import { z } from 'zod';

/** The chaincode's read-only planning transaction. */
export const PLAN_FUNCTION = 'GetEndorsementPlan';

const Plan = z.array(z.string().min(1)).min(1);

/** The arguments of the planning transaction for write `fn` with `args`. */
export function planArguments(fn: string, args: readonly string[]): [string, string] {
  return [fn, JSON.stringify(args)];
}

/** The chaincode answered a plan outside its contract. */
export class EndorsementPlanError extends Error {
  override readonly name = EndorsementPlanError.name;
}

/**
 * Decodes the plan: a JSON array of MSP ids, returned sorted and without duplicates.
 *
 * @throws EndorsementPlanError when the bytes are not a non-empty JSON array of MSP ids
 */
export function decodePlan(bytes: Uint8Array): string[] {
  let document: unknown;
  try {
    document = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (cause) {
    throw new EndorsementPlanError('the endorsement plan is not JSON', { cause });
  }
  const parsed = Plan.safeParse(document);
  if (!parsed.success) {
    throw new EndorsementPlanError(
      `the endorsement plan is not a list of MSP ids: ${JSON.stringify(document)}`,
    );
  }
  return [...new Set(parsed.data)].sort();
}

/** Evaluates a chaincode function as the caller, on the caller's org peer. */
export type PlanEvaluator = (fn: string, args: readonly string[]) => Promise<Uint8Array>;

/**
 * The MSP ids that must endorse write `fn` with `args`: the chaincode's plan.
 *
 * @throws whatever `evaluate` throws (a refusal of the write surfaces here, before any proposal)
 * @throws EndorsementPlanError when the plan is malformed
 */
export async function planEndorsement(
  evaluate: PlanEvaluator,
  fn: string,
  args: readonly string[],
): Promise<string[]> {
  return decodePlan(await evaluate(PLAN_FUNCTION, planArguments(fn, args)));
}

/** A write to plan: its function, its arguments and the caller's MSP id. */
export interface WriteToPlan {
  readonly fn: string;
  readonly args: readonly string[];
  readonly callerMspId: string;
}

/**
 * The MSP ids a write's proposal goes to: those the contract declares for it, else the chaincode's
 * plan (one evaluation).
 *
 * @throws as {@link planEndorsement} when the plan is asked for
 */
export async function endorsersOf(write: Readonly<WriteToPlan>, evaluate: PlanEvaluator): Promise<string[]> {
  return declaredEndorsers(write.fn, write.callerMspId) ?? planEndorsement(evaluate, write.fn, write.args);
}

/** Whether two plans name the same orgs. */
export function samePlan(a: readonly string[], b: readonly string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((mspId, index) => mspId === right[index]);
}
