// preverifiedNumbers(businessId, first, after, filter): Meta's pages and cursors through HTTP.
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { FIXTURES } from "../../src/emulator/index.js";
import {
  PartnersPageDocument,
  PreverifiedNumbersDocument,
  type PreverifiedNumbersQueryVariables,
  ShareTypenameDocument,
} from "../__generated__/graphql.js";
import { bearer, shareInput } from "../helpers/graphql.js";
import { startStack, type Stack } from "../helpers/stack.js";

const { tokens, businesses } = FIXTURES;
const AUTH = bearer(tokens.acme);

interface Page {
  __typename: string;
  nodes: {
    id: string;
    phoneNumber: string;
    verificationStatus: string;
    ownerBusiness: { id: string };
  }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  field?: string;
  metaCode?: number;
}

function upstreamCalls(stack: Stack) {
  return stack.emulator.requests.length;
}

describe("preverifiedNumbers", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack.close();
  });

  async function list(
    variables: Partial<PreverifiedNumbersQueryVariables>,
    headers: Record<string, string> = AUTH,
  ) {
    const before = upstreamCalls(stack);
    const response = await stack.execute(
      PreverifiedNumbersDocument,
      { businessId: businesses.acme, first: 25, ...variables },
      { headers },
    );
    assert.equal(response.body.errors, undefined, response.text);
    const page = (response.body.data as { preverifiedNumbers: Page }).preverifiedNumbers;
    return { page, calls: upstreamCalls(stack) - before };
  }

  it("walks every page with Meta's cursors, one upstream call per page and no extra reads", async () => {
    const seen: string[] = [];
    let afterCursor: string | null = null;
    let pages = 0;
    for (;;) {
      const { page, calls } = await list({ first: 25, after: afterCursor });
      assert.equal(page.__typename, "PreverifiedNumberConnection");
      assert.equal(calls, 1, "the page's fields come with it");
      assert.equal(page.pageInfo.hasPreviousPage, pages > 0);
      seen.push(...page.nodes.map((node) => node.id));
      for (const node of page.nodes) {
        assert.match(node.ownerBusiness.id, /^\d+$/);
      }
      pages += 1;
      if (!page.pageInfo.hasNextPage) {
        break;
      }
      afterCursor = page.pageInfo.endCursor;
      assert.ok(afterCursor);
    }
    assert.equal(new Set(seen).size, seen.length, "no number twice");
    assert.ok(seen.length > 50, `saw ${seen.length} numbers`);
    assert.equal(pages, Math.ceil(seen.length / 25));
  });

  it("filters by verification status", async () => {
    const { page } = await list({ first: 100, filter: { verificationStatus: "NOT_VERIFIED" } });
    assert.ok(page.nodes.length >= 1);
    assert.ok(page.nodes.every((node) => node.verificationStatus === "NOT_VERIFIED"));
  });

  it("refuses a page size outside 1–100 without calling Meta", async () => {
    const { page, calls } = await list({ first: 101 });
    assert.equal(page.__typename, "InvalidInputError");
    assert.equal(page.field, "first");
    assert.equal(calls, 0);
  });

  it("refuses a malformed cursor without calling Meta", async () => {
    const { page, calls } = await list({ after: "not a cursor!" });
    assert.equal(page.field, "after");
    assert.equal(calls, 0);
  });

  it("answers PermissionDeniedError for another business's list", async () => {
    const { page } = await list({ businessId: businesses.globex });
    assert.equal(page.__typename, "PermissionDeniedError");
    assert.equal(page.metaCode, 10);
  });

  it("answers AuthenticationError without a token, without calling Meta", async () => {
    const { page, calls } = await list({}, {});
    assert.equal(page.__typename, "AuthenticationError");
    assert.equal(calls, 0);
  });
});

describe("PreverifiedNumber.partners", () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  beforeEach(() => {
    stack.resetEmulator();
  });
  after(async () => {
    await stack.close();
  });

  async function shareWith(partnerBusinessId: string) {
    const response = await stack.execute(
      ShareTypenameDocument,
      { input: shareInput({ partnerBusinessId }) },
      { headers: AUTH },
    );
    assert.deepEqual(response.body.data, {
      sharePreverifiedNumber: { __typename: "SharePreverifiedNumberSuccess" },
    });
  }

  it("lists the businesses a number was shared with, a page at a time", async () => {
    await shareWith(businesses.partnerOne);
    await shareWith(businesses.partnerTwo);
    type Partners = {
      preverifiedNumber: {
        partners: {
          nodes: { id: string }[];
          pageInfo: { hasNextPage: boolean; endCursor: string };
        };
      };
    };
    const first = await stack.execute(
      PartnersPageDocument,
      { id: FIXTURES.numbers.verified },
      { headers: AUTH },
    );
    assert.equal(first.body.errors, undefined, first.text);
    const page1 = (first.body.data as Partners).preverifiedNumber.partners;
    assert.deepEqual(page1.nodes, [{ id: businesses.partnerOne }]);
    assert.equal(page1.pageInfo.hasNextPage, true);
    const second = await stack.execute(
      PartnersPageDocument,
      { id: FIXTURES.numbers.verified, after: page1.pageInfo.endCursor },
      { headers: AUTH },
    );
    const page2 = (second.body.data as Partners).preverifiedNumber.partners;
    assert.deepEqual(page2.nodes, [{ id: businesses.partnerTwo }]);
    assert.equal(page2.pageInfo.hasNextPage, false);
  });

  it("is null with a FORBIDDEN error for a partner, who may read the number but not its partners", async () => {
    // A partner may read a number once it is shared with it.
    await shareWith(businesses.partnerOne);
    const response = await stack.execute(
      PartnersPageDocument,
      { id: FIXTURES.numbers.verified },
      { headers: bearer(tokens.partnerOne) },
    );
    const data = response.body.data as {
      preverifiedNumber: { __typename: string; partners: unknown };
    };
    assert.equal(data.preverifiedNumber.__typename, "PreverifiedNumber");
    assert.equal(data.preverifiedNumber.partners, null);
    assert.equal(response.body.errors?.[0]?.extensions?.["code"], "FORBIDDEN");
  });
});
