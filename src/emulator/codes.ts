/**
Verification codes for `request_code` and `verify_code`: one current code per pre-verified number
(a new request replaces it), how many wrong attempts it has had, and when codes were requested
(the volume limit). No HTTP and no Meta wire format; the store owns one `VerificationCodes`.
The limits are the emulator's assumptions (Meta documents none of them; see README).
*/
import { randomInt } from "node:crypto";

/** How long a code stays valid (an assumption). */
export const CODE_TTL_MS = 10 * 60 * 1000;
/** Codes a number may request per `CODE_VOLUME_WINDOW_MS` (an assumption). */
export const MAX_CODES_PER_WINDOW = 3;
export const CODE_VOLUME_WINDOW_MS = 60 * 60 * 1000;
/** The wrong attempt that voids a code (the 5th, an assumption). */
export const MAX_WRONG_ATTEMPTS = 5;

interface CurrentCode {
  code: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  wrongAttempts: number;
  /** Too many wrong attempts: every later attempt fails until a new code is requested. */
  void: boolean;
}

/** What a verification attempt came to. */
export type CodeCheck =
  "verified" | "no_code_requested" | "too_many_attempts" | "code_expired" | "incorrect_code";

/** A random 6-digit code (leading zeros kept). */
export function randomCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

export class VerificationCodes {
  readonly #current = new Map<string, CurrentCode>();
  /** Epoch milliseconds of each issued code, per number, within the volume window. */
  readonly #requests = new Map<string, number[]>();

  clear(): void {
    this.#current.clear();
    this.#requests.clear();
  }

  /** Forgets everything about the number (it was deleted). */
  forget(preverifiedId: string): void {
    this.#current.delete(preverifiedId);
    this.#requests.delete(preverifiedId);
  }

  /** Whether the number has had `MAX_CODES_PER_WINDOW` codes within the last window. */
  volumeReached(preverifiedId: string, now: number): boolean {
    return this.#recent(preverifiedId, now).length >= MAX_CODES_PER_WINDOW;
  }

  /** Issues `code` as the number's current code, replacing any earlier one. */
  issue(preverifiedId: string, code: string, now: number): void {
    this.#requests.set(preverifiedId, [...this.#recent(preverifiedId, now), now]);
    this.#current.set(preverifiedId, {
      code,
      expiresAt: now + CODE_TTL_MS,
      wrongAttempts: 0,
      void: false,
    });
  }

  /** The current code, if one is valid (not expired, not void). */
  current(preverifiedId: string, now: number): string | undefined {
    const current = this.#current.get(preverifiedId);
    return current === undefined || current.void || now >= current.expiresAt
      ? undefined
      : current.code;
  }

  /** Checks an attempt; a correct one uses the code up, a wrong one counts against it. */
  check(preverifiedId: string, code: string, now: number): CodeCheck {
    const current = this.#current.get(preverifiedId);
    if (current === undefined) {
      return "no_code_requested";
    }
    if (current.void) {
      return "too_many_attempts";
    }
    if (now >= current.expiresAt) {
      return "code_expired";
    }
    if (code === current.code) {
      this.#current.delete(preverifiedId);
      return "verified";
    }
    current.wrongAttempts += 1;
    if (current.wrongAttempts >= MAX_WRONG_ATTEMPTS) {
      current.void = true;
      return "too_many_attempts";
    }
    return "incorrect_code";
  }

  #recent(preverifiedId: string, now: number): number[] {
    return (this.#requests.get(preverifiedId) ?? []).filter(
      (at) => now - at < CODE_VOLUME_WINDOW_MS,
    );
  }
}
