/**
The emulator's seed: fixed IDs and tokens (`FIXTURES`, shared by tests and the README) and
`createSeed()`, which builds fresh records from them.
*/
import { SCENARIO_IDS } from "./scenarios.js";
import type { PreverifiedNumberRecord, SeedData } from "./types.js";

/** The first bulk number's ID; the bulk runs on from here in steps of one. */
const FIRST_BULK_NUMBER = 3_000_000_000_000_010;
/** How many bulk numbers the seed has. */
const BULK_NUMBER_COUNT = 120;

const BULK_NUMBER_IDS: readonly string[] = Object.freeze(
  Array.from({ length: BULK_NUMBER_COUNT }, (_, index) => String(FIRST_BULK_NUMBER + index)),
);

/** Every fixed ID and token the emulator knows, by the name tests and the README use. */
export const FIXTURES = {
  businesses: {
    /** "Acme Solution Partner": the requesting business in most fixtures. */
    acme: "1000000000000001",
    /** "Globex Holdings": owns 3000000000000005 and 3000000000000006. */
    globex: "1000000000000002",
    /** "Partner One": accessible to Acme. */
    partnerOne: "2000000000000001",
    /** "Partner Two": accessible to Acme. */
    partnerTwo: "2000000000000002",
    /** "Outsider Ltd": exists, not accessible to Acme. */
    outsider: "2000000000000003",
    /** "Restricted Partner": accessible to Acme, but the relationship does not allow sharing. */
    restrictedPartner: "2000000000000004",
    /** "Full House Ltd": owns one number and may own one: `add_phone_numbers` answers its limit. */
    full: "1000000000000003",
  },
  /** Display names of the businesses above, by the same keys. */
  businessNames: {
    acme: "Acme Solution Partner",
    globex: "Globex Holdings",
    partnerOne: "Partner One",
    partnerTwo: "Partner Two",
    outsider: "Outsider Ltd",
    restrictedPartner: "Restricted Partner",
    full: "Full House Ltd",
  },
  tokens: {
    /** Valid, Acme, has `business_management`. */
    acme: "emu-token-acme",
    /** Valid, Globex, has `business_management`. */
    globex: "emu-token-globex",
    /** Valid, Partner One (a partner: reads the numbers shared with it, shares none). */
    partnerOne: "emu-token-partner-one",
    /** Acme's, expired: 401 code 190 subcode 463. */
    expired: "emu-token-expired",
    /** Acme's, valid, lacks `business_management`: 403 code 200. */
    noPermission: "emu-token-no-permission",
    /** Not a known token (any other string behaves the same): 401 code 190. */
    unknown: "emu-token-unknown",
    /** Valid, Full House Ltd (at its number limit), has `business_management`. */
    full: "emu-token-full",
  },
  numbers: {
    /** VERIFIED, owner Acme, not shared: shares successfully. */
    verified: "3000000000000001",
    /** VERIFIED, owner Acme, already shared with Partner One. */
    sharedWithPartnerOne: "3000000000000002",
    /** NOT_VERIFIED, owner Acme: 422 not in a shareable state. */
    notVerified: "3000000000000003",
    /** EXPIRED, owner Acme: 422 not in a shareable state. */
    expired: "3000000000000004",
    /** VERIFIED, owner Globex, Acme has no rights: 403 code 200 subcode 1349174. */
    globexNoRights: "3000000000000005",
    /** VERIFIED, owner Globex, Acme has sharing rights: shares successfully, owner stays Globex. */
    globexShareable: "3000000000000006",
    /**
    VERIFIED, owner Acme, expiry in 30 days (within the 45-day re-verification window):
    `request_code` works.
    */
    reverifiable: "3000000000000007",
    /** NOT_VERIFIED, owner Acme, not shared: `DELETE` works. */
    deletable: "3000000000000008",
    /** VERIFIED, owner Full House Ltd (its only number, its limit). */
    fullBusinessNumber: "3000000000000009",
    /** Well-formed but unknown: 404 code 803. */
    unknown: "3999999999999999",
    /**
    3000000000000010…3000000000000129, in this order: 120 VERIFIED numbers owned by Acme, not
    shared, created after the numbers above (for paging and multi-ID reads in chunks of 50).
    */
    bulk: BULK_NUMBER_IDS,
  },
  /** Pre-verified IDs that force an upstream failure (see `scenarios.ts`). */
  scenarios: SCENARIO_IDS,
  /** Phone numbers (E.164) for `add_phone_numbers`. */
  phoneNumbers: {
    /** In no business: adding it works. */
    fresh: "+15550142000",
    /** `numbers.verified`'s number (`+1 555-0100`): Acme already has it. */
    alreadyAdded: "+15550100",
    /** Too short to be a phone number: 400 "Invalid phone number". */
    impossible: "+1555",
  },
  /** The development code every seeded number gets from `request_code`. */
  verificationCode: "123456",
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Fresh seed records; verification times are relative to `now`. */
export function createSeed(now: Date = new Date()): SeedData {
  const { businesses: b, businessNames: names, tokens: t, numbers: n } = FIXTURES;
  // VERIFIED numbers were verified 30 days ago and stay so for 90 days; EXPIRED ones lapsed.
  const verifiedOn = formatMetaTime(new Date(now.getTime() - 30 * DAY_MS));
  const verifiedUntil = formatMetaTime(new Date(now.getTime() + 60 * DAY_MS));
  const lapsedVerifiedOn = formatMetaTime(new Date(now.getTime() - 120 * DAY_MS));
  const expiredOn = formatMetaTime(new Date(now.getTime() - 30 * DAY_MS));
  // Re-verifiable: verified 60 days ago, 30 days left (inside the 45-day window).
  const reverifiable = {
    codeVerificationTime: formatMetaTime(new Date(now.getTime() - 60 * DAY_MS)),
    verificationExpiryTime: formatMetaTime(new Date(now.getTime() + 30 * DAY_MS)),
  };
  const verified = { codeVerificationTime: verifiedOn, verificationExpiryTime: verifiedUntil };
  const bulk = n.bulk.map((id, index): PreverifiedNumberRecord => ({
    id,
    phoneNumber: `+1 555-${String(210 + index).padStart(4, "0")}`,
    codeVerificationStatus: "VERIFIED",
    ...verified,
    ownerBusinessId: b.acme,
    sharingRightsBusinessIds: [],
  }));
  const allPermissions = ["business_management", "whatsapp_business_management"];
  return {
    businesses: [
      {
        id: b.acme,
        name: names.acme,
        accessiblePartnerIds: [b.partnerOne, b.partnerTwo, b.restrictedPartner],
        sharingNotAllowedPartnerIds: [b.restrictedPartner],
      },
      {
        id: b.globex,
        name: names.globex,
        accessiblePartnerIds: [b.partnerOne, b.partnerTwo, b.outsider],
        sharingNotAllowedPartnerIds: [],
      },
      ...[
        { id: b.partnerOne, name: names.partnerOne },
        { id: b.partnerTwo, name: names.partnerTwo },
        { id: b.outsider, name: names.outsider },
        { id: b.restrictedPartner, name: names.restrictedPartner },
      ].map((business) => ({
        ...business,
        accessiblePartnerIds: [],
        sharingNotAllowedPartnerIds: [],
      })),
      {
        id: b.full,
        name: names.full,
        accessiblePartnerIds: [b.partnerOne],
        sharingNotAllowedPartnerIds: [],
        maxPhoneNumbers: 1,
      },
    ],
    tokens: [
      {
        token: t.acme,
        businessId: b.acme,
        status: "valid",
        expiresAt: null,
        permissions: allPermissions,
      },
      {
        token: t.globex,
        businessId: b.globex,
        status: "valid",
        expiresAt: null,
        permissions: allPermissions,
      },
      {
        token: t.partnerOne,
        businessId: b.partnerOne,
        status: "valid",
        expiresAt: null,
        permissions: allPermissions,
      },
      {
        token: t.expired,
        businessId: b.acme,
        status: "expired",
        expiresAt: new Date(now.getTime() - 2 * DAY_MS).toISOString(),
        permissions: allPermissions,
      },
      {
        token: t.noPermission,
        businessId: b.acme,
        status: "valid",
        expiresAt: null,
        permissions: ["whatsapp_business_management"],
      },
      {
        token: t.full,
        businessId: b.full,
        status: "valid",
        expiresAt: null,
        permissions: allPermissions,
      },
    ],
    numbers: [
      {
        id: n.verified,
        phoneNumber: "+1 555-0100",
        codeVerificationStatus: "VERIFIED",
        ...verified,
        ownerBusinessId: b.acme,
        sharingRightsBusinessIds: [],
      },
      {
        id: n.sharedWithPartnerOne,
        phoneNumber: "+1 555-0101",
        codeVerificationStatus: "VERIFIED",
        ...verified,
        ownerBusinessId: b.acme,
        sharingRightsBusinessIds: [],
      },
      {
        id: n.notVerified,
        phoneNumber: "+1 555-0102",
        codeVerificationStatus: "NOT_VERIFIED",
        codeVerificationTime: null,
        verificationExpiryTime: null,
        ownerBusinessId: b.acme,
        sharingRightsBusinessIds: [],
      },
      {
        id: n.expired,
        phoneNumber: "+1 555-0103",
        codeVerificationStatus: "EXPIRED",
        codeVerificationTime: lapsedVerifiedOn,
        verificationExpiryTime: expiredOn,
        ownerBusinessId: b.acme,
        sharingRightsBusinessIds: [],
      },
      {
        id: n.globexNoRights,
        phoneNumber: "+1 555-0104",
        codeVerificationStatus: "VERIFIED",
        ...verified,
        ownerBusinessId: b.globex,
        sharingRightsBusinessIds: [],
      },
      {
        id: n.globexShareable,
        phoneNumber: "+1 555-0105",
        codeVerificationStatus: "VERIFIED",
        ...verified,
        ownerBusinessId: b.globex,
        sharingRightsBusinessIds: [b.acme],
      },
      ...bulk,
      {
        id: n.reverifiable,
        phoneNumber: "+1 555-0106",
        codeVerificationStatus: "VERIFIED",
        ...reverifiable,
        ownerBusinessId: b.acme,
        sharingRightsBusinessIds: [],
      },
      {
        id: n.deletable,
        phoneNumber: "+1 555-0107",
        codeVerificationStatus: "NOT_VERIFIED",
        codeVerificationTime: null,
        verificationExpiryTime: null,
        ownerBusinessId: b.acme,
        sharingRightsBusinessIds: [],
      },
      {
        id: n.fullBusinessNumber,
        phoneNumber: "+1 555-0108",
        codeVerificationStatus: "VERIFIED",
        ...verified,
        ownerBusinessId: b.full,
        sharingRightsBusinessIds: [],
      },
    ],
    shares: [{ preverifiedId: n.sharedWithPartnerOne, partnerBusinessIds: [b.partnerOne] }],
  };
}

/** Meta's datetime style: `2023-04-14T22:12:31+0000`. */
export function formatMetaTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+0000`;
}
