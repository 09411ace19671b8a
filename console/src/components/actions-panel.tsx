import { useState, type ReactElement } from 'react';
import { allPages, type ApiClient } from '../api/client';
import { FinancingWrite, ParticipantPage, ReceivableWrite, type Receivable } from '../api/schemas';
import { actionsFor, type Action } from '../actions';
import { amountProblem, checkParts } from '../money';
import type { Session } from '../session';
import { useLoad } from '../use-load';
import { idProblem, paymentRefProblem, reasonProblem } from '../validation';
import { ActionForm, Field } from './action-form';

interface ActionProps {
  readonly api: ApiClient;
  readonly receivable: Receivable;
  readonly onDone: () => void;
}

const path = (receivable: Receivable, action: string): string =>
  `/receivables/${encodeURIComponent(receivable.id)}/${action}`;

function Accept({ api, receivable, onDone }: ActionProps): ReactElement {
  return (
    <ActionForm
      title="Accept"
      submitLabel="Accept"
      run={() => api.post(path(receivable, 'accept'), {}, ReceivableWrite)}
      onDone={onDone}
    />
  );
}

function Cancel({ api, receivable, onDone }: ActionProps): ReactElement {
  return (
    <ActionForm
      title="Cancel (not yet accepted)"
      submitLabel="Cancel receivable"
      run={() => api.post(path(receivable, 'cancel'), {}, ReceivableWrite)}
      onDone={onDone}
    />
  );
}

function WithReason(
  props: ActionProps & {
    readonly title: string;
    readonly target: string;
    readonly schema: typeof ReceivableWrite | typeof FinancingWrite;
  },
): ReactElement {
  const [reason, setReason] = useState('');
  const problem = reasonProblem(reason);
  return (
    <ActionForm
      title={props.title}
      submitLabel={props.title}
      invalid={problem === undefined ? undefined : `Reason: ${problem}`}
      run={() => props.api.post(props.target, { reason: reason.trim() }, props.schema)}
      onDone={props.onDone}
    >
      <Field label="Reason" value={reason} onChange={setReason} problem={problem} />
    </ActionForm>
  );
}

function Transfer({
  api,
  receivable,
  onDone,
  participants,
}: ActionProps & { readonly participants: string }): ReactElement {
  const [toId, setToId] = useState('');
  const [amount, setAmount] = useState('');
  const toProblem = idProblem(toId);
  const amountIssue = amount === '' ? undefined : amountProblem(amount, receivable.currency);
  const invalid =
    toProblem !== undefined
      ? `To: ${toProblem}`
      : amountIssue === undefined
        ? undefined
        : `Amount: ${amountIssue}`;
  return (
    <ActionForm
      title="Transfer"
      submitLabel={amount === '' ? 'Transfer all' : `Transfer ${amount} ${receivable.currency}`}
      invalid={invalid}
      run={() =>
        api.post(
          path(receivable, 'transfer'),
          amount === '' ? { toId } : { toId, amount: amount.trim() },
          ReceivableWrite,
        )
      }
      onDone={onDone}
    >
      <Field
        label="To (participant id)"
        value={toId}
        onChange={setToId}
        problem={toProblem}
        list={participants}
      />
      <Field
        label={`Amount (empty: all ${receivable.amount})`}
        value={amount}
        onChange={setAmount}
        problem={amountIssue}
        inputMode="decimal"
      />
    </ActionForm>
  );
}

/** Split into N parts, with a live check that they add up to the receivable's amount. */
export function Split({ api, receivable, onDone }: ActionProps): ReactElement {
  const [parts, setParts] = useState<readonly string[]>(['', '']);
  const check = checkParts(parts, receivable.amount, receivable.currency);
  const invalid = check.addsUp
    ? undefined
    : `The parts must add up to ${receivable.amount}: ${check.remaining} left`;
  return (
    <ActionForm
      title="Split"
      submitLabel={`Split into ${parts.length} parts`}
      invalid={invalid}
      run={() =>
        api.post(
          path(receivable, 'split'),
          { parts: parts.map((part) => ({ amount: part.trim() })) },
          ReceivableWrite,
        )
      }
      onDone={onDone}
    >
      {parts.map((part, index) => (
        <Field
          // Parts are positional: their index is their identity.
          key={index}
          label={`Part ${index + 1}`}
          value={part}
          problem={check.problems[index]}
          inputMode="decimal"
          onChange={(value) => {
            setParts(parts.map((old, at) => (at === index ? value : old)));
          }}
        />
      ))}
      <p className="sum" aria-live="polite">
        Left to assign: <output>{check.remaining}</output> {receivable.currency}
      </p>
      <div className="row">
        <button
          type="button"
          disabled={parts.length >= 100}
          onClick={() => {
            setParts([...parts, '']);
          }}
        >
          Add a part
        </button>
        <button
          type="button"
          disabled={parts.length <= 2}
          onClick={() => {
            setParts(parts.slice(0, -1));
          }}
        >
          Remove the last part
        </button>
      </div>
    </ActionForm>
  );
}

