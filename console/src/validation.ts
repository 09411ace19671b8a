/** The API's rules for identifiers and free text, so forms refuse what the gateway would. */

/** A ledger identifier, as `Id` in the gateway's schemas. */
const ID_PATTERN = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;

/** The problem with an identifier, or `undefined` when valid. */
export function idProblem(text: string): string | undefined {
  if (text === '') return 'required';
  if (text.length > 128) return 'at most 128 characters';
  return ID_PATTERN.test(text) ? undefined : 'letters and digits separated by single . _ -';
}

/** The problem with a reason (reject), or `undefined` when valid. */
export function reasonProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return 'required';
  return trimmed.length > 512 ? 'at most 512 characters' : undefined;
}

/** The problem with a payment reference (settle), or `undefined` when valid. */
export function paymentRefProblem(text: string): string | undefined {
  if (text === '') return 'required';
  if (text.length > 128) return 'at most 128 characters';
  return /^[\x20-\x7E]+$/.test(text) ? undefined : 'printable ASCII only';
}

/** The problem with a transaction id, or `undefined` when valid. */
export function transactionIdProblem(text: string): string | undefined {
  return /^[0-9a-f]{64}$/.test(text) ? undefined : '64 lowercase hex digits';
}
