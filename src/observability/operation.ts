import type { GraphQLRequestContextWillSendResponse } from "@apollo/server";
import { getOperationAST } from "graphql";

/**
The name of a finished request's operation: the one Apollo resolved, or, when the request failed
before that (a parse or validation error) or named no operation of its document, the one the
document or the request gives. Not yet bounded: see `labels.ts`.
*/
export function operationNameOf(
  requestContext: GraphQLRequestContextWillSendResponse<object>,
): string | null | undefined {
  const requested = requestContext.request.operationName;
  if (typeof requestContext.operationName === "string") {
    return requestContext.operationName;
  }
  if (requestContext.operationName === null) {
    // Anonymous, unless the request asked for an operation the document does not have.
    return requested;
  }
  const document = requestContext.document;
  if (document !== undefined) {
    const operation = getOperationAST(document, requested);
    if (operation?.name !== undefined) {
      return operation.name.value;
    }
  }
  return requested;
}
