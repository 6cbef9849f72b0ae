/** Errors of the analysis with a stable code and a German and an English message. */
import { ApiError } from '../api/errors';

export class AnalysisError extends ApiError {
  constructor(
    code: string,
    readonly de: string,
    readonly en: string,
  ) {
    super(code, en);
    this.name = 'AnalysisError';
  }
}
