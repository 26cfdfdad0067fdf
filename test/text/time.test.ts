// The one way cc-token shows a moment: local time with the zone, and how far away it is.
import {afterEach, describe, expect, it} from 'vitest';
import {
	describeClockTime,
	describeMoment,
	describeSpan,
	describeTimeLeft,
	zoneName,
	zoneNameFromIntl,
} from '../../source/text/time.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
// Monday 30 November 2026, 13:05 UTC.
const now = Date.UTC(2026, 10, 30, 13, 5);

// The local zone is the process's, as for a person running cc-token: Node applies a new TZ at once.
const startingZone = process.env.TZ;
afterEach(() => {
	if (startingZone === undefined) delete process.env.TZ;
	else process.env.TZ = startingZone;
});
function inZone(timeZone: string): void {
	process.env.TZ = timeZone;
}

describe('describeMoment', () => {
	it.each([
		['Europe/Paris', now + 23 * hour + 58 * minute, 'tomorrow 14:03 CET, in 23 h 58 min'],
		['Europe/Paris', now + 3 * minute, 'today 14:08 CET, in 3 min'],
		['Europe/Paris', now - 3 * minute, 'today 14:02 CET, 3 min ago'],
		['Europe/Paris', now - 20 * hour, 'yesterday 18:05 CET, 20 h 0 min ago'],
		['Europe/London', now, 'today 13:05 GMT, in 0 min'],
		['America/New_York', now + 2 * hour, 'today 10:05 EST, in 2 h 0 min'],
		['Asia/Kolkata', now, 'today 18:35 GMT+5:30, in 0 min'],
		['UTC', now + 5 * day, 'Sat 5 Dec 13:05 UTC, in 5 days'],
		['UTC', now + 40 * day, '9 Jan 2027 13:05 UTC, in 40 days'],
		['UTC', now - 3 * day, 'Fri 27 Nov 13:05 UTC, 3 days ago'],
	])('in %s', (timeZone, at, expected) => {
		inZone(timeZone);
		expect(describeMoment(at, {now})).toBe(expected);
	});

	it('names summer time by its own zone', () => {
		inZone('Europe/Paris');
		const july = Date.UTC(2027, 6, 1, 12, 0);
		expect(describeClockTime(july, {now: july})).toBe('today 14:00 CEST');
	});
});

describe('zone names', () => {
	const january = new Date(Date.UTC(2027, 0, 15, 12));
	const july = new Date(Date.UTC(2027, 6, 15, 12));
	// Each zone the quick table names, in winter and in summer, and some it does not.
	it.each([
		'UTC',
		'Europe/London',
		'Europe/Lisbon',
		'Europe/Paris',
		'Europe/Athens',
		'America/New_York',
		'America/Chicago',
		'America/Denver',
		'America/Phoenix',
		'America/Los_Angeles',
		'America/Anchorage',
		'Pacific/Honolulu',
		'Asia/Kolkata',
		'Australia/Sydney',
		'America/Sao_Paulo',
	])('%s: the same short name as Intl gives', (timeZone) => {
		inZone(timeZone);
		for (const date of [january, july]) expect(zoneName(date)).toBe(zoneNameFromIntl(date));
	});
});

describe('spans', () => {
	it('rounds to what matters', () => {
		expect(describeSpan(59 * minute + 40_000)).toBe('1 h 0 min');
		expect(describeSpan(47 * hour)).toBe('47 h 0 min');
		expect(describeSpan(49 * hour)).toBe('2 days');
		expect(describeTimeLeft(now - 2 * minute, now)).toBe('expired 2 min ago');
	});
});
