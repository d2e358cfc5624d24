/** The embedded Meta emulator's public API. Product code never imports it. */
export {
  MAX_BODY_BYTES,
  MAX_RECORDED_REQUESTS,
  VERIFICATION_CODES_PATH,
  startMetaEmulator,
  type MetaEmulator,
  type MetaEmulatorOptions,
  type RecordedRequest,
} from "./server.js";
export { FIXTURES, createSeed } from "./seed.js";
export {
  CODE_TTL_MS,
  CODE_VOLUME_WINDOW_MS,
  MAX_CODES_PER_WINDOW,
  MAX_WRONG_ATTEMPTS,
} from "./codes.js";
export { CODE_METHODS, type AddPhoneNumberBody } from "./edges/lifecycle.js";
export {
  BATCH_ITEM_CONTENT_TYPE,
  BATCH_ITEM_FAULT_FIELD,
  MAX_BATCH_SIZE,
  type BatchItemHeader,
  type BatchItemResponse,
  type BatchResponseBody,
} from "./batch.js";
export {
  FAULT_LIMITS,
  FAULT_STATUSES,
  FaultSpecError,
  formatFault,
  formatFaultSpec,
  parseFaultSpec,
  type Fault,
  type FaultKind,
  type FaultSpec,
  type FaultStatus,
} from "./fault-spec.js";
export { EMULATOR_FAULT_HEADER, type EmulatorFaults } from "./faults.js";
export { STALL_BODY_CHUNK } from "./reply.js";
export { BUC_REGAIN_ACCESS_MINUTES, FACEBOOK_ERROR_PAGE, SCENARIO_IDS } from "./scenarios.js";
export {
  BUSINESS_FIELDS,
  DEFAULT_PAGE_LIMIT,
  DEFAULT_PREVERIFIED_NUMBER_FIELDS,
  MAX_MULTI_IDS,
  MAX_PAGE_LIMIT,
  PREVERIFIED_NUMBER_EDGES,
  PREVERIFIED_NUMBER_FIELDS,
  PREVERIFIED_NUMBER_NODE_TYPE,
  type BusinessField,
  type BusinessNode,
  type EdgePage,
  type MultiIdReadBody,
  type PreverifiedNumberEdge,
  type PreverifiedNumberField,
  type PreverifiedNumberNode,
} from "./reads.js";
export { encodeCursor } from "./paging.js";
export {
  EmulatorStore,
  REVERIFY_WINDOW_MS,
  SHARE_PERMISSION,
  VERIFICATION_TTL_MS,
  normalisePhoneNumber,
  type AccessTokenRecord,
  type BusinessRecord,
  type CodeVerificationStatus,
  type PreverifiedNumberRecord,
  type PreverifiedNumberView,
  type SeedData,
  type SeedShare,
  type ShareOutcome,
  type ShareRejection,
  type ShareRequest,
} from "./store.js";
export {
  DEV_AUDIENCE,
  DEV_ISSUER,
  DEV_JWKS_PATH,
  signDevToken,
  type DevTokenClaims,
} from "./identity-provider.js";
