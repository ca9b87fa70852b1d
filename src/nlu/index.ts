export { INTENTS, OUT_OF_SCOPE, isIntent, type Example, type Intent } from './intents.ts';
export { trainIntentModel, IntentModel, DEFAULT_MODEL_OPTIONS, type Classification, type IntentModelOptions, type IntentModelPayload } from './model.ts';
export { decide, DEFAULT_THRESHOLDS, type Decision, type Thresholds } from './decide.ts';
export { crossValidate, evaluate, formatEvaluation, stratifiedFolds, type EvaluationMetrics } from './evaluate.ts';
export { loadCorpus, readJsonl, toExamples } from './corpus.ts';
export { toCommandLine } from './command-line.ts';
export { classifyCommand, classifyJsonl, evalFile } from './cli.ts';
export { extractSlots, DEFAULT_HOUR, type Slots, type SlotContext } from './slots/index.ts';
