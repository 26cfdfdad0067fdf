// The emulator's V3 resources over real loopback HTTP: cursor pages, a POST with validation
// errors, scope guards, the per-second limit and the daily quota, strict as the real API.
import {beforeAll, describe, expect, test} from 'vitest';
import {type EmulatorApp, startEmulator} from '../../source/provider/emulator/index.js';
import {setUpEmulatorServer} from '../helpers/emulator.js';
import {tokensFrom} from '../helpers/emulator-code.js';
import type {Json} from '../helpers/emulator-requests.js';

// A generous per-second limit, so that only the tests about it meet it.
const emulator = setUpEmulatorServer({apiLimits: {perSecond: 1000}});

async function tokenFor(app: EmulatorApp, scopes: string[]): Promise<string> {
	return (await tokensFrom(emulator, app, scopes)).accessToken;
}

async function call(
	token: string,
	path: string,
	init: {method?: string; body?: string; contentType?: string} = {},
): Promise<{status: number; headers: Headers; json: Json}> {
	const response = await fetch(`${emulator.origin}${path}`, {
		method: init.method ?? 'GET',
		headers: {
			Authorization: `Bearer ${token}`,
			...(init.body === undefined ? {} : {'Content-Type': init.contentType ?? 'application/json'}),
		},
		...(init.body === undefined ? {} : {body: init.body}),
	});
	const text = await response.text();
	return {status: response.status, headers: response.headers, json: text ? JSON.parse(text) : null};
}

describe('contacts', () => {
	let token: string;
	beforeAll(async () => {
		token = await tokenFor(emulator.registerApp({}), ['contact_data']);
	});

	test('cursor pages: next links start with /v3/ and hold only a cursor; the last page has none', async () => {
		const seen = new Set<string>();
		let path: string | undefined = '/v3/contacts?limit=500';
		let pages = 0;
		while (path) {
			const page = await call(token, path);
			expect(page.status).toBe(200);
			expect(page.json.contacts.length).toBeLessThanOrEqual(500);
			for (const contact of page.json.contacts) seen.add(contact.contact_id);
			path = page.json._links?.next?.href;
			if (path) {
				expect(path).toMatch(/^\/v3\/contacts\?cursor=[\w-]+$/);
			}
			pages++;
		}
		expect(pages).toBe(Math.ceil(emulator.api.contactCount() / 500));
		expect(seen.size).toBe(emulator.api.contactCount());
	});

	test('the default page is 50; limit outside 1..500 and a forged cursor are 400 arrays', async () => {
		expect((await call(token, '/v3/contacts')).json.contacts).toHaveLength(50);
		for (const path of [
			'/v3/contacts?limit=501',
			'/v3/contacts?limit=0',
			'/v3/contacts?limit=ten',
			'/v3/contacts?cursor=bm9wZQ',
		]) {
			const answer = await call(token, path);
			expect(answer.status, path).toBe(400);
			expect(answer.json).toEqual([
				{error_key: expect.any(String), error_message: expect.any(String)},
			]);
		}
	});

	test('POST creates a contact, which the email filter and GET by id then find', async () => {
		const created = await call(token, '/v3/contacts', {
			method: 'POST',
			body: JSON.stringify({
				email_address: {address: 'New.Person@Example.com', permission_to_send: 'implicit'},
				first_name: 'New',
				create_source: 'Contact',
			}),
		});
		expect(created.status).toBe(201);
		expect(created.json).toMatchObject({
			email_address: {address: 'new.person@example.com'},
			first_name: 'New',
			create_source: 'Contact',
		});
		const found = await call(token, '/v3/contacts?email=new.person%40example.com');
		expect(found.json.contacts).toEqual([created.json]);
		const byId = await call(token, `/v3/contacts/${created.json.contact_id}`);
		expect(byId.json).toEqual(created.json);
		const again = await call(token, '/v3/contacts', {
			method: 'POST',
			body: JSON.stringify({
				email_address: {address: 'new.person@example.com'},
				create_source: 'Contact',
			}),
		});
		expect(again.status).toBe(409);
		expect(again.json[0].error_message).toContain(created.json.contact_id);
	});

	test('POST reports every validation error at once, as an array', async () => {
		const invalid = await call(token, '/v3/contacts', {
			method: 'POST',
			body: JSON.stringify({first_name: 7}),
		});
		expect(invalid.status).toBe(400);
		expect(invalid.json).toHaveLength(3);
		expect(invalid.json.map((error: Json) => error.error_message).join('\n')).toMatch(
			/email_address[\s\S]*create_source[\s\S]*first_name/,
		);
		expect((await call(token, '/v3/contacts', {method: 'POST', body: '{'})).status).toBe(400);
		const form = await call(token, '/v3/contacts', {
			method: 'POST',
			body: 'a=b',
			contentType: 'application/x-www-form-urlencoded',
		});
		expect(form.status).toBe(415);
	});

	test('a method the resource lacks is 405 with Allow', async () => {
		const answer = await call(token, '/v3/contacts', {method: 'DELETE'});
		expect(answer.status).toBe(405);
		expect(answer.headers.get('allow')).toBe('GET, POST');
	});
});

