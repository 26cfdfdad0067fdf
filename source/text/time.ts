// How cc-token shows a moment to a person: local time with the zone, and how far away it is,
// "today 14:05 CET, in 23 h 58 min". One formatter for the commands and the guide.

const minuteMs = 60_000;
const dayMs = 86_400_000;

/** "23 h 58 min", "4 min", "12 days": a span of time, rounded to what matters. */
export function describeSpan(ms: number): string {
	const minutes = Math.round(Math.abs(ms) / minuteMs);
	if (minutes >= 2 * 1440) return `${Math.round(minutes / 1440)} days`;
	if (minutes >= 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
	return `${minutes} min`;
}

/** "23 h 59 min", "4 min", "expired 2 min ago": how long until (or since) an expiry. */
export function describeTimeLeft(expiresAt: number, now = Date.now()): string {
	const ms = expiresAt - now;
	return ms >= 0 ? describeSpan(ms) : `expired ${describeSpan(ms)} ago`;
}

// Local time comes from Date's own getters and its zone's name from Date#toTimeString: the
// process's first Intl.DateTimeFormat loads ICU's locale data, which costs about 10 ms, more
// than half a bare Node start, on every `cc-token status`. Intl is asked only for a zone this
// table does not name (or a name in another language).
const abbreviations: Readonly<Record<string, string>> = {
	'Coordinated Universal Time': 'UTC',
	'Greenwich Mean Time': 'GMT',
	'British Summer Time': 'BST',
	'Western European Standard Time': 'WET',
	'Western European Summer Time': 'WEST',
	'Central European Standard Time': 'CET',
	'Central European Summer Time': 'CEST',
	'Eastern European Standard Time': 'EET',
	'Eastern European Summer Time': 'EEST',
	'Eastern Standard Time': 'EST',
	'Eastern Daylight Time': 'EDT',
	'Central Standard Time': 'CST',
	'Central Daylight Time': 'CDT',
	'Mountain Standard Time': 'MST',
	'Mountain Daylight Time': 'MDT',
	'Pacific Standard Time': 'PST',
	'Pacific Daylight Time': 'PDT',
	'Alaska Standard Time': 'AKST',
	'Alaska Daylight Time': 'AKDT',
	'Hawaii-Aleutian Standard Time': 'HST',
};

/** "CET", "EDT", "GMT+5:30": the local zone's short name at that moment. */
export function zoneName(date: Date): string {
	const long = /\((.+)\)$/.exec(date.toTimeString())?.[1];
	return (long && abbreviations[long]) || zoneNameFromIntl(date);
}

// en-GB names European zones (CET, BST), en-US American ones (EST, PDT); elsewhere both give
// an offset such as GMT+5:30, which is what is shown then.
export function zoneNameFromIntl(date: Date): string {
	let fallback = '';
	for (const locale of ['en-GB', 'en-US']) {
		const name = new Intl.DateTimeFormat(locale, {timeZoneName: 'short'})
			.formatToParts(date)
			.find((part) => part.type === 'timeZoneName')?.value;
		if (!name) continue;
		if (!/^(GMT|UTC)[+-]/.test(name)) return name;
		fallback ||= name;
	}
	return fallback;
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const twoDigits = (value: number) => String(value).padStart(2, '0');

/** "2026-11-30": the local calendar day. */
function calendarDay(date: Date): string {
	return `${date.getFullYear()}-${twoDigits(date.getMonth() + 1)}-${twoDigits(date.getDate())}`;
}

/** "today 14:05 CET", "tomorrow 09:12 CET", "Mon 7 Dec 14:05 CET", "7 Dec 2027 14:05 CET". */
export function describeClockTime(at: number, options: {now?: number} = {}): string {
	const now = options.now ?? Date.now();
	const date = new Date(at);
	const clock = `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
	const day = calendarDay(date);
	const relativeDays = [-1, 0, 1].find(
		(offset) => calendarDay(new Date(now + offset * dayMs)) === day,
	);
	let when: string;
	if (relativeDays === 0) when = 'today';
	else if (relativeDays === 1) when = 'tomorrow';
	else if (relativeDays === -1) when = 'yesterday';
	else {
		when = [
			Math.abs(at - now) < 6 * dayMs ? weekdays[date.getDay()] : '',
			date.getDate(),
			months[date.getMonth()],
			date.getFullYear() === new Date(now).getFullYear() ? '' : date.getFullYear(),
		]
			.filter(Boolean)
			.join(' ');
	}
	return `${when} ${clock} ${zoneName(date)}`;
}

/** "today 14:05 CET, in 23 h 58 min" or "today 13:02 CET, 3 min ago". */
export function describeMoment(at: number, options: {now?: number} = {}): string {
	const now = options.now ?? Date.now();
	const distance = at >= now ? `in ${describeSpan(at - now)}` : `${describeSpan(at - now)} ago`;
	return `${describeClockTime(at, {...options, now})}, ${distance}`;
}
