import { BadInputError } from '../../errors.ts';
import { validateMixInput } from '../../ml/mmm/validate-input.ts';
import type { MixInput } from '../../ml/mmm/index.ts';
import type { Repositories } from '../../repos/index.ts';
import { checkRequestAgainstData, isAllocationDataError, type AllocateRequest } from './budget-request.ts';
import { loadWeeklyMix, WeeklyMixUnavailable } from './weekly-input.ts';

export interface LoadedMix {
  input: MixInput;
  outcome: string;
  /** The file of the latest spend import that recorded this outcome, when known. */
  sourceFile?: string;
}

/** The weekly spend and outcome, checked fit to model; every data problem is a BadInputError (no retry). */
export async function loadMix(repos: Repositories): Promise<LoadedMix> {
  try {
    const { input, outcome } = await loadWeeklyMix(repos.marketing, repos.imports);
    validateMixInput(input);
    return { input, outcome, sourceFile: await spendFileName(repos) };
  } catch (err) {
    if (err instanceof WeeklyMixUnavailable || isAllocationDataError(err)) throw new BadInputError(err.message);
    throw err;
  }
}

/** The data may have changed since the command checked a request: the same checks again, as a BadInputError. */
export async function loadCheckedMix(repos: Repositories, payload: AllocateRequest): Promise<LoadedMix & { request: AllocateRequest }> {
  const mix = await loadMix(repos);
  try {
    return { ...mix, request: checkRequestAgainstData(payload, mix.input) };
  } catch (err) {
    if (isAllocationDataError(err)) throw new BadInputError(err.message);
    throw err;
  }
}

async function spendFileName(repos: Repositories): Promise<string | undefined> {
  return (await repos.imports.listRecent(50)).find((record) => record.kind === 'spend')?.fileName;
}
