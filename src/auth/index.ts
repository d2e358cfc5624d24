import type { AuthMode } from "../config.js";
import type { Authenticate } from "./caller.js";
import { jwtAuthentication } from "./jwt.js";
import { metaTokenAuthentication } from "./meta-token.js";

export type { Authenticate, Authentication, Caller, CallerRequest } from "./caller.js";

/** The authentication step of a mode (see `AuthMode`). */
export function createAuthenticate(mode: AuthMode, serviceToken: string | undefined): Authenticate {
  if (mode.kind === "jwt") {
    if (serviceToken === undefined) {
      throw new Error("JWT authentication needs a service token (GRAPH_API_TOKEN)");
    }
    return jwtAuthentication(mode.jwt, serviceToken);
  }
  if (mode.kind === "emulator-jwt") {
    throw new Error("main.ts resolves the emulator's identity provider before authentication");
  }
  return metaTokenAuthentication(mode.kind === "disabled" ? serviceToken : undefined);
}
