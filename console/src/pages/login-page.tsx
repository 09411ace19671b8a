import { useState, type SyntheticEvent, type ReactElement } from 'react';
import { ProblemAlert } from '../components/problem-alert';
import { startSession, type Session } from '../session';

/** Log in with a gateway user name (`name@org`) and password. */
export function LoginPage({ onLogin }: { readonly onLogin: (session: Session) => void }): ReactElement {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    startSession(username.trim(), password).then(onLogin, (failure: unknown) => {
      setError(failure);
      setBusy(false);
    });
  };

  return (
    <main className="login">
      <h1>SCF Ledger</h1>
      <form onSubmit={submit} aria-label="Log in">
        <label>
          User name
          <input
            name="username"
            autoComplete="username"
            placeholder="name@org"
            value={username}
            onChange={(event) => {
              setUsername(event.target.value);
            }}
            required
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(event) => {
              setPassword(event.target.value);
            }}
            required
          />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        {error !== undefined && <ProblemAlert error={error} />}
      </form>
    </main>
  );
}
