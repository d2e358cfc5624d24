// The emulator's route table and its one reply encoder, without HTTP.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { META_ERRORS, metaError, metaErrors } from "../../src/emulator/errors.js";
import { batchItem, encode } from "../../src/emulator/reply.js";
import type { ReceivedRequest } from "../../src/emulator/request.js";
import { LATEST_VERSION, matchBatch, matchRoute } from "../../src/emulator/routes.js";

function request(method: string, pathname: string, body = ""): ReceivedRequest {
  return {
    method,
    pathname,
    query: new URLSearchParams(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
    bodyTooLarge: false,
  };
}

describe("the route table", () => {
  it("binds each edge's path parameters and names the faults it takes", () => {
    const cases = [
      ["POST", "/v25.0/123/share_preverified_numbers", "share", { businessId: "123" }],
      ["DELETE", "/v25.0/123/share_preverified_numbers", "share", { businessId: "123" }],
      ["GET", "/v25.0/456", "read", { id: "456" }],
      ["GET", "/v25.0/", "read", {}],
      ["GET", "/v25.0/123/preverified_numbers", "read", { businessId: "123" }],
      ["GET", "/v25.0/456/partners", "read", { id: "456" }],
    ] as const;
    for (const [method, path, faults, params] of cases) {
      const match = matchRoute(method, path);
      assert.equal(match.kind, "edge", `${method} ${path}`);
      assert.equal(match.version, "v25.0");
      assert.equal(match.faults, faults);
      assert.deepEqual(match.path, params);
    }
  });

  it("answers a method a route lacks at the path's version, and an unknown path at the latest", () => {
    const put = matchRoute("PUT", "/v25.0/123/share_preverified_numbers");
    assert.equal(put.kind, "wrong_method");
    assert.equal(put.version, "v25.0");
    assert.deepEqual(put.error, metaErrors.unsupportedMethod("PUT"));
    const root = matchRoute("POST", "/v25.0/");
    assert.equal(root.kind, "wrong_method");
    assert.deepEqual(root.error, metaErrors.unknownPath("/"));
    const unknown = matchRoute("GET", "/v25.0/123/foo/bar");
    assert.deepEqual(unknown, { kind: "none", error: metaErrors.unknownPath("/foo/bar") });
    assert.deepEqual(matchRoute("GET", "/nothing"), {
      kind: "none",
      error: metaErrors.unknownPath("/nothing"),
    });
  });

  it("matches a batch only on POST / or POST /{version}/ with a batch parameter", () => {
    assert.deepEqual(matchBatch(request("POST", "/", "batch=[]")), {
      version: LATEST_VERSION,
      raw: "[]",
    });
    assert.deepEqual(matchBatch(request("POST", "/v25.0/", "batch=[]")), {
      version: "v25.0",
      raw: "[]",
    });
    assert.equal(matchBatch(request("POST", "/v25.0/")), undefined);
    assert.equal(matchBatch(request("GET", "/", "batch=[]")), undefined);
    assert.equal(matchBatch(request("POST", "/v25.0/123", "batch=[]")), undefined);
  });
});

describe("the reply encoder", () => {
  it("gives a batch item the shape the wire gets: status, body, the reply's own headers", () => {
    const error = metaErrors.alreadyShared();
    const encoded = encode({ kind: "error", error });
    assert.equal(encoded.kind, "complete");
    const item = batchItem({ kind: "error", error }, "v25.0", true);
    assert.ok(item !== null);
    assert.equal(item.code, encoded.status);
    const names = (item.headers ?? []).map((header) => header.name);
    assert.ok(names.includes("WWW-Authenticate"));
    assert.equal(names[0], "Content-Type");
    assert.deepEqual(batchItem({ kind: "success" }, "v25.0", false), {
      code: 200,
      body: '{"success":true}',
    });
    assert.equal(batchItem({ kind: "hang" }, "v25.0", true), null);
  });

  it("cuts only JSON bodies when truncated", () => {
    const cut = encode({ kind: "truncated", reply: { kind: "success" } });
    assert.equal(cut.kind === "complete" && cut.body, '{"success":tr');
    const html = encode({ kind: "truncated", reply: { kind: "html", status: 502, html: "<p>" } });
    assert.equal(html.kind === "complete" && html.body, "<p>");
  });
});

describe("the Meta error table", () => {
  it("has one builder per row, over that row", () => {
    assert.deepEqual(Object.keys(metaErrors), Object.keys(META_ERRORS));
    const built = metaError(META_ERRORS.unexpectedError, 503);
    assert.deepEqual({ ...built, error: { ...built.error } }, metaErrors.unexpectedError(503));
    assert.equal(built.status, 503);
    assert.deepEqual(metaErrors.injected(422, 100, 33), {
      status: 422,
      error: {
        message: "(#100) An error injected by the emulator's fault header",
        type: "OAuthException",
        code: 100,
        error_subcode: 33,
        is_transient: false,
      },
      challenge: "invalid_request",
    });
  });
});
