/**
 * Published after a credential's revocation commits: every hub instance closes the credential's
 * open WebSockets at once (server/credential-sockets.ts), besides its own once-a-second sweep.
 */
export const CREDENTIAL_REVOKED = 'auth:credential-revoked';

export interface CredentialRevoked {
  credentialId: string;
}
