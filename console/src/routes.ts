/** The console's pages, addressed by the URL fragment (`#/receivables/R1`), so `/` serves them all. */

export type Page =
  | { readonly name: 'receivables' }
  | { readonly name: 'receivable'; readonly id: string }
  | { readonly name: 'credit-lines' }
  | { readonly name: 'auditor'; readonly tx?: string }
  | { readonly name: 'risk' };

/** The page of a fragment; unknown fragments show the receivables. */
export function pageOf(hash: string): Page {
  const [path = '', search = ''] = hash.replace(/^#/, '').split('?');
  const query = new URLSearchParams(search);
  const receivable = /^\/receivables\/([^/]+)$/.exec(path);
  if (receivable?.[1] !== undefined) return { name: 'receivable', id: decodeURIComponent(receivable[1]) };
  if (path === '/credit-lines') return { name: 'credit-lines' };
  if (path === '/risk') return { name: 'risk' };
  if (path === '/auditor') {
    const tx = query.get('tx');
    return tx === null ? { name: 'auditor' } : { name: 'auditor', tx };
  }
  return { name: 'receivables' };
}

/** The fragment of a page. */
export function hrefOf(page: Page): string {
  if (page.name === 'receivable') return `#/receivables/${encodeURIComponent(page.id)}`;
  if (page.name === 'auditor' && page.tx !== undefined) return `#/auditor?tx=${encodeURIComponent(page.tx)}`;
  return `#/${page.name}`;
}
