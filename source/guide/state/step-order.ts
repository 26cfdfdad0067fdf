// The guide's steps in the order they are shown, by name. Step numbers come from this order,
// never from the prose; the steps themselves (steps.ts) are written against it.
const order = [
	'intro',
	'portal',
	'create-app',
	'api-key',
	'secret',
	'redirect',
	'scopes',
	'sign-in',
	'credentials',
	'use-it',
] as const;

export type StepId = (typeof order)[number];

export const stepCount = order.length;

/** Where a step stands in the order (the first is 0). */
export function stepIndex(id: StepId): number {
	return order.indexOf(id);
}

/** The number a person sees for a step (the first is 1). */
export function stepNumber(id: StepId): number {
	return stepIndex(id) + 1;
}
