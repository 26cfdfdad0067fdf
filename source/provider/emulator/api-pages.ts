// Cursor paging as the V3 API does it: `limit` sets the page size, and every page but the last
// carries `_links.next.href`, a path beginning with /v3/ whose only parameter is an opaque
// `cursor` that remembers the page size and any filter.

import {queryParamKey} from './api-errors.js';
import {Refusal} from './http.js';

export interface PageRequest {
	offset: number;
	limit: number;
	/** Filters the cursor carries to the next page. */
	filters: Record<string, string>;
}

export interface Page<T> {
	items: T[];
	/** The path of the next page, or undefined on the last one. */
	next: string | undefined;
}

function badRequest(message: string): Refusal {
	return new Refusal(400, queryParamKey, message);
}

function encodeCursor(page: PageRequest): string {
	return Buffer.from(JSON.stringify([page.offset, page.limit, page.filters])).toString('base64url');
}

function decodeCursor(cursor: string): PageRequest {
	try {
		const [offset, limit, filters] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
		if (
			Number.isInteger(offset) &&
			offset >= 0 &&
			Number.isInteger(limit) &&
			typeof filters === 'object' &&
			filters !== null
		) {
			return {offset, limit, filters};
		}
	} catch {
		// Falls through to the refusal.
	}
	throw badRequest('The cursor is not valid.');
}

/**
 * The page a request asks for. A cursor stands for the whole query; without one, `limit`
 * (1 to maxLimit, default defaultLimit) and the named filters come from the query string.
 */
export function pageRequest(
	url: URL,
	options: {defaultLimit: number; maxLimit: number; filters: string[]},
): PageRequest {
	const cursor = url.searchParams.get('cursor');
	if (cursor !== null) return decodeCursor(cursor);
	const rawLimit = url.searchParams.get('limit');
	let limit = options.defaultLimit;
	if (rawLimit !== null) {
		limit = Number(rawLimit);
		if (!/^\d+$/.test(rawLimit) || limit < 1 || limit > options.maxLimit) {
			throw badRequest(`limit must be a whole number from 1 to ${options.maxLimit}.`);
		}
	}
	const filters: Record<string, string> = {};
	for (const name of options.filters) {
		const value = url.searchParams.get(name);
		if (value !== null) filters[name] = value;
	}
	return {offset: 0, limit, filters};
}

export function pageOf<T>(all: readonly T[], request: PageRequest, path: string): Page<T> {
	const items = all.slice(request.offset, request.offset + request.limit);
	const nextOffset = request.offset + request.limit;
	const next =
		nextOffset < all.length
			? `${path}?cursor=${encodeCursor({...request, offset: nextOffset})}`
			: undefined;
	return {items, next};
}

/** The list answer's links: only a next link, and none at all on the last page. */
export function pageLinks(page: Page<unknown>): {_links?: {next: {href: string}}} {
	return page.next === undefined ? {} : {_links: {next: {href: page.next}}};
}
