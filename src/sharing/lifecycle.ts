/**
The number-lifecycle use cases: add a number to a business, request a verification code, verify
it, delete the number. Each validates its input locally (nothing is sent on bad input), checks the
caller's scope (`preverified:manage`) and business, and for a number named by ID that one of the
caller's businesses owns it (read through the request's loaders; a caller without grants is left
to Meta), takes one token of the caller's mutation budget, calls Meta once (see the endpoints'
no-second-OTP rule), and records the attempt in the audit log: IDs only, never the phone number.
*/
import { parsePhoneNumberFromString } from "libphonenumber-js";
import type {
  Failure,
  NumberChangeFailure,
  ReadFailure,
  Result,
  VerificationFailure,
} from "../graph-api/failure.js";
import { mayHaveActed } from "../graph-api/retry-policy.js";
import { invalidInput, validateId } from "../graph-api/validate.js";
import { authorize } from "./authorization.js";
import type { AuditEntry, GraphApiAccess, SharingPorts } from "./ports.js";
import { detailsOf } from "./reads.js";

/** Meta's `language` parameter: `xx_XX`. */
const LANGUAGE = /^[a-z]{2}_[A-Z]{2}$/;
/** A verification code as Meta takes it: six digits, without the SMS's hyphen. */
const CODE = /^[0-9]{6}$/;
const LOGGABLE_ID = /^[0-9]{1,32}$/;

export type VerificationCodeMethod = "SMS" | "VOICE";

export interface AddNumberInput {
  businessId: string;
  phoneNumber: string;
}

/** Adds a phone number to a business (`POST …/add_phone_numbers`); answers the new number's ID. */
export async function addNumber(
  ports: SharingPorts,
  input: AddNumberInput,
): Promise<Result<{ id: string }, NumberChangeFailure>> {
  const audit = auditor(ports, "add_number", { businessId: input.businessId });
  const business = validateId("businessId", input.businessId);
  if (!business.ok) {
    return audit(business);
  }
  const phoneNumber = e164(input.phoneNumber);
  if (phoneNumber === undefined) {
    // Never echoes the input: it may be a real person's number.
    return audit(
      invalidInput(
        "phoneNumber",
        "phoneNumber must be a possible phone number in international format (E.164: a plus sign, the country code and the number).",
      ),
    );
  }
  const admitted = await admit(ports, business.value);
  if (!admitted.ok) {
    return audit(admitted);
  }
  const upstream = admitted.value;
  const sent = await upstream.graphApi.lifecycle.add(
    { businessId: business.value, phoneNumber },
    upstream.call,
  );
  const added = sent.ok ? sent : await afterUnknownAdd(upstream, business.value, phoneNumber, sent);
  return auditor(ports, "add_number", {
    businessId: business.value,
    ...(added.ok ? { preverifiedId: added.value.id } : {}),
  })(added.ok ? { ok: true, value: { id: added.value.id } } : added);
}

export interface RequestCodeInput {
  preverifiedId: string;
  method: VerificationCodeMethod;
  language: string;
}

/** Asks Meta to send a verification code by SMS or voice call (`POST …/request_code`). */
export async function requestCode(
  ports: SharingPorts,
  input: RequestCodeInput,
): Promise<Result<{ id: string }, VerificationFailure>> {
  const audit = auditor(ports, "request_code", { preverifiedId: input.preverifiedId });
  const id = validateId("preverifiedId", input.preverifiedId);
  if (!id.ok) {
    return audit(id);
  }
  const language = input.language.trim();
  if (!LANGUAGE.test(language)) {
    return audit(invalidInput("language", "language must be a locale like en_US (xx_XX)."));
  }
  const owned = await admitOwned(ports, id.value);
  if (!owned.ok) {
    return audit(owned);
  }
  const requested = await owned.value.graphApi.lifecycle.requestCode(
    { preverifiedId: id.value, method: input.method, language },
    owned.value.call,
  );
  return audit(requested.ok ? { ok: true, value: { id: id.value } } : requested);
}

export interface VerifyCodeInput {
  preverifiedId: string;
  code: string;
}

/** Checks the code the number received (`POST …/verify_code`); the number becomes VERIFIED. */
export async function verifyCode(
  ports: SharingPorts,
  input: VerifyCodeInput,
): Promise<Result<{ id: string }, VerificationFailure>> {
  const audit = auditor(ports, "verify_code", { preverifiedId: input.preverifiedId });
  const id = validateId("preverifiedId", input.preverifiedId);
  if (!id.ok) {
    return audit(id);
  }
  // The SMS says "123-456"; Meta wants "123456".
  const code = input.code.replace(/[\s-]/g, "");
  if (!CODE.test(code)) {
    return audit(invalidInput("code", "code must be the six digits of the verification code."));
  }
  const owned = await admitOwned(ports, id.value);
  if (!owned.ok) {
    return audit(owned);
  }
  const verified = await owned.value.graphApi.lifecycle.verifyCode(
    { preverifiedId: id.value, code },
    owned.value.call,
  );
  return audit(verified.ok ? { ok: true, value: { id: id.value } } : verified);
}

