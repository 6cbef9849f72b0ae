/** Errors of the analysis with a stable code and a German and an English message. */
import { ApiError } from '../api/errors';

export class AnalysisError extends ApiError {
  readonly messageDe: string;
  readonly messageEn: string;

  constructor(code: string, de: string, en: string) {
    super(code, en);
    this.name = 'AnalysisError';
    this.messageDe = de;
    this.messageEn = en;
    // The transports carry `de` and `en` of an ApiError to the UI.
    Object.assign(this, { de, en });
  }
}
