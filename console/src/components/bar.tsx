import type { ReactElement } from 'react';
import { percent } from '../money';

/** A horizontal bar: `part` of `whole` filled (integer minor units), with its percentage. */
export function Bar(props: {
  readonly part: bigint;
  readonly whole: bigint;
  readonly label: string;
}): ReactElement {
  const share = percent(props.part, props.whole);
  const filled = Math.min(100, Number(share));
  return (
    <svg
      className="bar"
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      role="img"
      aria-label={`${props.label}: ${share} %`}
    >
      <rect className="bar-room" x="0" y="0" width="100" height="10" />
      <rect className={filled >= 90 ? 'bar-used high' : 'bar-used'} x="0" y="0" width={filled} height="10" />
    </svg>
  );
}