/** Deletes a pre-verified number (`DELETE /{preverified-id}`). */
export async function deleteNumber(
  ports: SharingPorts,
  input: { preverifiedId: string },
): Promise<Result<{ id: string }, NumberChangeFailure>> {
  const audit = auditor(ports, "delete_number", { preverifiedId: input.preverifiedId });
  const id = validateId("preverifiedId", input.preverifiedId);
  if (!id.ok) {
    return audit(id);
  }
  const owned = await admitOwned(ports, id.value);
  if (!owned.ok) {
    return audit(owned);
  }
  const deleted = await owned.value.graphApi.lifecycle.delete(
    { preverifiedId: id.value },
    owned.value.call,
  );
  return audit(deleted.ok ? { ok: true, value: { id: id.value } } : deleted);
}

/**
An add whose answer was lost may have happened: a read of the business's numbers with that phone
number settles it. Found: it was added (success, with its ID). Otherwise the failure stands (the
add is never sent again by this mutation); when the read proves it absent, the message says that
adding again is safe.
*/
async function afterUnknownAdd(
  upstream: GraphApiAccess,
  businessId: string,
  phoneNumber: string,
  sent: { ok: false; failure: NumberChangeFailure },
): Promise<Result<{ id: string }, NumberChangeFailure>> {
  const failure = sent.failure;
  if (failure.kind !== "upstream" || !mayHaveActed(failure)) {
    return sent;
  }
  const read = await upstream.loaders.numbersPage.load({ businessId, first: 1, phoneNumber });
  if (!read.ok) {
    return sent;
  }
  const found = read.value.nodes[0];
  if (found !== undefined) {
    return { ok: true, value: { id: found.id } };
  }
  return {
    ok: false,
    failure: {
      ...failure,
      message:
        "Meta's answer to adding the number was lost, and a read afterwards does not list it: " +
        "it was not added, so adding it again is safe.",
    },
  };
}

/** The input as E.164 when libphonenumber-js finds it a possible number; otherwise `undefined`. */
export function e164(input: string): string | undefined {
  const text = input.trim();
  if (text.length > 32) {
    return undefined;
  }
  const parsed = parsePhoneNumberFromString(text);
  return parsed?.isPossible() === true ? parsed.number : undefined;
}

/** Scope, business, token and the caller's mutation budget: all before any Meta call. */
async function admit(
  ports: SharingPorts,
  businessId: string | undefined,
): Promise<Result<GraphApiAccess, ReadFailure>> {
  const refused = authorize(ports.caller, {
    scope: "preverified:manage",
    ...(businessId === undefined ? {} : { businessId }),
  });
  if (refused !== undefined) {
    return { ok: false, failure: refused };
  }
  const { upstream } = ports;
  if (!upstream.ok) {
    return { ok: false, failure: upstream.failure };
  }
  const throttled = await upstream.admitMutation();
  if (throttled !== undefined) {
    return { ok: false, failure: throttled };
  }
  return { ok: true, value: upstream };
}

/**
`admit`, and for a caller with grants: the number, read through the request's loaders, is owned by
one of its businesses. The read is forgotten afterwards, so fields selected on the result are
read again (after the change).
*/
async function admitOwned(
  ports: SharingPorts,
  id: string,
): Promise<Result<GraphApiAccess, ReadFailure>> {
  const refused = authorize(ports.caller, { scope: "preverified:manage" });
  if (refused !== undefined) {
    return { ok: false, failure: refused };
  }
  const grants = ports.caller.grants;
  if (grants !== undefined && ports.upstream.ok) {
    const { loaders } = ports.upstream;
    const node = await loaders.numberById.load(id);
    loaders.numberById.clear(id);
    if (!node.ok) {
      return node;
    }
    const owner = detailsOf(node.value).ownerBusinessId;
    if (owner === undefined || !grants.businesses.has(owner)) {
      return {
        ok: false,
        failure: {
          kind: "permission_denied",
          retryable: false,
          message: `Pre-verified number ${id} is not owned by any business your token lists.`,
        },
      };
    }
  }
  const admitted = await admit(ports, undefined);
  if (admitted.ok) {
    admitted.value.loaders.numberById.clear(id);
  }
  return admitted;
}

/** Records one attempt in the audit log (well-formed IDs only), then hands its result on. */
function auditor(
  ports: SharingPorts,
  action: AuditEntry["action"],
  ids: { businessId?: string; preverifiedId?: string },
) {
  return <T, F extends Failure>(result: Result<T, F>): Result<T, F> => {
    ports.audit({
      action,
      ...(ids.businessId !== undefined && LOGGABLE_ID.test(ids.businessId.trim())
        ? { businessId: ids.businessId.trim() }
        : {}),
      ...(ids.preverifiedId !== undefined && LOGGABLE_ID.test(ids.preverifiedId.trim())
        ? { preverifiedId: ids.preverifiedId.trim() }
        : {}),
      result: result.ok ? "success" : result.failure.kind,
      ...(result.ok || result.failure.fbtraceId === undefined
        ? {}
        : { fbtraceId: result.failure.fbtraceId }),
    });
    return result;
  };
}
