// The scopes an access token carries, read from its own claims: Constant Contact's tokens are
// JWTs whose `scp` claim lists them. Undefined when the token is not readable that way.
export function tokenScopes(accessToken: string): string[] | undefined {
	try {
		const payload = accessToken.split('.')[1] ?? '';
		const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
		const scp: unknown = claims?.scp;
		return Array.isArray(scp) && scp.every((scope) => typeof scope === 'string') ? scp : undefined;
	} catch {
		return undefined;
	}
}
