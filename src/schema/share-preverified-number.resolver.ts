// type-graphql decorators need the metadata polyfill loaded before they run.
import "reflect-metadata";
import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { type ShareRequest, shareKey } from "../graph-api/share.source.js";
import { validateShareRequest } from "../graph-api/validate.js";
import { Business } from "./business.type.js";
import { toErrorVariant } from "./failure-to-graphql.js";
import { PreverifiedNumber } from "./preverified-number.type.js";
import { SharePreverifiedNumberInput } from "./share-preverified-number.input.js";
import { SharePreverifiedNumberResult } from "./share-preverified-number-result.union.js";
import { SharePreverifiedNumberSuccess } from "./share-preverified-number-success.type.js";

@Resolver()
export class SharePreverifiedNumberResolver {
  @Mutation((_returns) => SharePreverifiedNumberResult, {
    description:
      "Shares a pre-verified phone number with a partner business " +
      "(`POST /{version}/{businessId}/share_preverified_numbers`). Expected failures are returned " +
      "as typed error members of the result union, never as GraphQL `errors`.",
  })
  async sharePreverifiedNumber(
    @Arg("input", (_type) => SharePreverifiedNumberInput, {
      description: "The business, the pre-verified number and the partner to share it with.",
    })
    input: SharePreverifiedNumberInput,
    @Ctx() { upstream, outcome }: Context,
  ): Promise<typeof SharePreverifiedNumberResult> {
    const result = await this.share(input, upstream);
    outcome.results.push(result.constructor.name);
    return result;
  }

  @Mutation((_returns) => [SharePreverifiedNumberResult], {
    description:
      "Shares many pre-verified numbers at once through Meta's batch API (at most 50 per Meta " +
      "call, more are sent in several calls). One result per input, in input order, each " +
      "exactly as `sharePreverifiedNumber` would answer it.",
  })
  async sharePreverifiedNumbers(
    @Arg("input", (_type) => [SharePreverifiedNumberInput], {
      description: "The shares; at most MAX_BULK_SHARES (200 by default).",
    })
    inputs: SharePreverifiedNumberInput[],
    @Ctx() { upstream, outcome, maxBulkShares }: Context,
  ): Promise<(typeof SharePreverifiedNumberResult)[]> {
    const results = await this.shareMany(inputs, upstream, maxBulkShares);
    for (const result of results) {
      outcome.results.push(result.constructor.name);
    }
    return results;
  }

  private async shareMany(
    inputs: readonly SharePreverifiedNumberInput[],
    upstream: Context["upstream"],
    maxBulkShares: number,
  ): Promise<(typeof SharePreverifiedNumberResult)[]> {
    if (inputs.length > maxBulkShares) {
      const tooMany = toErrorVariant({
        kind: "invalid_input",
        field: "input",
        retryable: false,
        message: `At most ${maxBulkShares} shares per request; ${inputs.length} were sent.`,
      });
      return inputs.map(() => tooMany);
    }
    const results: (typeof SharePreverifiedNumberResult | undefined)[] = [];
    // Identical shares in one list reach Meta once and get the same answer (a second POST would
    // only earn a spurious "already shared").
    const pending = new Map<string, { request: ShareRequest; indexes: number[] }>();
    for (const [index, input] of inputs.entries()) {
      const validated = validateShareRequest(input);
      if (!validated.ok) {
        results[index] = toErrorVariant(validated.failure);
        continue;
      }
      if (!upstream.ok) {
        results[index] = toErrorVariant(upstream.failure);
        continue;
      }
      const request = validated.value;
      const key = shareKey(request);
      const known = pending.get(key);
      if (known !== undefined) {
        known.indexes.push(index);
        continue;
      }
      const throttled = upstream.admitMutation();
      if (throttled !== undefined) {
        results[index] = toErrorVariant(throttled);
        continue;
      }
      pending.set(key, { request, indexes: [index] });
    }
    if (upstream.ok && pending.size > 0) {
      const entries = [...pending.values()];
      const shared = await upstream.shareMany(entries.map((entry) => entry.request));
      for (const [position, entry] of entries.entries()) {
        const outcome = shared[position];
        const result =
          outcome === undefined || !outcome.ok
            ? toErrorVariant(
                outcome?.failure ?? {
                  kind: "upstream",
                  reason: "unexpected_response",
                  retryable: false,
                  message: "Meta's batch answer had no entry for this share.",
                },
              )
            : success(entry.request);
        for (const index of entry.indexes) {
          results[index] = result;
        }
      }
    }
    return Array.from(
      { length: inputs.length },
      (_unused, index) =>
        results[index] ??
        toErrorVariant({
          kind: "upstream",
          reason: "unexpected_response",
          retryable: false,
          message: "No answer was produced for this share.",
        }),
    );
  }

  private async share(
    input: SharePreverifiedNumberInput,
    upstream: Context["upstream"],
  ): Promise<typeof SharePreverifiedNumberResult> {
    // Input is checked before the token so that a bad request is reported as such either way,
    // and nothing is sent to Meta for either.
    const validated = validateShareRequest(input);
    if (!validated.ok) {
      return toErrorVariant(validated.failure);
    }
    if (!upstream.ok) {
      return toErrorVariant(upstream.failure);
    }
    const throttled = upstream.admitMutation();
    if (throttled !== undefined) {
      return toErrorVariant(throttled);
    }
    const request = validated.value;
    const shared = await upstream.loaders.share.load(request);
    if (!shared.ok) {
      return toErrorVariant(shared.failure);
    }
    return success(request);
  }
}

function success(request: ShareRequest): SharePreverifiedNumberSuccess {
  return Object.assign(new SharePreverifiedNumberSuccess(), {
    preverifiedNumber: PreverifiedNumber.of(request.preverifiedId),
    business: Business.of(request.businessId),
    partnerBusiness: Business.of(request.partnerBusinessId),
  });
}
