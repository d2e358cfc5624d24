/**
Fixed `preverified_id` values that make the emulator fail the way Meta's edge sometimes does:
rate limits with usage headers, server errors, an HTML error page, an empty body, an error body on
HTTP 200, and a request that never gets an answer. The share and unshare edges (`edges/share.ts`)
check them after authentication, business access and parameter validation, before the store logic
(and after fault injection, `faults.ts`, which reuses these replies).
*/
import { metaErrors } from "./errors.js";
import type { Reply } from "./reply.js";

export const SCENARIO_IDS = {
  /** HTTP 429, code 80008 (WhatsApp Business Management BUC limit), `X-Business-Use-Case-Usage`. */
  businessUseCaseRateLimit: "3000000000000429",
  /** HTTP 400, code 4 subcode 2446079 (application request limit), `X-App-Usage`. */
  appRateLimit: "3000000000000430",
  /** HTTP 500, code 2, transient. */
  internalServerError: "3000000000000500",
  /** HTTP 502 with Facebook's HTML error page. */
  badGatewayHtml: "3000000000000502",
  /** HTTP 503 with an empty body. */
  serviceUnavailableEmpty: "3000000000000503",
  /** HTTP 200 carrying an error body (code 1). */
  errorWithHttp200: "3000000000000200",
  /** Never answers; the connection stays open until the client gives up or the emulator closes. */
  noResponse: "3000000000000408",
} as const;

/** What the server sends for a scenario ID. */
export type ScenarioReply = Extract<Reply, { kind: "error" | "html" | "empty" | "hang" }>;

/** Minutes the BUC scenario tells the client to wait. */
export const BUC_REGAIN_ACCESS_MINUTES = 5;

/** The scenario for a pre-verified ID, or `undefined` for ordinary IDs. */
export function scenarioFor(preverifiedId: string, businessId: string): ScenarioReply | undefined {
  switch (preverifiedId) {
    case SCENARIO_IDS.businessUseCaseRateLimit:
      return {
        kind: "error",
        error: metaErrors.businessUseCaseRateLimit(businessId, BUC_REGAIN_ACCESS_MINUTES),
      };
    case SCENARIO_IDS.appRateLimit:
      return { kind: "error", error: metaErrors.appRateLimit() };
    case SCENARIO_IDS.internalServerError:
      return { kind: "error", error: metaErrors.unexpectedError(500) };
    case SCENARIO_IDS.badGatewayHtml:
      return { kind: "html", status: 502, html: FACEBOOK_ERROR_PAGE };
    case SCENARIO_IDS.serviceUnavailableEmpty:
      return { kind: "empty", status: 503 };
    case SCENARIO_IDS.errorWithHttp200:
      return { kind: "error", error: metaErrors.unknownError(200) };
    case SCENARIO_IDS.noResponse:
      return { kind: "hang" };
    default:
      return undefined;
  }
}

/** Modelled on the page Facebook's edge serves when a backend is down. */
export const FACEBOOK_ERROR_PAGE = `<!DOCTYPE html>
<html lang="en" id="facebook">
<head>
<title>Facebook | Error</title>
<meta charset="utf-8">
<meta http-equiv="cache-control" content="no-cache">
<meta http-equiv="cache-control" content="no-store">
<meta http-equiv="expires" content="-1">
<meta http-equiv="pragma" content="no-cache">
<meta name="robots" content="noindex,nofollow">
<style>
html, body { color: #141823; background-color: #e9eaed; font-family: Helvetica, Lucida Grande, Arial, Tahoma, Verdana, sans-serif; margin: 0; padding: 0; text-align: center; }
#header { height: 30px; padding-bottom: 10px; padding-top: 10px; text-align: center; }
#icon { width: 30px; }
h1 { font-size: 18px; }
p { font-size: 13px; }
#footer { border-top: 1px solid #ddd; color: #9197a3; font-size: 12px; padding: 5px 8px 6px 0; }
</style>
</head>
<body>
<div id="header"><a href="//www.facebook.com/"><img id="icon" src="//static.facebook.com/images/logos/facebook_2x.png" alt="Facebook"></a></div>
<div id="core">
<h1 id="sorry">Sorry, something went wrong.</h1>
<p>We're working on it and we'll get it fixed as soon as we can.</p>
<p id="back-link"><a id="back" href="//www.facebook.com/">Go Back</a></p>
<div id="footer">Facebook <span id="copyright">&copy; 2025</span> &middot; <a href="//www.facebook.com/help/?ref=href052">Help Center</a></div>
</div>
</body>
</html>
`;
