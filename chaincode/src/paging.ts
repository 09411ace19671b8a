/**
 * Pages of a composite-key range for the list queries (QueryReceivables, ListParticipants,
 * ListCreditLines): the peer's bookmark (the next key) travels base64url-encoded, and a bookmark
 * is only accepted within the range it came from.
 */
import { ValidationError } from './contract';
import type { State } from './state';

/** One page of index entries: their ids, the encoded bookmark (`""`: last page), keys read. */
export type IdPage = { readonly ids: readonly string[]; readonly bookmark: string; readonly fetched: number };

/**
 * The key a bookmark stands for (`""` for the first page).
 * @throws ValidationError when it is not a key of the range starting at `partialKey`.
 */
function decodeBookmark(bookmark: string, partialKey: string): string {
  const key = Buffer.from(bookmark, 'base64url').toString('utf8');
  if (
    Buffer.from(key, 'utf8').toString('base64url') !== bookmark ||
    (key !== '' && !key.startsWith(partialKey))
  ) {
    throw new ValidationError('query.bookmark does not belong to this query');
  }
  return key;
}

/**
 * One page of at most `pageSize` entries under `<objectType> [...prefix]`, from `bookmark` (a previous
 * page's, absent for the first page). Read-only transactions only (Fabric).
 * @throws ValidationError for a bookmark of another range.
 */
export async function pageOfIds(
  state: State,
  range: Readonly<{ objectType: string; prefix: readonly string[] }>,
  pageSize: number,
  bookmark: string | undefined,
): Promise<IdPage> {
  const start = decodeBookmark(bookmark ?? '', state.key(range.objectType, range.prefix));
  const page = await state.page(range.objectType, range.prefix, pageSize, start);
  return {
    ids: page.ids,
    bookmark: Buffer.from(page.bookmark, 'utf8').toString('base64url'),
    fetched: page.fetched,
  };
}
