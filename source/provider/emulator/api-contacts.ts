// Contacts, as the V3 API serves them: a cursor-paged list (`limit` up to 500), one contact by
// id, and POST to create one, whose validation errors come back all at once as an array.
import {createHash} from 'node:crypto';
import type {IncomingMessage} from 'node:http';
import {type ApiError, ApiRefusal, validationKey} from './api-errors.js';
import {pageLinks, pageOf, pageRequest} from './api-pages.js';
import {readBody} from './http.js';

export interface Contact {
	contact_id: string;
	email_address: {
		address: string;
		permission_to_send: string;
		created_at: string;
		updated_at: string;
	};
	first_name?: string;
	last_name?: string;
	create_source: 'Account' | 'Contact';
	created_at: string;
	updated_at: string;
}

const firstNames = ['Ada', 'Bo', 'Cleo', 'Dev', 'Esme', 'Femi', 'Gus', 'Hana', 'Ines', 'Jun'];
const lastNames = ['Abara', 'Brandt', 'Castro', 'Diallo', 'Eriksen', 'Fujita', 'Garza', 'Haddad'];

/** How many contacts the bakery's account starts with: enough for several full pages. */
const seededContactCount = 1200;

function contactId(seed: string): string {
	const hex = createHash('sha256').update(seed).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function newContact(
	fields: {address: string; first_name?: string; last_name?: string; permission_to_send?: string},
	createSource: Contact['create_source'],
	at: string,
): Contact {
	return {
		contact_id: contactId(fields.address),
		email_address: {
			address: fields.address,
			permission_to_send: fields.permission_to_send ?? 'implicit',
			created_at: at,
			updated_at: at,
		},
		...(fields.first_name === undefined ? {} : {first_name: fields.first_name}),
		...(fields.last_name === undefined ? {} : {last_name: fields.last_name}),
		create_source: createSource,
		created_at: at,
		updated_at: at,
	};
}

export function seedContacts(count = seededContactCount): Contact[] {
	const at = '2026-01-05T16:20:00Z';
	return Array.from({length: count}, (_, index) => {
		const first = firstNames[index % firstNames.length]!;
		const last = lastNames[Math.floor(index / firstNames.length) % lastNames.length]!;
		return newContact(
			{
				address: `${first}.${last}.${index + 1}@example.com`.toLowerCase(),
				first_name: first,
				last_name: last,
			},
			'Account',
			at,
		);
	});
}

export function listContacts(contacts: Contact[], url: URL): unknown {
	const request = pageRequest(url, {defaultLimit: 50, maxLimit: 500, filters: ['email']});
	const email = request.filters.email?.toLowerCase();
	const matching =
		email === undefined ? contacts : contacts.filter((c) => c.email_address.address === email);
	const page = pageOf(matching, request, '/v3/contacts');
	return {contacts: page.items, ...pageLinks(page)};
}

export function findContact(contacts: Contact[], id: string): Contact {
	const contact = contacts.find((candidate) => candidate.contact_id === id);
	if (!contact) {
		throw new ApiRefusal(404, [
			{error_key: 'contacts.api.not.found', error_message: `Contact ${id} not found.`},
		]);
	}
	return contact;
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
	const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
	if (mediaType !== 'application/json') {
		request.resume();
		throw new ApiRefusal(415, [
			{
				error_key: 'unsupported_media_type',
				error_message: 'The request body must be application/json.',
			},
		]);
	}
	try {
		return JSON.parse(await readBody(request));
	} catch (error) {
		if (error instanceof SyntaxError) {
			throw new ApiRefusal(400, [
				{error_key: 'json.parse.error', error_message: 'The request body is not valid JSON.'},
			]);
		}
		throw error;
	}
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function optionalName(body: Record<string, unknown>, name: string, errors: ApiError[]): void {
	const value = body[name];
	if (value === undefined) return;
	if (typeof value !== 'string' || value.length > 50) {
		errors.push({
			error_key: validationKey,
			error_message: `#/${name}: expected a string of at most 50 characters.`,
		});
	}
}

/** POST /v3/contacts: every problem with the body is reported together. */
export async function createContact(
	contacts: Contact[],
	request: IncomingMessage,
	now: number,
): Promise<Contact> {
	const body = await readJsonBody(request);
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new ApiRefusal(400, [
			{error_key: validationKey, error_message: '#: expected a JSON object.'},
		]);
	}
	const fields = body as Record<string, unknown>;
	const errors: ApiError[] = [];
	const email = fields.email_address as Record<string, unknown> | undefined;
	const address = typeof email?.address === 'string' ? email.address.trim().toLowerCase() : '';
	if (typeof email !== 'object' || email === null) {
		errors.push({
			error_key: validationKey,
			error_message: '#: required key [email_address] not found.',
		});
	} else if (!emailPattern.test(address)) {
		errors.push({
			error_key: validationKey,
			error_message: '#/email_address/address: not a valid email address.',
		});
	}
	if (fields.create_source !== 'Account' && fields.create_source !== 'Contact') {
		errors.push({
			error_key: validationKey,
			error_message: '#/create_source: must be Account or Contact.',
		});
	}
	optionalName(fields, 'first_name', errors);
	optionalName(fields, 'last_name', errors);
	if (errors.length > 0) throw new ApiRefusal(400, errors);

	const existing = contacts.find((contact) => contact.email_address.address === address);
	if (existing) {
		throw new ApiRefusal(409, [
			{
				error_key: 'contacts.api.conflict',
				error_message: `Validation failed: Email already exists for contact ${existing.contact_id}`,
			},
		]);
	}
	const contact = newContact(
		{
			address,
			...(typeof fields.first_name === 'string' ? {first_name: fields.first_name} : {}),
			...(typeof fields.last_name === 'string' ? {last_name: fields.last_name} : {}),
			...(typeof email?.permission_to_send === 'string'
				? {permission_to_send: email.permission_to_send}
				: {}),
		},
		fields.create_source as Contact['create_source'],
		new Date(now).toISOString().replace(/\.\d+Z$/, 'Z'),
	);
	contacts.push(contact);
	return contact;
}
