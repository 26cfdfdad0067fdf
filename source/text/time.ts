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

// en-GB names European zones (CET, BST), en-US American ones (EST, PDT); elsewhere both give
// an offset such as GMT+5:30, which is what is shown then.
function zoneName(date: Date, timeZone: string | undefined): string {
	let fallback = '';
	for (const locale of ['en-GB', 'en-US']) {
		const name = new Intl.DateTimeFormat(locale, {timeZone, timeZoneName: 'short'})
			.formatToParts(date)
			.find((part) => part.type === 'timeZoneName')?.value;
		if (!name) continue;
		if (!/^(GMT|UTC)[+-]/.test(name)) return name;
		fallback ||= name;
	}
	return fallback;
}

function calendarDay(date: Date, timeZone: string | undefined): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).format(date);
}

/** "today 14:05 CET", "tomorrow 09:12 CET", "Mon 7 Dec 14:05 CET", "7 Dec 2027 14:05 CET". */
export function describeClockTime(
	at: number,
	options: {now?: number; timeZone?: string} = {},
): string {
	const {timeZone} = options;
	const now = options.now ?? Date.now();
	const date = new Date(at);
	const clock = new Intl.DateTimeFormat('en-GB', {
		timeZone,
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23',
	}).format(date);
	const day = calendarDay(date, timeZone);
	const relativeDays = [-1, 0, 1].find(
		(offset) => calendarDay(new Date(now + offset * dayMs), timeZone) === day,
	);
	let when: string;
	if (relativeDays === 0) when = 'today';
	else if (relativeDays === 1) when = 'tomorrow';
	else if (relativeDays === -1) when = 'yesterday';
	else {
		const sameYear = day.slice(0, 4) === calendarDay(new Date(now), timeZone).slice(0, 4);
		when = new Intl.DateTimeFormat('en-GB', {
			timeZone,
			...(Math.abs(at - now) < 6 * dayMs ? {weekday: 'short'} : {}),
			day: 'numeric',
			month: 'short',
			...(sameYear ? {} : {year: 'numeric'}),
		})
			.format(date)
			.replace(',', '');
	}
	return `${when} ${clock} ${zoneName(date, timeZone)}`;
}

/** "today 14:05 CET, in 23 h 58 min" or "today 13:02 CET, 3 min ago". */
export function describeMoment(
	at: number,
	options: {now?: number; timeZone?: string} = {},
): string {
	const now = options.now ?? Date.now();
	const distance = at >= now ? `in ${describeSpan(at - now)}` : `${describeSpan(at - now)} ago`;
	return `${describeClockTime(at, {...options, now})}, ${distance}`;
}
