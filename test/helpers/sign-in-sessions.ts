// Sign-ins a test started in process are cancelled and waited for after it, so that no
// listener, poll or timer of one test is still running in the next.
import {afterEach} from 'vitest';
import type {SignInSession} from '../../source/auth/types.js';

export function setUpSignInCleanup(): {track(session: SignInSession): void} {
	const started: SignInSession[] = [];
	afterEach(async () => {
		const sessions = started.splice(0);
		for (const session of sessions) session.cancel();
		await Promise.allSettled(sessions.map((session) => session.result));
	});
	return {track: (session) => started.push(session)};
}
