/** What the AR 2418-6 reader accepts (limits) and what it returns. */
import type { Ar2418Document } from '../../model/types';
import type { Problem } from '../../model/problems';
import type { SourceLocations } from './source-locations';
import type { OriginalBytes } from '../../platform/original-bytes';

export interface ReadLimits {
  /** Largest accepted input in bytes. */
  maxBytes: number;
  /** Deepest accepted element nesting. */
  maxDepth: number;
  /** Longest accepted text of one element (characters). */
  maxTextLength: number;
  /** Most elements accepted in one document. */
  maxElements: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxBytes: 512 * 1024 * 1024,
  maxDepth: 40,
  maxTextLength: 16 * 1024 * 1024,
  maxElements: 50_000_000,
};

export interface ReadOptions {
  limits?: Partial<ReadLimits>;
}

export interface Ar2418ReadResult {
  /** Undefined when the input could not be read as an AR 2418-6 document at all. */
  document?: Ar2418Document;
  /**
   * The input exactly as given (never rewritten): the bytes given (in-memory reads) or a handle to the file
   * read (file reads), so that the heap holds no copy of a file after its read.
   */
  original: OriginalBytes;
  problems: Problem[];
  locations: SourceLocations;
  /** True when no problem is an error. */
  ok: boolean;
}