function RequestFinancing({
  api,
  receivable,
  onDone,
  banks,
}: ActionProps & { readonly banks: string }): ReactElement {
  const [bankId, setBankId] = useState('');
  const problem = idProblem(bankId);
  return (
    <ActionForm
      title="Request financing"
      submitLabel="Request financing"
      invalid={problem === undefined ? undefined : `Bank: ${problem}`}
      run={() => api.post(path(receivable, 'financing-requests'), { bankId }, FinancingWrite)}
      onDone={onDone}
    >
      <Field
        label="Bank (participant id)"
        value={bankId}
        onChange={setBankId}
        problem={problem}
        list={banks}
      />
    </ActionForm>
  );
}

function ApproveFinancing({ api, receivable, onDone }: ActionProps): ReactElement {
  const [advance, setAdvance] = useState('');
  const problem = amountProblem(advance, receivable.currency);
  const requestId = receivable.financing?.requestId ?? '';
  return (
    <ActionForm
      title="Approve financing"
      submitLabel="Approve financing"
      invalid={problem === undefined ? undefined : `Advance: ${problem}`}
      run={() =>
        api.post(
          `/financing-requests/${encodeURIComponent(requestId)}/approve`,
          { advanceAmount: advance.trim() },
          FinancingWrite,
        )
      }
      onDone={onDone}
    >
      <Field
        label={`Advance (${receivable.currency})`}
        value={advance}
        onChange={setAdvance}
        problem={problem}
        inputMode="decimal"
      />
    </ActionForm>
  );
}

function Settle({ api, receivable, onDone }: ActionProps): ReactElement {
  const [paymentRef, setPaymentRef] = useState('');
  const problem = paymentRefProblem(paymentRef);
  return (
    <ActionForm
      title="Settle (the root and every live part)"
      submitLabel="Settle"
      invalid={problem === undefined ? undefined : `Payment reference: ${problem}`}
      run={() => api.post(path(receivable, 'settle'), { paymentRef }, ReceivableWrite)}
      onDone={onDone}
    >
      <Field label="Payment reference" value={paymentRef} onChange={setPaymentRef} problem={problem} />
    </ActionForm>
  );
}

/** The actions this user may take on the receivable; none for viewers and administrators. */
export function ActionsPanel({
  session,
  receivable,
  onDone,
}: {
  readonly session: Session;
  readonly receivable: Receivable;
  readonly onDone: () => void;
}): ReactElement {
  const actions = actionsFor(receivable, session.me);
  const [participants] = useLoad(
    () =>
      actions.length === 0
        ? Promise.resolve({ items: [] })
        : allPages(session.api, '/participants', ParticipantPage),
    String(actions.length > 0),
  );
  if (actions.length === 0) {
    return <p className="hint">No action of yours is possible on this receivable.</p>;
  }
  const props: ActionProps = { api: session.api, receivable, onDone };
  const known = participants.state === 'ready' ? participants.value.items : [];
  const forms: Readonly<Record<Action, () => ReactElement>> = {
    accept: () => <Accept {...props} />,
    reject: () => (
      <WithReason {...props} title="Reject" target={path(receivable, 'reject')} schema={ReceivableWrite} />
    ),
    cancel: () => <Cancel {...props} />,
    transfer: () => <Transfer {...props} participants="enterprises" />,
    split: () => <Split {...props} />,
    'request-financing': () => <RequestFinancing {...props} banks="banks" />,
    'approve-financing': () => <ApproveFinancing {...props} />,
    'reject-financing': () => (
      <WithReason
        {...props}
        title="Reject financing"
        schema={FinancingWrite}
        target={`/financing-requests/${encodeURIComponent(receivable.financing?.requestId ?? '')}/reject`}
      />
    ),
    settle: () => <Settle {...props} />,
  };
  return (
    <section aria-labelledby="actions-title" className="actions">
      <h3 id="actions-title">Actions</h3>
      <datalist id="enterprises">
        {known
          .filter((participant) => participant.kind === 'ENTERPRISE')
          .map((participant) => (
            <option key={participant.id} value={participant.id}>
              {participant.name}
            </option>
          ))}
      </datalist>
      <datalist id="banks">
        {known
          .filter((participant) => participant.kind === 'BANK')
          .map((participant) => (
            <option key={participant.id} value={participant.id}>
              {participant.name}
            </option>
          ))}
      </datalist>
      <div className="action-grid">
        {actions.map((action) => (
          <div key={action}>{forms[action]()}</div>
        ))}
      </div>
    </section>
  );
}
