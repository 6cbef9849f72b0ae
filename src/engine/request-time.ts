/** A time in an API request (`from`, `to`): the one parser (zone-less = Berlin wall time), errors as BAD_REQUEST in both languages. */
import { ApiError } from '../api/errors';
import { parseTime, TimeParseError } from '../model/time/parse-time';

export function requestTime(value: unknown, field: string): number {
  try {
    return parseTime(value, { field });
  } catch (error) {
    if (error instanceof TimeParseError) throw ApiError.localized('BAD_REQUEST', error.de, error.en, { field });
    throw error;
  }
}
