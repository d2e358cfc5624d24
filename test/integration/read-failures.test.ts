// Every read answers every Meta failure in its own vocabulary: a member of its union
// (`preverifiedNumber`, `preverifiedNumbers`) or a coded GraphQL error (entity fields,
// `PreverifiedNumber.partners`). No Meta answer becomes INTERNAL_SERVER_ERROR, a 422 included
// (Meta documents 422 for the share edge only; see READ_ERROR_RULES).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { EMULATOR_FAULT_HEADER, FIXTURES } from "../../src/emulator/index.js";
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  EntityPartnersDocument,
  EntityPhoneNumbersDocument,
  ReadFailureNumberDocument,
  ReadFailureNumbersDocument,
} from "../__generated__/graphql.js";
import { bearer } from "../helpers/graphql.js";
import { startStack, type Stack } from "../helpers/stack.js";

const { tokens, numbers, businesses } = FIXTURES;

/** What each read answers for one fault: a union member (and its reason), or an error code. */
interface Expected {
  fault: string;
  /** `preverifiedNumber` (a multi-ID read: an invalid parameter for one ID is that ID not found). */
  number: string;
  /** `preverifiedNumbers`. */
  numbers: string;
  /** `extensions.code` of an entity field's error (the multi-ID read). */
  entity: string;
  /** `extensions.code` of the `partners` field's error (first pages: a multi-ID read too). */
  partners: string;
  /** Whether the union member says a retry may succeed (Meta's 5xx: yes; 4xx: no). */
  retryable: boolean;
}

const CASES: readonly Expected[] = [
  {
    fault: "meta-error:422:100",
    number: "NotFoundError",
    numbers: "InvalidInputError",
    entity: "NOT_FOUND",
    partners: "NOT_FOUND",
    retryable: false,
  },
  {
    fault: "html:422",
    number: "UpstreamError UNPARSEABLE_RESPONSE 422",
    numbers: "UpstreamError UNPARSEABLE_RESPONSE 422",
    entity: "UPSTREAM_ERROR",
    partners: "UPSTREAM_ERROR",
    retryable: false,
  },
  {
    fault: "empty:422",
    number: "UpstreamError UNPARSEABLE_RESPONSE 422",
    numbers: "UpstreamError UNPARSEABLE_RESPONSE 422",
    entity: "UPSTREAM_ERROR",
    partners: "UPSTREAM_ERROR",
    retryable: false,
  },
  {
    fault: "status:503",
    number: "UpstreamError SERVER_ERROR 503",
    numbers: "UpstreamError SERVER_ERROR 503",
    entity: "UPSTREAM_ERROR",
    partners: "UPSTREAM_ERROR",
    retryable: true,
  },
  {
    fault: "html:502",
    number: "UpstreamError UNPARSEABLE_RESPONSE 502",
    numbers: "UpstreamError UNPARSEABLE_RESPONSE 502",
    entity: "UPSTREAM_ERROR",
    partners: "UPSTREAM_ERROR",
    retryable: true,
  },
  {
    fault: "meta-error:400:987654",
    number: "UpstreamError UNKNOWN_CODE 400",
    numbers: "UpstreamError UNKNOWN_CODE 400",
    entity: "UPSTREAM_ERROR",
    partners: "UPSTREAM_ERROR",
    retryable: false,
  },
];

type Loose = Record<string, unknown>;

/** A union member as `Type REASON status`, e.g. `UpstreamError SERVER_ERROR 503`. */
function describeMember(result: Loose): string {
  return [result["__typename"], result["upstreamReason"], result["httpStatus"]]
    .filter((part) => typeof part === "string" || typeof part === "number")
    .map(String)
    .join(" ");
}

describe("read failures through HTTP, each in its operation's vocabulary", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ forwardedHeaders: [EMULATOR_FAULT_HEADER] });
  });
  after(async () => {
    await stack.close();
  });

  async function post<TVariables>(
    document: TypedDocumentNode<unknown, TVariables>,
    variables: TVariables,
    fault: string,
  ) {
    const before = stack.emulator.requests.length;
    const response = await stack.execute(document, variables, {
      headers: { ...bearer(tokens.acme), [EMULATOR_FAULT_HEADER]: fault },
    });
    assert.equal(response.status, 200, response.text);
    assert.ok(!response.text.includes("INTERNAL_SERVER_ERROR"), response.text);
    const faulted = stack.emulator.requests.slice(before).filter((request) => request.fault);
    assert.ok(faulted.length > 0, "the fault reached Meta's answer");
    return response;
  }

  async function member<TVariables>(
    document: TypedDocumentNode<unknown, TVariables>,
    variables: TVariables,
    fault: string,
  ): Promise<Loose> {
    const response = await post(document, variables, fault);
    assert.equal(response.body.errors, undefined, response.text);
    const data = Object.values(response.body.data as Record<string, Loose>)[0];
    assert.ok(data !== undefined, response.text);
    return data;
  }

  async function errorCodes(
    document: TypedDocumentNode<unknown, { r: unknown[] }>,
    fault: string,
  ): Promise<unknown[]> {
    const r = [{ __typename: "PreverifiedNumber", id: numbers.verified }];
    const response = await post(document, { r }, fault);
    const errors = response.body.errors ?? [];
    assert.ok(errors.length > 0, response.text);
    return errors.map((error) => error.extensions?.["code"]);
  }

  for (const expected of CASES) {
    describe(expected.fault, () => {
      it(`preverifiedNumber → ${expected.number}`, async () => {
        const result = await member(
          ReadFailureNumberDocument,
          { id: numbers.verified },
          expected.fault,
        );
        assert.equal(describeMember(result), expected.number);
        assert.equal(typeof result["message"], "string");
      });

      it(`preverifiedNumbers → ${expected.numbers}`, async () => {
        const result = await member(
          ReadFailureNumbersDocument,
          { businessId: businesses.acme },
          expected.fault,
        );
        assert.equal(describeMember(result), expected.numbers);
        assert.equal(result["retryable"], expected.retryable);
      });

      it(`an entity field → ${expected.entity}`, async () => {
        const codes = await errorCodes(EntityPhoneNumbersDocument, expected.fault);
        assert.deepEqual([...new Set(codes)], [expected.entity]);
      });

      it(`PreverifiedNumber.partners → ${expected.partners}`, async () => {
        const codes = await errorCodes(EntityPartnersDocument, expected.fault);
        assert.deepEqual(codes, [expected.partners]);
      });
    });
  }
});
