import { PulseError } from '../../errors.ts';

export type ClvErrorCode =
  | 'E_CLV_BAD_INPUT'
  | 'E_CLV_NO_CUSTOMERS'
  | 'E_CLV_NO_REPEAT_CUSTOMERS'
  | 'E_CLV_TOO_FEW_REPEAT_CUSTOMERS'
  | 'E_CLV_NO_ORDER_VALUES'
  | 'E_CLV_FIT_FAILED';

/**
 * The customer data cannot give a churn or lifetime-value model; the message says why in words a
 * marketer can act on. `code` is stable for callers and tests.
 */
export class ClvError extends PulseError {
  declare readonly code: ClvErrorCode;
  constructor(code: ClvErrorCode, message: string) {
    super(code, message);
  }
}
