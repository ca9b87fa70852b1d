import { PulseError } from '../../errors.ts';

export type MixInputErrorCode = 'E_MIX_SHAPE' | 'E_MIX_TOO_SHORT' | 'E_NO_SPEND_DATA' | 'E_UNKNOWN_CHANNEL';

/** The data given to `fitMarketingMix` cannot be modelled; the message says what to change. */
export class MixInputError extends PulseError {
  declare readonly code: MixInputErrorCode;
  constructor(code: MixInputErrorCode, message: string) {
    super(code, message);
  }
}

export type AllocationErrorCode =
  | 'E_BUDGET_NOT_POSITIVE'
  | 'E_BOUNDS_MIN_ABOVE_MAX'
  | 'E_BOUNDS_CANNOT_MEET_BUDGET'
  | 'E_UNKNOWN_CHANNEL'
  | 'E_NO_SPEND_DATA'
  | 'E_BAD_NUMBER';

/** The budget request cannot be solved as asked; the message says how to fix it. */
export class AllocationInputError extends PulseError {
  declare readonly code: AllocationErrorCode;
  constructor(code: AllocationErrorCode, message: string) {
    super(code, message);
  }
}
