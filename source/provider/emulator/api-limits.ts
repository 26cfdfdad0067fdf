// Constant Contact's rate limits, per API key: 4 requests a second and 10,000 a day. Over
// either, a 429 whose single-object body says which (`throttled` or `quota_exceeded`), and no
// Retry-After header. The second is a sliding window, stricter than any fixed one.
import {ApiRefusal} from './api-errors.js';
import type {EmulatorApiLimits as ApiLimits} from './types.js';

const defaultApiLimits: ApiLimits = {perSecond: 4, perDay: 10_000};

export interface LimitState {
	limits: ApiLimits;
	/** Arrival times (server clock) of the accepted requests of the last second, by API key. */
	recent: Map<string, number[]>;
	/** Accepted requests on the current (UTC) day, by API key. */
	today: Map<string, {day: number; count: number}>;
}

export function createLimitState(limits: Partial<ApiLimits> = {}): LimitState {
	return {limits: {...defaultApiLimits, ...limits}, recent: new Map(), today: new Map()};
}

/** Counts one request for the API key, or refuses it. Refused requests do not count. */
export function admitRequest(limits: LimitState, apiKey: string, now: number): void {
	const day = Math.floor(now / 86_400_000);
	const used = limits.today.get(apiKey);
	const usedToday = used?.day === day ? used.count : 0;
	if (usedToday >= limits.limits.perDay) {
		throw new ApiRefusal(
			429,
			[
				{
					error_key: 'quota_exceeded',
					error_message: `This API key has used its ${limits.limits.perDay} requests for today.`,
				},
			],
			'object',
		);
	}
	const recent = (limits.recent.get(apiKey) ?? []).filter((at) => now - at < 1000);
	if (recent.length >= limits.limits.perSecond) {
		limits.recent.set(apiKey, recent);
		throw new ApiRefusal(
			429,
			[
				{
					error_key: 'throttled',
					error_message: `Too many requests: at most ${limits.limits.perSecond} a second are allowed.`,
				},
			],
			'object',
		);
	}
	recent.push(now);
	limits.recent.set(apiKey, recent);
	limits.today.set(apiKey, {day, count: usedToday + 1});
}
