// Everything the emulated authorization server remembers, and its clock. Time is the server's
// own (real time plus whatever advanceClock added), so tests expire things without waiting.
import type {AccessTokenSigner} from './access-token.js';
import type {
	ConsentMode,
	EmulatorApp,
	EmulatorCounts,
	OktaReadings,
	RotationRules,
} from './types.js';

/** An authorization request a person has not yet answered on the consent page. */
export interface PendingConsent {
	app: EmulatorApp;
	redirectUri: string;
	scopes: string[];
	state: string;
	codeChallenge?: string;
	expiresAt: number;
}

/** An issued authorization code, bound to everything the token request must repeat. */
export interface AuthorizationCode {
	clientId: string;
	redirectUri: string;
	scopes: string[];
	codeChallenge?: string;
	expiresAt: number;
}

/** One sign-in's authorization: its scopes and its newest refresh token. */
export interface Grant {
	id: string;
	clientId: string;
	scopes: string[];
	refreshToken?: string;
	/** Refresh tokens die after this long unused. */
	refreshTokenUsedAt: number;
	revoked: boolean;
}

/** A rotating refresh token that was used (or replaced): it works only within the leeway. */
export interface SpentRefreshToken {
	grantId: string;
	spentAt: number;
}

export interface DeviceAuthorization {
	deviceCode: string;
	userCode: string;
	clientId: string;
	scopes: string[];
	expiresAt: number;
	/** Seconds; grows by 5 after each slow_down. */
	interval: number;
	lastPolledAt?: number;
	decision: 'pending' | 'allow' | 'deny';
}

export interface ServerState {
	origin: string;
	now(): number;
	clockOffset: number;
	autoApprove: ConsentMode;
	expiresInStyle: 'seconds' | 'epoch';
	rotation: RotationRules;
	okta: OktaReadings;
	signer: AccessTokenSigner;
	apps: Map<string, EmulatorApp>;
	consents: Map<string, PendingConsent>;
	codes: Map<string, AuthorizationCode>;
	grants: Map<string, Grant>;
	grantIdByRefreshToken: Map<string, string>;
	spentRefreshTokens: Map<string, SpentRefreshToken>;
	grantIdByAccessTokenId: Map<string, string>;
	revokedAccessTokenIds: Set<string>;
	devices: Map<string, DeviceAuthorization>;
	deviceCodeByUserCode: Map<string, string>;
	counts: EmulatorCounts;
}

export function createServerState(options: {
	origin: string;
	autoApprove: ConsentMode;
	expiresInStyle: 'seconds' | 'epoch';
	rotation: RotationRules;
	okta: OktaReadings;
	signer: AccessTokenSigner;
}): ServerState {
	const state: ServerState = {
		...options,
		clockOffset: 0,
		now: () => Date.now() + state.clockOffset,
		apps: new Map(),
		consents: new Map(),
		codes: new Map(),
		grants: new Map(),
		grantIdByRefreshToken: new Map(),
		spentRefreshTokens: new Map(),
		grantIdByAccessTokenId: new Map(),
		revokedAccessTokenIds: new Set(),
		devices: new Map(),
		deviceCodeByUserCode: new Map(),
		counts: {tokenRequests: 0, grants: {}, refreshes: 0, accountSummary: 0},
	};
	return state;
}
