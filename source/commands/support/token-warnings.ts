// What `cc-token token` says on stderr beside the token, by the entry's quick answer
// (quick/token.ts) and the command alike: whatever a script should know but not capture.
// Straight from the store's modules: the entry's bundle holds no writer or lock.
import {refreshTokenIdleLifetimeDays} from '../../provider/constant-contact.js';
import {type Profile, refreshTokenDiesAt} from '../../store/profile.js';
import {describeMoment} from '../../text/time.js';
import type {CommandIo} from './io.js';

const dayMs = 86_400_000;
/** Warn this long before a refresh token dies unused. */
const idleWarningMs = 14 * dayMs;

export function warn(io: Pick<CommandIo, 'stderr'>, text: string): void {
	io.stderr.write(`cc-token: warning: ${text}\n`);
}

export function warnIfRefreshTokenDying(
	io: Pick<CommandIo, 'stderr'>,
	name: string,
	profile: Profile,
	now = Date.now(),
): void {
	const diesAt = refreshTokenDiesAt(profile);
	if (diesAt === undefined || diesAt - now > idleWarningMs) return;
	warn(
		io,
		diesAt > now
			? `the refresh token of profile “${name}” dies unused ${describeMoment(diesAt, {now})}: run \`cc-token refresh\` before then to keep it.`
			: `the refresh token of profile “${name}” has probably died after ${refreshTokenIdleLifetimeDays} days unused; sign in again when the access token expires.`,
	);
}