describe('scopes and standing', () => {
	test('each resource needs its own scope; the 403 does not name it', async () => {
		const app = emulator.registerApp({});
		const contactsOnly = await tokenFor(app, ['contact_data']);
		const campaignsOnly = await tokenFor(app, ['campaign_data']);
		expect((await call(contactsOnly, '/v3/emails')).status).toBe(403);
		expect((await call(contactsOnly, '/v3/account/summary')).status).toBe(403);
		const denied = await call(campaignsOnly, '/v3/contacts');
		expect(denied.status).toBe(403);
		expect(denied.json).toEqual([{error_key: 'forbidden', error_message: expect.any(String)}]);
		expect(denied.json[0].error_message).not.toMatch(/contact_data/);
		const emails = await call(campaignsOnly, '/v3/emails');
		expect(emails.status).toBe(200);
		expect(emails.json.campaigns.length).toBeGreaterThan(0);
	});

	test('a deactivated app is 403 whatever its scopes, with its own message', async () => {
		const app = emulator.registerApp({});
		const token = await tokenFor(app, ['contact_data', 'account_read']);
		emulator.api.deactivate(app.clientId);
		const answer = await call(token, '/v3/account/summary');
		expect(answer.status).toBe(403);
		expect(answer.json[0].error_message).toMatch(/deactivated/);
	});
});

describe('rate limits, per API key', () => {
	test('a fifth request within a second is 429 throttled (one object, no Retry-After); others keys are unaffected', async () => {
		const limited = await startEmulator();
		try {
			const busy = (await tokensFrom(limited, limited.registerApp({}), ['contact_data']))
				.accessToken;
			const calm = (await tokensFrom(limited, limited.registerApp({}), ['contact_data']))
				.accessToken;
			const get = (token: string) =>
				fetch(`${limited.apiBaseUrl}/contacts?limit=1`, {
					headers: {Authorization: `Bearer ${token}`},
				});
			const answers = await Promise.all(Array.from({length: 6}, () => get(busy)));
			const statuses = answers.map((answer) => answer.status).sort();
			expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
			const throttled = answers.find((answer) => answer.status === 429)!;
			expect(throttled.headers.get('retry-after')).toBeNull();
			expect(await throttled.json()).toEqual({
				error_key: 'throttled',
				error_message: expect.any(String),
			});
			expect((await get(calm)).status).toBe(200);
			await new Promise((resolve) => setTimeout(resolve, 1000));
			expect((await get(busy)).status).toBe(200);
		} finally {
			await limited.close();
		}
	});

	test('past the daily quota every request is 429 quota_exceeded until the next day', async () => {
		const limited = await startEmulator({apiLimits: {perDay: 3, perSecond: 1000}});
		try {
			const token = (
				await tokensFrom(limited, limited.registerApp({accessTokenLifetimeSeconds: 3 * 86_400}), [
					'account_read',
				])
			).accessToken;
			const get = async () =>
				fetch(`${limited.apiBaseUrl}/account/summary`, {
					headers: {Authorization: `Bearer ${token}`},
				});
			for (let i = 0; i < 3; i++) expect((await get()).status).toBe(200);
			const over = await get();
			expect(over.status).toBe(429);
			expect(await over.json()).toEqual({
				error_key: 'quota_exceeded',
				error_message: expect.any(String),
			});
			limited.advanceClock(86_400_000);
			expect((await get()).status).toBe(200);
			limited.api.setLimits({perDay: 0});
			expect((await get()).status).toBe(429);
		} finally {
			await limited.close();
		}
	});
});
