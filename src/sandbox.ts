/**
What Apollo Sandbox opens with in development: an operation that selects every union member, and
variables for a share that succeeds on the embedded emulator.
*/
export const SANDBOX_EXAMPLE_OPERATION = `mutation SharePreverifiedNumber($input: SharePreverifiedNumberInput!) {
  sharePreverifiedNumber(input: $input) {
    __typename
    ... on SharePreverifiedNumberSuccess {
      preverifiedNumber { id }
      business { id }
      partnerBusiness { id }
    }
    ... on Error { message }
    ... on MetaError { retryable fbtraceId metaCode metaSubcode userTitle userMessage }
    ... on InvalidInputError { field }
    ... on SharingRejectedError { rejectionReason }
    ... on RateLimitedError { retryAfterSeconds }
    ... on UpstreamError { upstreamReason httpStatus }
  }
}
`;

export const SANDBOX_EXAMPLE_VARIABLES = {
  input: {
    businessId: "1000000000000001",
    preverifiedId: "3000000000000001",
    partnerBusinessId: "2000000000000001",
  },
};
