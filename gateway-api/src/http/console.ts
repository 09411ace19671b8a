/**
 * The web console (`console/`, built by Vite into `console/dist`) served at `/` on the API's origin,
 * so it needs no second server and no CORS: only the built files, never a directory listing; the
 * hashed assets cached for good, `index.html` revalidated so a new build shows at once.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type RequestHandler } from 'express';

/** Where the console's build lands, from `gateway-api/{src,dist}/http/`. */
export const DEFAULT_CONSOLE_DIR = join(__dirname, '..', '..', '..', 'console', 'dist');

/**
 * The handler serving the console from `dir`, or none when it was not built (the API works
 * without it).
 */
export function serveConsole(dir: string): RequestHandler | undefined {
  if (!existsSync(join(dir, 'index.html'))) {
    return undefined;
  }
  const assets = join(dir, 'assets');
  return express.static(dir, {
    index: 'index.html',
    redirect: false,
    dotfiles: 'ignore',
    setHeaders: (response, path) => {
      response.setHeader(
        'Cache-Control',
        path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
}
