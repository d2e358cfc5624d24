/**
The batch edge (`POST /` or `POST /{version}/` with `batch=[…]`, matched by `routes.ts`'s
`matchBatch`): checks the top-level token and the `batch` array (`batch.ts` parses it), then runs
the items one after another through `dispatch`, the same route table and rules as standalone
requests, and answers HTTP 200 with their answers in order (`reply.ts`'s `batchItem`).
*/
import type { IncomingHttpHeaders } from "node:http";

import { batchItemTarget, parseBatch, type BatchResponseBody } from "../batch.js";
import { metaErrors } from "../errors.js";
import { batchItem, type Reply } from "../reply.js";
import { nonEmptyString, rawParam, readParams, type ReceivedRequest } from "../request.js";

/** A batch request's version (the path's, else the latest) and its raw `batch` parameter. */
export interface BatchCall {
  version: string;
  raw: unknown;
}

/** One item handed to the route table, as if it were its own request. */
export interface BatchItemCall {
  request: ReceivedRequest;
  /** Method, target and body: identical items (and requests) share `times` counts. */
  identity: string;
  /** The item's `emulator_fault`, which stands for `x-emulator-fault`. */
  fault: string | undefined;
}

/**
Answers one item through the route table (recording it first): its reply and the version it is
answered at, or `undefined` when the client gave up on the batch during the item's latency.
*/
export type BatchDispatch = (
  item: BatchItemCall,
) => Promise<{ reply: Reply; version: string } | undefined>;

/** The batch's reply, or `undefined` when the client gave up meanwhile. */
export async function batchEdge(
  request: ReceivedRequest,
  batch: BatchCall,
  dispatch: BatchDispatch,
): Promise<Reply | undefined> {
  const { version } = batch;
  // Required even when every item carries its own token; checked here only for presence (each
  // item that falls back on it gets the usual 190 answers if it is unknown or expired).
  const topLevelToken = readParams(request).token;
  if (topLevelToken === undefined) {
    return { kind: "error", error: metaErrors.missingToken() };
  }
  const parsed = parseBatch(batch.raw);
  if (!parsed.ok) {
    return { kind: "error", error: parsed.error };
  }
  const includeHeaders = rawParam(request, "include_headers");
  const withHeaders = includeHeaders !== false && includeHeaders !== "false";

  const answers: BatchResponseBody = [];
  for (const item of parsed.items) {
    const target = batchItemTarget(item.relativeUrl, version);
    const ownToken =
      nonEmptyString(new URLSearchParams(item.body).get("access_token")) ??
      nonEmptyString(target.query.get("access_token"));
    const headers: IncomingHttpHeaders = {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Bearer ${ownToken ?? topLevelToken}`,
    };
    const decided = await dispatch({
      request: {
        method: item.method,
        pathname: target.pathname,
        query: target.query,
        headers,
        body: item.body,
        bodyTooLarge: false,
      },
      identity: `${item.method}\0${target.url}\0${item.body}`,
      fault: item.fault,
    });
    if (decided === undefined) {
      return undefined;
    }
    answers.push(batchItem(decided.reply, decided.version, withHeaders));
  }
  return { kind: "json", body: answers };
}
