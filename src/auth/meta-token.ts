import { hash } from "node:crypto";
import { parseAuthorization } from "./bearer.js";
import { type Authenticate, type Caller, unauthenticated } from "./caller.js";

const NO_TOKEN = unauthenticated(
  "No access token was sent. Send the header `Authorization: Bearer <access token>`.",
);
const MALFORMED = unauthenticated(
  "The Authorization header is malformed. Send `Authorization: Bearer <access token>`.",
);

/**
Authentication without identities of this service's own. Without a service token, the caller's
`Authorization: Bearer <Meta token>` is forwarded and Meta decides what it may do; its budgets
are keyed by a hash of the token (never kept in clear). With a service token (and
`AUTH_DISABLED=true`), every caller uses it, keyed by its address.
*/
export function metaTokenAuthentication(serviceToken: string | undefined): Authenticate {
  if (serviceToken !== undefined) {
    return (request) => {
      const caller: Caller = { metaToken: serviceToken, key: `ip:${request.ip}` };
      return Promise.resolve({ ok: true, caller });
    };
  }
  return (request) => {
    const header = request.headers["authorization"];
    const auth = parseAuthorization(typeof header === "string" ? header : undefined);
    if (auth.kind !== "bearer") {
      return Promise.resolve(auth.kind === "none" ? NO_TOKEN : MALFORMED);
    }
    const caller: Caller = {
      metaToken: auth.token,
      key: `t:${hash("sha256", auth.token, "base64url")}`,
    };
    return Promise.resolve({ ok: true, caller });
  };
}
