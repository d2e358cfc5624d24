import "reflect-metadata";
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { type FragmentDefinitionNode, type GraphQLSchema, Kind, parse } from "graphql";
import { CallBudget } from "../../src/graph-api/call-budget.js";
import { buildFederatedSchema } from "../../src/schema/build-schema.js";
import { callsFor, estimateUpstreamDemand } from "../../src/upstream-cost.js";

let schema: GraphQLSchema;
before(async () => {
  schema = await buildFederatedSchema();
});

/** Estimated Meta calls of a document's first operation (chunks of 50). */
function estimate(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      fragments.set(definition.name.value, definition);
    } else if (definition.kind === Kind.OPERATION_DEFINITION) {
      operation ??= definition;
    }
  }
  assert.ok(operation);
  const demand = estimateUpstreamDemand(schema, operation, fragments, variables);
  return { ...demand, total: callsFor(demand, 50) };
}

const ENTITY = { __typename: "PreverifiedNumber", id: "3000000000000001" };
/** `count` distinct representations. */
const reps = (count: number) =>
  Array.from({ length: count }, (_unused, index) => ({ ...ENTITY, id: `31${index}` }));

describe("estimateUpstreamDemand", () => {
  it("a single share is one call; a bulk of 120 is three batch calls", () => {
    assert.equal(
      estimate(
        'mutation { sharePreverifiedNumber(input: {businessId: "1", preverifiedId: "2", partnerBusinessId: "3"}) { __typename } }',
      ).total,
      1,
    );
    const bulk = estimate(
      "mutation($i: [SharePreverifiedNumberInput!]!) { sharePreverifiedNumbers(input: $i) { __typename } }",
      { i: Array.from({ length: 120 }, () => ({})) },
    );
    assert.equal(bulk.batchItems, 120);
    assert.equal(bulk.total, 3);
  });

  it("entities: nothing for id alone, one read per 50 for fields, partners read alike", () => {
    const q = (selection: string) =>
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on PreverifiedNumber { ${selection} } } }`;
    assert.equal(estimate(q("id"), { r: reps(120) }).total, 0);
    assert.equal(estimate(q("id phoneNumber ownerBusiness { id }"), { r: reps(120) }).total, 3);
    assert.equal(estimate(q("phoneNumber partners { __typename }"), { r: reps(120) }).total, 6);
    assert.equal(estimate(q('partners(after: "x") { __typename }'), { r: reps(7) }).total, 7);
    assert.equal(estimate(q("id"), { r: reps(120) }).representations, 120);
    // Identical representations are one entity: calls scale with the distinct ones.
    const mixed = [...Array.from({ length: 60 }, () => ENTITY), ...reps(60)];
    assert.equal(estimate(q("phoneNumber"), { r: mixed }).numberReads, 61);
    assert.equal(estimate(q("phoneNumber"), { r: mixed }).representations, 120);
  });

  it("a number's own fields read it once, however they are spread", () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on PreverifiedNumber { phoneNumber } ... on PreverifiedNumber { ...F } ...G } }
      fragment F on PreverifiedNumber { verificationStatus }
      fragment G on PreverifiedNumber { ownerBusiness { id } }`;
    assert.equal(estimate(query, { r: reps(50) }).numberReads, 50);
  });

  it("pages: one call, their numbers already read, their partners batched; aliases count again", () => {
    const page = (first: string) =>
      `preverifiedNumbers(businessId: "1"${first}) { ... on PreverifiedNumberConnection { nodes { phoneNumber partners { __typename } } } }`;
    assert.equal(estimate(`{ ${page(", first: 100")} }`).total, 3);
    assert.equal(estimate(`{ ${page("")} }`).total, 2, "default first: 25");
    assert.equal(estimate(`query($n: Int!) { ${page(", first: $n")} }`, { n: 10 }).total, 2);
    assert.equal(estimate(`query($n: Int!) { ${page(", first: $n")} }`, { n: "x" }).total, 3);
    assert.equal(estimate(`{ a: ${page(", first: 100")} b: ${page(", first: 100")} }`).total, 6);
  });

  it("is linear in fragments spread many times (each fragment walked once per context)", () => {
    const levels = 12;
    let fragments = "fragment L0 on PreverifiedNumber { phoneNumber partners { __typename } }";
    for (let level = 1; level <= levels; level += 1) {
      fragments += ` fragment L${level} on PreverifiedNumber { ...L${level - 1} ...L${level - 1} }`;
    }
    const demand = estimate(
      `query($r: [_Any!]!) { _entities(representations: $r) { ...L${levels} } } ${fragments}`,
      { r: reps(1) },
    );
    assert.equal(demand.numberReads, 1);
    assert.equal(demand.partnerFirstPages, 2 ** levels);
  });
});

describe("CallBudget", () => {
  it("allows maxCalls calls, then refuses with CALL_BUDGET_EXCEEDED", async () => {
    const budget = new CallBudget(2);
    assert.equal(await budget.take("share_preverified_numbers"), undefined);
    assert.equal(await budget.take("multi_id_read"), undefined);
    const refused = await budget.take("batch");
    assert.ok(refused?.kind === "upstream");
    assert.equal(refused.reason, "call_budget_exceeded");
    assert.equal(refused.retryable, false);
    assert.equal(budget.spent, 2);
  });

  it("asks the caller's read budget for reads only, and a refusal costs no call", async () => {
    let reads = 0;
    const budget = new CallBudget(10, () => {
      reads += 1;
      return Promise.resolve(
        reads > 1
          ? {
              kind: "rate_limited" as const,
              retryable: true,
              retryAfterSeconds: 3,
              message: "slow down",
            }
          : undefined,
      );
    });
    assert.equal(await budget.take("list_partners"), undefined);
    assert.equal(await budget.take("share_preverified_numbers"), undefined);
    assert.equal((await budget.take("list_preverified_numbers"))?.kind, "rate_limited");
    assert.equal(reads, 2);
    assert.equal(budget.spent, 2);
  });
});
