/**
 * The logged-in user: the bearer token (kept in sessionStorage, so a reload keeps the session and
 * closing the tab ends it) and who the gateway says the user is (`GET /me`).
 */
import { apiClient, logIn, type ApiClient } from './api/client';
import { Me } from './api/schemas';

export interface Session {
  readonly token: string;
  readonly me: Me;
  readonly api: ApiClient;
}

const TOKEN_KEY = 'scf.token';

async function sessionOf(token: string): Promise<Session> {
  const api = apiClient(token);
  return { token, api, me: await api.get('/me', Me) };
}

/** Logs in and remembers the token. */
export async function startSession(username: string, password: string): Promise<Session> {
  const session = await sessionOf(await logIn(username, password));
  sessionStorage.setItem(TOKEN_KEY, session.token);
  return session;
}

/** The session of the remembered token, if it is still accepted. */
export async function resumeSession(): Promise<Session | undefined> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token === null) return undefined;
  try {
    return await sessionOf(token);
  } catch {
    sessionStorage.removeItem(TOKEN_KEY);
    return undefined;
  }
}

export function endSession(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** What a user may do, by role: only operators write; admins, viewers and auditors read. */
export function canWrite(me: Me): boolean {
  return me.role === 'operator' && me.participantId !== null && !isAuditor(me);
}

export function isAuditor(me: Me): boolean {
  return me.org === 'auditor';
}
