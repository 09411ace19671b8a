import { useId, useState, type SyntheticEvent, type ReactElement, type ReactNode } from 'react';
import { ProblemAlert } from './problem-alert';

/**
 * One action on the ledger: its fields, the button (disabled while the input is invalid or the
 * write is in flight) and the gateway's refusal in plain words.
 */
export function ActionForm(props: {
  readonly title: string;
  readonly submitLabel: string;
  /** Why the input cannot be sent yet; `undefined` when it can. */
  readonly invalid?: string | undefined;
  readonly run: () => Promise<unknown>;
  readonly onDone: () => void;
  readonly children?: ReactNode;
}): ReactElement {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    props.run().then(
      () => {
        setBusy(false);
        props.onDone();
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failure);
      },
    );
  };
  return (
    <form className="action" onSubmit={submit} aria-label={props.title}>
      <h4>{props.title}</h4>
      {props.children}
      <button type="submit" disabled={busy || props.invalid !== undefined}>
        {busy ? 'Waiting for the ledger…' : props.submitLabel}
      </button>
      {props.invalid !== undefined && <p className="hint">{props.invalid}</p>}
      {error !== undefined && <ProblemAlert error={error} />}
    </form>
  );
}

/** A labelled input whose problem (if any) is shown under it and announced. */
export function Field(props: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly problem?: string | undefined;
  readonly placeholder?: string;
  readonly list?: string;
  readonly inputMode?: 'decimal' | 'text';
}): ReactElement {
  const [touched, setTouched] = useState(false);
  const id = useId();
  const showProblem = touched && props.problem !== undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        value={props.value}
        placeholder={props.placeholder}
        list={props.list}
        inputMode={props.inputMode}
        aria-invalid={showProblem}
        aria-describedby={showProblem ? `${id}-problem` : undefined}
        onChange={(event) => {
          setTouched(true);
          props.onChange(event.target.value);
        }}
      />
      {showProblem && (
        <span id={`${id}-problem`} className="field-problem">
          {props.problem}
        </span>
      )}
    </div>
  );
}
