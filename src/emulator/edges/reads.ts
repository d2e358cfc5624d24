/**
The read edges: a pre-verified number node (`GET /{version}/{id}`), a multi-ID read
(`GET /{version}/?ids=…`), a business's numbers (`GET /{version}/{business-id}/preverified_numbers`)
and a number's partners (`GET /{version}/{id}/partners`). Their rules are `reads.ts`'s; an
injected fault only replaces (or cuts) a successful answer.
*/
import { answerRead, type ReadRoute } from "../reads.js";
import { withFaults, type EdgeCall, type EdgeHandler } from "./edge.js";

function readEdge(route: (path: EdgeCall["path"]) => ReadRoute): EdgeHandler {
  return (call) => {
    const { store, request, caller, origin, version } = call;
    const outcome = answerRead(store, {
      route: route(call.path),
      query: request.query,
      callerBusinessId: caller.businessId,
      pageUrl: `${origin}${request.pathname}`,
      apiUrl: `${origin}/${version}`,
    });
    if (!outcome.ok) {
      return { kind: "error", error: outcome.error };
    }
    return withFaults(call, caller.businessId, () => ({ kind: "json", body: outcome.body }));
  };
}

export const nodeRead = readEdge((path) => ({ kind: "node", id: path.id ?? "" }));
export const multiIdRead = readEdge(() => ({ kind: "multi" }));
export const preverifiedNumbersRead = readEdge((path) => ({
  kind: "preverified_numbers",
  businessId: path.businessId ?? "",
}));
export const partnersRead = readEdge((path) => ({ kind: "partners", id: path.id ?? "" }));
