import { useCallback, useEffect, useState } from 'react';

/** What a page loaded: nothing yet, the value, or the failure. */
export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'ready'; readonly value: T }
  | { readonly state: 'failed'; readonly error: unknown };

/** Loads with `load` whenever `key` changes; `reload` loads again. */
export function useLoad<T>(load: () => Promise<T>, key: string): [Loaded<T>, () => void] {
  const [round, setRound] = useState(0);
  const current = `${String(round)}:${key}`;
  // The last answer, with the load it answers: an answer to an older load shows as loading.
  const [answer, setAnswer] = useState<{ readonly of: string; readonly loaded: Loaded<T> }>();
  useEffect(() => {
    let wanted = true;
    load().then(
      (value) => {
        if (wanted) setAnswer({ of: current, loaded: { state: 'ready', value } });
      },
      (error: unknown) => {
        if (wanted) setAnswer({ of: current, loaded: { state: 'failed', error } });
      },
    );
    return () => {
      wanted = false;
    };
    // `load` is a new closure each render; `current` says when what it loads changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current]);
  const reload = useCallback(() => {
    setRound((value) => value + 1);
  }, []);
  return [answer?.of === current ? answer.loaded : { state: 'loading' }, reload];
}
