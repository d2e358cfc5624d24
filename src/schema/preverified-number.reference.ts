import type { Context } from "../context.js";
import { getNumber } from "../sharing/reads.js";
import { toGraphQLError } from "./failure-to-graphql.js";
import { PreverifiedNumber } from "./preverified-number.type.js";

/**
Resolves `_entities` representations of `PreverifiedNumber`. Without caller grants the reference
itself is the answer and no upstream call is needed (fields load in bulk later). A caller with
grants sees the entity only once the number is known to be owned by or shared with one of its
businesses: the read that decides it is the same batched read the fields use.
*/
export async function resolvePreverifiedNumberReference(
  reference: { id: string },
  context: Context,
): Promise<PreverifiedNumber> {
  if (context.caller.grants === undefined) {
    return PreverifiedNumber.of(reference.id);
  }
  const loaded = await getNumber(context, reference.id);
  if (!loaded.ok) {
    throw toGraphQLError(loaded.failure);
  }
  return PreverifiedNumber.fromDetails(loaded.value);
}
