/** The core's port to natural-language understanding (implemented in src/nlu). */
export type Interpretation =
  | { action: 'run'; intent: string; confidence: number; commandLine: string }
  | { action: 'clarify'; confidence: number; choices: Array<{ intent: string; label: string; commandLine: string }> }
  | { action: 'out_of_scope'; confidence: number };

export interface IntentService {
  interpret(text: string): Promise<Interpretation>;
  /** Stores "that was wrong, it meant <intent>" for the next retrain. */
  recordFeedback(entry: { text: string; intent: string; predictedIntent?: string; userId: string }): Promise<void>;
  /** Loads the active model again (after a retrain or rollback, here or in another process). */
  reload(): Promise<void>;
}
