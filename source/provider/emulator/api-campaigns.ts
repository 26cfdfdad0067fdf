// Email campaigns (GET /v3/emails): the resource that needs campaign_data, cursor-paged.
import {pageLinks, pageOf, pageRequest} from './api-pages.js';

const campaigns = [
	['Spring menu', 'DONE'],
	['Mother’s Day pre-orders', 'DONE'],
	['Summer hours', 'SCHEDULED'],
	['Sourdough class', 'DRAFT'],
].map(([name, status], index) => ({
	campaign_id: `c0ffee00-0000-4000-8000-00000000000${index + 1}`,
	name,
	current_status: status,
	type: 'NEWSLETTER',
	created_at: `2026-0${index + 3}-01T09:00:00Z`,
	updated_at: `2026-0${index + 3}-02T09:00:00Z`,
}));

export function listCampaigns(url: URL): unknown {
	const request = pageRequest(url, {defaultLimit: 50, maxLimit: 500, filters: []});
	const page = pageOf(campaigns, request, '/v3/emails');
	return {campaigns: page.items, ...pageLinks(page)};
}
