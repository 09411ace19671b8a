import type { ReactElement } from 'react';
import { ApiError } from '../api/client';
import { plainWords } from '../api/problem';

/** An error shown in plain words (a problem+json refusal, or any failure). */
export function ProblemAlert({ error }: { readonly error: unknown }): ReactElement {
  const { summary, details } =
    error instanceof ApiError
      ? plainWords(error.problem)
      : {
          summary: 'Something went wrong.',
          details: [error instanceof Error ? error.message : String(error)],
        };
  return (
    <div role="alert" className="problem">
      <strong>{summary}</strong>
      {details.length > 0 && (
        <ul>
          {details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
