/** How a run of the Stripe CLI ended: declared once, for the adapter that runs it and the messages. */
import type { StopSignal } from '../signals.js';

/** How far a run had gone when it stopped: the prompts rak-app answered, and whether the success line came after. */
export interface StripeProgress {
  answered: { label: string; answer: string }[];
  /** Whether a line matching the run's success line came after the last answer (or with none given). */
  sawSuccess: boolean;
}

export type StripeOutcome =
  | {
      kind: 'ok';
      output: string;
      /** The prompts rak-app answered, with the answer given, in order. */
      answered?: { label: string; answer: string }[];
      /** Whether a line matching the run's success line came after the last answer (or with none given). */
      sawSuccess?: boolean;
      /** A signal reached rak-app while Stripe ran, and Stripe finished all the same with exit 0. */
      interrupted?: StopSignal;
    }
  | { kind: 'missing'; path: string }
  /** What the Stripe CLI said about its apps plugin: that it must be installed, or cannot run. */
  | { kind: 'plugin-missing'; output: string; said?: string; progress?: StripeProgress }
  | { kind: 'not-logged-in'; output: string; progress?: StripeProgress }
  | {
      kind: 'prompt-blocked';
      prompt: string;
      reason: 'terms' | 'unknown-prompt' | 'silent' | 'too-long';
      output: string;
      /** With 'too-long': the limit it ran into. */
      seconds?: number;
      progress?: StripeProgress;
    }
  | {
      kind: 'failed';
      exitCode: number | undefined;
      output: string;
      /** The line by which Stripe said a step failed, after the last answer (`× Failed to register X`). */
      reported?: string;
      /**
       * Whether the work stands is not known: the run's success line came too (`✔ Uploaded X`, `×
       * Failed to register X`, in either order), or the failure may have come before the answer.
       */
      uncertain?: true;
      progress?: StripeProgress;
    }
  | { kind: 'interrupted'; signal: StopSignal; output: string; progress?: StripeProgress };

/** A run that did not finish. */
export type StripeStopOutcome = Exclude<StripeOutcome, { kind: 'ok' }>;
