import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Failure, ReadResult, Result } from "../../src/graph-api/failure.js";
import { createLoaders, type Sources } from "../../src/graph-api/loaders.js";
import type { PartnersPage, PartnersPageRequest } from "../../src/graph-api/partners.source.js";
import type { ListNumbersRequest, NumbersPage } from "../../src/graph-api/list.source.js";
import type { PreverifiedNumbersSource } from "../../src/graph-api/numbers.source.js";
import { Deadline } from "../../src/graph-api/deadline.js";
import type {
  PreverifiedSharingSource,
  ShareRequest,
  UpstreamCall,
} from "../../src/graph-api/share.source.js";
import type { ShareSuccessBody } from "../../src/graph-api/wire.js";

const SUCCESS: Result<ShareSuccessBody> = { ok: true, value: { success: true } };

const ALREADY_SHARED: Failure = {
  kind: "sharing_rejected",
  reason: "already_shared",
  message: "The number is already shared with this partner.",
  retryable: false,
};

interface Call {
  request: ShareRequest;
  token: string;
}

/** A source that records every call and answers from `answer` (success by default). */
class RecordingSource implements PreverifiedSharingSource {
  readonly calls: Call[] = [];
  constructor(
    private readonly answer: (request: ShareRequest) => Result<ShareSuccessBody> = () => SUCCESS,
  ) {}

  share(request: ShareRequest, call: UpstreamCall): Promise<Result<ShareSuccessBody>> {
    this.calls.push({ request, token: call.token });
    return Promise.resolve(this.answer(request));
  }
}

const upstreamCall = (token: string): UpstreamCall => ({ token, deadline: Deadline.in(5_000) });

/** The share loader's tests read no numbers. */
const NO_NUMBERS: PreverifiedNumbersSource = {
  getNumbers: () => Promise.reject(new Error("not used in these tests")),
};
const NO_READS = {
  numbers: NO_NUMBERS,
  numberList: { listNumbers: () => Promise.reject(new Error("not used in these tests")) },
  partners: { getPages: () => Promise.reject(new Error("not used in these tests")) },
} satisfies Omit<Sources, "sharing">;

const request = (businessId: string, preverifiedId: string, partnerBusinessId: string) => ({
  businessId,
  preverifiedId,
  partnerBusinessId,
});

describe("createLoaders", () => {
  it("passes the loader's token to the source", async () => {
    const source = new RecordingSource();
    const loaders = createLoaders({ ...NO_READS, sharing: source }, upstreamCall("token-A"));
    const result = await loaders.share.load(request("1", "2", "3"));
    assert.deepEqual(result, SUCCESS);
    assert.deepEqual(source.calls, [{ request: request("1", "2", "3"), token: "token-A" }]);
  });

  it("uses each loader's own token", async () => {
    const source = new RecordingSource();
    await Promise.all([
      createLoaders({ ...NO_READS, sharing: source }, upstreamCall("token-A")).share.load(
        request("1", "2", "3"),
      ),
      createLoaders({ ...NO_READS, sharing: source }, upstreamCall("token-B")).share.load(
        request("1", "2", "3"),
      ),
    ]);
    assert.deepEqual(source.calls.map((call) => call.token).sort(), ["token-A", "token-B"]);
  });

  it("the same share loaded twice at once reaches the source once; both get the same result", async () => {
    const source = new RecordingSource();
    const loaders = createLoaders({ ...NO_READS, sharing: source }, upstreamCall("t"));
    // Distinct but equal objects, like two aliases of one mutation.
    const [first, second] = await Promise.all([
      loaders.share.load(request("1", "2", "3")),
      loaders.share.load(request("1", "2", "3")),
    ]);
    assert.equal(source.calls.length, 1);
    assert.deepEqual(first, SUCCESS);
    assert.equal(first, second);
  });

  it("the same share loaded again later in the same loader is answered from the cache", async () => {
    const source = new RecordingSource();
    const loaders = createLoaders({ ...NO_READS, sharing: source }, upstreamCall("t"));
    const first = await loaders.share.load(request("1", "2", "3"));
    const second = await loaders.share.load(request("1", "2", "3"));
    assert.equal(source.calls.length, 1);
    assert.equal(first, second);
  });

  it("different keys reach the source separately; results come back in order", async () => {
    const failure: Result<ShareSuccessBody> = { ok: false, failure: ALREADY_SHARED };
    const source = new RecordingSource((r) => (r.preverifiedId === "20" ? failure : SUCCESS));
    const loaders = createLoaders({ ...NO_READS, sharing: source }, upstreamCall("t"));
    const keys = [
      request("1", "2", "3"),
      request("1", "20", "3"), // other number
      request("1", "2", "30"), // other partner
      request("10", "2", "3"), // other business
    ];
    const results = await loaders.share.loadMany(keys);
    assert.deepEqual(results, [SUCCESS, failure, SUCCESS, SUCCESS]);
    assert.deepEqual(
      source.calls.map((call) => call.request),
      keys,
    );
  });

  it("keys differing only in which field holds which ID are distinct", async () => {
    const source = new RecordingSource();
    const loaders = createLoaders({ ...NO_READS, sharing: source }, upstreamCall("t"));
    await Promise.all([
      loaders.share.load(request("1", "2", "3")),
      loaders.share.load(request("2", "1", "3")),
      loaders.share.load(request("1", "3", "2")),
    ]);
    assert.equal(source.calls.length, 3);
  });

  it("two loaders (two requests) never share results", async () => {
    let answer: Result<ShareSuccessBody> = { ok: false, failure: ALREADY_SHARED };
    const source = new RecordingSource(() => answer);
    const key = request("1", "2", "3");

    const firstRequest = createLoaders({ ...NO_READS, sharing: source }, upstreamCall("t"));
    const cachedFailure = await firstRequest.share.load(key);
    assert.deepEqual(cachedFailure, { ok: false, failure: ALREADY_SHARED });

    answer = SUCCESS;
    const secondRequest = createLoaders({ ...NO_READS, sharing: source }, upstreamCall("t"));
    assert.deepEqual(await secondRequest.share.load(key), SUCCESS);
    assert.equal(source.calls.length, 2);

    // The first loader still holds its own answer; the second did not see it.
    assert.deepEqual(await firstRequest.share.load(key), { ok: false, failure: ALREADY_SHARED });
    assert.equal(source.calls.length, 2);
  });
});

