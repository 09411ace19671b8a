import { useEffect, useState, type ReactElement } from 'react';
import { AuditorPage } from './pages/auditor-page';
import { CreditLinesPage } from './pages/credit-lines-page';
import { LoginPage } from './pages/login-page';
import { ReceivablePage } from './pages/receivable-page';
import { ReceivablesPage } from './pages/receivables-page';
import { RiskPage } from './pages/risk-page';
import { hrefOf, pageOf, type Page } from './routes';
import { endSession, isAuditor, resumeSession, type Session } from './session';

function useHashPage(): Page {
  const [page, setPage] = useState(() => pageOf(window.location.hash));
  useEffect(() => {
    const follow = (): void => {
      setPage(pageOf(window.location.hash));
    };
    window.addEventListener('hashchange', follow);
    return () => {
      window.removeEventListener('hashchange', follow);
    };
  }, []);
  return page;
}

/** The pages a user's role opens (the gateway refuses the rest anyway). */
export function navigationFor(session: Session): readonly { readonly page: Page; readonly label: string }[] {
  return [
    { page: { name: 'receivables' }, label: 'Receivables' },
    { page: { name: 'credit-lines' }, label: 'Credit lines' },
    { page: { name: 'auditor' }, label: isAuditor(session.me) ? 'Audit' : 'Transactions & events' },
    ...(isAuditor(session.me) ? [{ page: { name: 'risk' } as const, label: 'Risk' }] : []),
  ];
}

function Content({ session, page }: { readonly session: Session; readonly page: Page }): ReactElement {
  switch (page.name) {
    case 'receivable':
      return <ReceivablePage key={page.id} session={session} id={page.id} />;
    case 'credit-lines':
      return <CreditLinesPage session={session} />;
    case 'auditor':
      return <AuditorPage session={session} {...(page.tx === undefined ? {} : { tx: page.tx })} />;
    case 'risk':
      return <RiskPage session={session} />;
    case 'receivables':
      return <ReceivablesPage session={session} />;
  }
}

/** The console: the login, then the pages of the user's role. */
export function App(): ReactElement {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const page = useHashPage();
  useEffect(() => {
    void resumeSession().then((resumed) => {
      setSession(resumed ?? null);
    });
  }, []);
  if (session === undefined) return <p aria-busy="true">Loading…</p>;
  if (session === null) return <LoginPage onLogin={setSession} />;
  const { me } = session;
  return (
    <>
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header className="top">
        <h1>SCF Ledger</h1>
        <nav aria-label="Main">
          {navigationFor(session).map((item) => (
            <a
              key={item.label}
              href={hrefOf(item.page)}
              aria-current={item.page.name === page.name ? 'page' : undefined}
            >
              {item.label}
            </a>
          ))}
        </nav>
        <div className="who" data-testid="who">
          {me.username} · {me.participantId ?? me.org} · {me.role}
          <button
            type="button"
            onClick={() => {
              endSession();
              setSession(null);
            }}
          >
            Log out
          </button>
        </div>
      </header>
      <main id="content" tabIndex={-1}>
        <Content session={session} page={page} />
      </main>
    </>
  );
}
