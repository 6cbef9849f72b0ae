/**
 * The validation pipeline: reading (well-formedness, schema structure, per-reading rules) → model rules →
 * context rules → supplier rules (and, with both files, supplier-vs-device). Every problem carries German
 * and English text and, where it has one, a location.
 */
import type { Ar2418Document } from '../../model/types';
import { hasErrors, type Problem } from '../../model/problems';
import { readAr2418, readAr2418File, type Ar2418ReadResult, type ReadOptions } from './reader';
import { validateModel } from './validation/model-rules';
import { validateContext, type ValidationContext } from './validation/context-rules';
import { validateSupplierAgainstDevice, validateSupplierProfile } from './validation/supplier-rules';
import type { SourceLocations } from './source-locations';

export type { ValidationContext } from './validation/context-rules';
export { validateModel } from './validation/model-rules';
export { validateContext } from './validation/context-rules';
export { validateSupplierProfile, validateSupplierAgainstDevice } from './validation/supplier-rules';

export interface ValidationResult extends Ar2418ReadResult {
  /** All problems: from reading and from the rules. */
  problems: Problem[];
  /** No problem of severity error. */
  valid: boolean;
}

/** Model, context and supplier rules for a read document. */
export function validateDocument(doc: Ar2418Document, locations: SourceLocations, context: ValidationContext = {}): Problem[] {
  return [...validateModel(doc, locations), ...validateContext(doc, locations, context), ...validateSupplierProfile(doc, locations)];
}

/** Adds the rule checks to a read result. */
export function validateReadResult(read: Ar2418ReadResult, context: ValidationContext = {}): ValidationResult {
  const problems = read.document ? [...read.problems, ...validateDocument(read.document, read.locations, context)] : read.problems;
  const valid = !hasErrors(problems);
  return { ...read, problems, ok: valid, valid };
}

export function validateAr2418(bytes: Uint8Array, context: ValidationContext = {}, options: ReadOptions = {}): ValidationResult {
  return validateReadResult(readAr2418(bytes, options), context);
}

export async function validateAr2418File(path: string, context: ValidationContext = {}, options: ReadOptions = {}): Promise<ValidationResult> {
  return validateReadResult(await readAr2418File(path, options), context);
}

/** Supplier file against device data (both already read). */
export function validatePair(supplier: Ar2418ReadResult, device: Ar2418ReadResult): Problem[] {
  if (!supplier.document || !device.document) return [];
  return validateSupplierAgainstDevice(supplier.document, supplier.locations, device.document);
}
