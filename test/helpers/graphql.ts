/**
Sending GraphQL over HTTP from tests: typed documents (test/operations/*.graphql, generated into
test/__generated__/graphql.ts) with typed variables and a typed result, or a raw body for the
payloads that are attacks rather than operations (limits, syntax errors, invalid fields).
*/
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
import { FIXTURES } from "../../src/emulator/index.js";

export interface GraphQLHttpResponse<TData> {
  status: number;
  headers: Headers;
  body: {
    data?: TData | null;
    errors?: { message: string; extensions?: Record<string, unknown>; path?: unknown[] }[];
  };
  /** The raw response text, for "this must not appear anywhere" assertions. */
  text: string;
}

/** The JSON body of a request for `document` (printed) with `variables`. */
export function operationBody<TData, TVariables>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): { query: string; variables: TVariables } {
  return { query: print(document), variables };
}

/** POSTs `body` (JSON-encoded unless already a string) to `url`; answers the parsed response. */
export async function postGraphQL(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<GraphQLHttpResponse<unknown>> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(text) as GraphQLHttpResponse<unknown>["body"],
    text,
  };
}

/** POSTs a typed document with its variables to `url`; the result is typed by the document. */
export async function executeAt<TData, TVariables>(
  url: string,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  headers: Record<string, string> = {},
): Promise<GraphQLHttpResponse<TData>> {
  const response = await postGraphQL(url, operationBody(document, variables), headers);
  return response as GraphQLHttpResponse<never>;
}

/** The `authorization` header of a caller holding `token`. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

/** The share every test starts from: Acme shares its verified number with Partner One. */
export function shareInput(
  overrides: Partial<Record<"businessId" | "preverifiedId" | "partnerBusinessId", string>> = {},
): { businessId: string; preverifiedId: string; partnerBusinessId: string } {
  return {
    businessId: FIXTURES.businesses.acme,
    preverifiedId: FIXTURES.numbers.verified,
    partnerBusinessId: FIXTURES.businesses.partnerOne,
    ...overrides,
  };
}

/** A federation `_entities` representation of a pre-verified number. */
export interface Representation {
  __typename: "PreverifiedNumber";
  id: string;
}

/** The representations of these numbers, in order. */
export function representations(ids: readonly string[]): Representation[] {
  return ids.map((id) => ({ __typename: "PreverifiedNumber", id }));
}
