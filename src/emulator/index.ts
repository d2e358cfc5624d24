/** The embedded Meta emulator's public API. Product code never imports it. */
export {
  MAX_BODY_BYTES,
  MAX_RECORDED_REQUESTS,
  startMetaEmulator,
  type MetaEmulator,
  type MetaEmulatorOptions,
  type RecordedRequest,
} from "./server.js";
export { FIXTURES, createSeed } from "./seed.js";
export {
  EMULATOR_FAULT_HEADER,
  FAULT_LIMITS,
  FAULT_STATUSES,
  FaultSpecError,
  STALL_BODY_CHUNK,
  formatFault,
  formatFaultSpec,
  parseFaultSpec,
  type EmulatorFaults,
  type Fault,
  type FaultKind,
  type FaultSpec,
  type FaultStatus,
} from "./faults.js";
export { BUC_REGAIN_ACCESS_MINUTES, SCENARIO_IDS } from "./scenarios.js";
export {
  EmulatorStore,
  SHARE_PERMISSION,
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
