/**
The lifecycle edges of a pre-verified number: `POST /{version}/{business-id}/add_phone_numbers`,
`POST /{version}/{preverified-id}/request_code`, `POST /{version}/{preverified-id}/verify_code`
and `DELETE /{version}/{preverified-id}`. Each checks, in order: the path's business or number,
that it is the token's business's own (403 200/1349174 otherwise), the token's permission, the
parameters, injected faults, then the store's rules (`store.ts`, codes in `codes.ts`).
*/
import { META_ID_PATTERN } from "../../graph-api/wire.js";
import { metaErrors, type MetaErrorReply } from "../errors.js";
import type { Reply } from "../reply.js";
import { truncate, type ParamValue } from "../request.js";
import {
  SHARE_PERMISSION,
  type AddNumberRejection,
  type DeleteNumberRejection,
  type RequestCodeRejection,
  type VerifyCodeRejection,
} from "../store.js";
import { withFaults, type EdgeCall, type EdgeHandler } from "./edge.js";
import { edgeReply } from "./share.js";

/** The body `add_phone_numbers` answers. */
export interface AddPhoneNumberBody {
  id: string;
}

export const CODE_METHODS = ["SMS", "VOICE"] as const;
const LANGUAGE_PATTERN = /^[a-z]{2}_[A-Z]{2}$/;
const CODE_PATTERN = /^[0-9]{6}$/;

const ADD_REJECTION_ERRORS: Readonly<Record<AddNumberRejection, () => MetaErrorReply>> = {
  invalid_phone_number: () => metaErrors.invalidPhoneNumber(),
  already_added: () => metaErrors.phoneNumberAlreadyAdded(),
  limit_reached: () => metaErrors.phoneNumberLimitReached(),
};

const REQUEST_CODE_REJECTION_ERRORS: Readonly<Record<RequestCodeRejection, () => MetaErrorReply>> =
  {
    already_verified: () => metaErrors.alreadyVerified(),
    too_many_codes: () => metaErrors.tooManyCodes(),
  };

const VERIFY_CODE_REJECTION_ERRORS: Readonly<Record<VerifyCodeRejection, () => MetaErrorReply>> = {
  no_code_requested: () => metaErrors.noCodeRequested(),
  too_many_attempts: () => metaErrors.tooManyAttempts(),
  code_expired: () => metaErrors.codeExpired(),
  incorrect_code: () => metaErrors.incorrectCode(),
};

const DELETE_REJECTION_ERRORS: Readonly<Record<DeleteNumberRejection, () => MetaErrorReply>> = {
  in_use: () => metaErrors.numberInUse(),
};

const fail = (error: MetaErrorReply): Reply => ({ kind: "error", error });

/** `POST /{version}/{business-id}/add_phone_numbers` with `phone_number`. */
export const addPhoneNumbersEdge: EdgeHandler = (call) => {
  const { store, caller, params } = call;
  const businessId = call.path.businessId ?? "";
  if (!META_ID_PATTERN.test(businessId) || store.getBusiness(businessId) === undefined) {
    return fail(metaErrors.objectDoesNotExist(truncate(businessId)));
  }
  if (caller.businessId !== businessId) {
    return fail(metaErrors.notManageable());
  }
  const denied = permissionError(call);
  if (denied !== undefined) {
    return fail(denied);
  }
  const phoneNumber = params.get("phone_number");
  if (phoneNumber.kind === "absent") {
    return fail(metaErrors.parameterRequired("phone_number"));
  }
  if (phoneNumber.kind !== "value") {
    return fail(metaErrors.invalidPhoneNumber());
  }
  return withFaults(call, businessId, () => {
    const outcome = store.addPhoneNumber(businessId, phoneNumber.value);
    if (outcome.ok) {
      const body: AddPhoneNumberBody = { id: outcome.preverifiedId };
      return { kind: "json", body };
    }
    return fail(ADD_REJECTION_ERRORS[outcome.rejection]());
  });
};

/** `POST /{version}/{preverified-id}/request_code` with `code_method` and `language`. */
export const requestCodeEdge: EdgeHandler = (call) =>
  numberEdge(call, (preverifiedId) => {
    const codeMethod = call.params.get("code_method");
    const language = call.params.get("language");
    const invalid =
      checkParam(
        "code_method",
        codeMethod,
        (value) => (CODE_METHODS as readonly string[]).includes(value),
        `one of ${CODE_METHODS.join(", ")}`,
      ) ?? checkParam("language", language, (value) => LANGUAGE_PATTERN.test(value), "like en_US");
    if (invalid !== undefined) {
      return { kind: "error", error: invalid };
    }
    return () =>
      edgeReply(call.store.requestCode(preverifiedId, call.now), REQUEST_CODE_REJECTION_ERRORS);
  });

/** `POST /{version}/{preverified-id}/verify_code` with `code` (6 digits, no hyphen). */
export const verifyCodeEdge: EdgeHandler = (call) =>
  numberEdge(call, (preverifiedId) => {
    const code = call.params.get("code");
    const invalid = checkParam("code", code, (value) => CODE_PATTERN.test(value), "6 digits");
    if (invalid !== undefined || code.kind !== "value") {
      return { kind: "error", error: invalid ?? metaErrors.parameterRequired("code") };
    }
    return () =>
      edgeReply(
        call.store.verifyCode(preverifiedId, code.value, call.now),
        VERIFY_CODE_REJECTION_ERRORS,
      );
  });

/** `DELETE /{version}/{preverified-id}`. */
export const deleteNumberEdge: EdgeHandler = (call) =>
  numberEdge(
    call,
    (preverifiedId) => () =>
      edgeReply(call.store.deleteNumber(preverifiedId), DELETE_REJECTION_ERRORS),
  );

/**
The rules of an edge on a number: 1. it exists (404 803 otherwise), 2. the token's business owns
it, 3. the token's permission, 4. `params` (an error, or the store's rules to run), 5. injected
faults, then those rules.
*/
function numberEdge(
  call: EdgeCall,
  params: (preverifiedId: string) => { kind: "error"; error: MetaErrorReply } | (() => Reply),
): Reply {
  const { store, caller } = call;
  const preverifiedId = call.path.id ?? "";
  const number = META_ID_PATTERN.test(preverifiedId) ? store.getNumber(preverifiedId) : undefined;
  if (number === undefined) {
    return fail(metaErrors.numberNotFound());
  }
  if (number.ownerBusinessId !== caller.businessId) {
    return fail(metaErrors.notManageable());
  }
  const denied = permissionError(call);
  if (denied !== undefined) {
    return fail(denied);
  }
  const rules = params(preverifiedId);
  if (typeof rules !== "function") {
    return rules;
  }
  return withFaults(call, caller.businessId, rules);
}

/** The token's permission (the share edge's). */
function permissionError(call: EdgeCall): MetaErrorReply | undefined {
  return call.caller.permissions.includes(SHARE_PERMISSION)
    ? undefined
    : metaErrors.missingPermission(SHARE_PERMISSION);
}

/** A required parameter: given (100 "required"), and a string `valid` accepts. */
function checkParam(
  name: string,
  value: ParamValue,
  valid: (value: string) => boolean,
  expected: string,
): MetaErrorReply | undefined {
  if (value.kind === "absent") {
    return metaErrors.parameterRequired(name);
  }
  return value.kind === "value" && valid(value.value)
    ? undefined
    : metaErrors.invalidLifecycleParameter(name, expected);
}
