/** A date/time option of the CLI (`--from`, `--to`): the one parser (src/model/time/parse-time.ts), errors as usage errors. */
import { parseTime, TimeParseError } from '../model/time/parse-time';
import { UsageError } from './command';

export function timeOption(flag: string, value: string): number;
export function timeOption(flag: string, value: string | undefined): number | undefined;
export function timeOption(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return parseTime(value, { field: flag });
  } catch (error) {
    if (error instanceof TimeParseError) throw new UsageError(`${error.en} (${error.de})`);
    throw error;
  }
}
