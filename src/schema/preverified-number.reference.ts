import { PreverifiedNumber } from "./preverified-number.type.js";

/**
Resolves `_entities` representations of `PreverifiedNumber`. Only `id` is exposed so far, so the
reference itself is the answer and no upstream call is needed.
*/
export function resolvePreverifiedNumberReference(reference: { id: string }): PreverifiedNumber {
  return PreverifiedNumber.of(reference.id);
}