describe("the page loaders", () => {
  const EMPTY = { nodes: [], hasNextPage: false, hasPreviousPage: false };
  const sharing = new RecordingSource();

  it("read each distinct list request once, whatever object carries it", async () => {
    const seen: ListNumbersRequest[] = [];
    const loaders = createLoaders(
      {
        ...NO_READS,
        sharing,
        numberList: {
          listNumbers: (listed: ListNumbersRequest): Promise<ReadResult<NumbersPage>> => {
            seen.push(listed);
            return Promise.resolve({ ok: true, value: EMPTY });
          },
        },
      },
      upstreamCall("t"),
    );
    await Promise.all([
      loaders.numbersPage.load({ businessId: "1", first: 10 }),
      loaders.numbersPage.load({ businessId: "1", first: 10 }),
      loaders.numbersPage.load({ first: 10, businessId: "1" }),
      loaders.numbersPage.load({ businessId: "1", first: 11 }),
      loaders.numbersPage.load({ businessId: "1", first: 10, after: "QQ" }),
      loaders.numbersPage.load({ businessId: "1", first: 10, verificationStatus: "VERIFIED" }),
      loaders.numbersPage.load({ businessId: "1", first: 10, phoneNumber: "+1 555" }),
      loaders.numbersPage.load({ businessId: "2", first: 10 }),
    ]);
    assert.equal(seen.length, 6);
  });

  it("hand the partners source each distinct (number, first, after) once, in one batch", async () => {
    const batches: PartnersPageRequest[][] = [];
    const loaders = createLoaders(
      {
        ...NO_READS,
        sharing,
        partners: {
          getPages: (
            pages: readonly PartnersPageRequest[],
          ): Promise<ReadResult<PartnersPage>[]> => {
            batches.push([...pages]);
            return Promise.resolve(pages.map(() => ({ ok: true, value: EMPTY })));
          },
        },
      },
      upstreamCall("t"),
    );
    const keys: PartnersPageRequest[] = [
      { preverifiedId: "3", first: 25 },
      { preverifiedId: "3", first: 25 },
      { preverifiedId: "3", first: 100 },
      { preverifiedId: "3", first: 25, after: "QQ" },
      { preverifiedId: "3", first: 25, after: "QQ" },
      { preverifiedId: "4", first: 25 },
    ];
    await Promise.all(keys.map((key) => loaders.partnersPage.load(key)));
    assert.deepEqual(batches, [
      [
        { preverifiedId: "3", first: 25 },
        { preverifiedId: "3", first: 100 },
        { preverifiedId: "3", first: 25, after: "QQ" },
        { preverifiedId: "4", first: 25 },
      ],
    ]);
  });
});
