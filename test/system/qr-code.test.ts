import {create} from 'qrcode';
import {describe, expect, it} from 'vitest';
import {renderQrCode} from '../../source/system/qr-code.js';

const quietZone = 4;

/** Reads a rendering back into rows of light (true) and dark (false) cells, two per line. */
function decode(rendering: string): boolean[][] {
	const rows: boolean[][] = [];
	for (const line of rendering.split('\n')) {
		const top: boolean[] = [];
		const bottom: boolean[] = [];
		for (const character of line) {
			expect('█▀▄ ').toContain(character);
			top.push(character === '█' || character === '▀');
			bottom.push(character === '█' || character === '▄');
		}
		rows.push(top, bottom);
	}
	return rows;
}

const samples = {
	'a short code': 'WDJB-MJHT',
	'a device address': 'https://authz.constantcontact.com/activate?user_code=WDJB-MJHT',
	'a long authorize address': `https://authz.constantcontact.com/oauth2/default/v1/authorize?client_id=1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d&redirect_uri=http%3A%2F%2Flocalhost%3A47325%2Fcallback&response_type=code&scope=account_read+account_update+contact_data+campaign_data+offline_access&state=${'s'.repeat(43)}&code_challenge=${'c'.repeat(43)}&code_challenge_method=S256`,
};

describe('renderQrCode', () => {
	for (const [name, text] of Object.entries(samples)) {
		it(`draws every module of ${name}, light ones filled, inside a light quiet zone`, () => {
			const {modules} = create(text, {errorCorrectionLevel: 'L'});
			const rendering = renderQrCode(text);
			expect(rendering).toBeDefined();
			const rows = decode(rendering ?? '');
			const width = modules.size + 2 * quietZone;
			expect(rendering?.split('\n')).toHaveLength(Math.ceil(width / 2));
			for (const row of rows) expect(row).toHaveLength(width);
			for (let row = 0; row < width; row++) {
				for (let column = 0; column < width; column++) {
					const moduleRow = row - quietZone;
					const moduleColumn = column - quietZone;
					const inCode =
						moduleRow >= 0 &&
						moduleRow < modules.size &&
						moduleColumn >= 0 &&
						moduleColumn < modules.size;
					const light = inCode ? !modules.get(moduleRow, moduleColumn) : true;
					expect(rows[row]?.[column], `row ${row}, column ${column}`).toBe(light);
				}
			}
			// A QR code's side is odd, so the last line's lower half lies outside the drawing: dark.
			expect(rows[width]?.every((light) => !light)).toBe(true);
		});
	}

	it('fits exactly when maxWidth is its width, and gives up when one column short', () => {
		const text = samples['a device address'];
		const width = create(text, {errorCorrectionLevel: 'L'}).modules.size + 2 * quietZone;
		expect(renderQrCode(text, {maxWidth: width})?.split('\n')[0]).toHaveLength(width);
		expect(renderQrCode(text, {maxWidth: width - 1})).toBeUndefined();
	});

	it('needs a wider terminal for longer text', () => {
		const short = renderQrCode(samples['a short code'])?.split('\n')[0]?.length ?? 0;
		const long = renderQrCode(samples['a long authorize address'])?.split('\n')[0]?.length ?? 0;
		expect(short).toBe(21 + 2 * quietZone);
		expect(long).toBeGreaterThan(short);
		expect(renderQrCode(samples['a long authorize address'], {maxWidth: short})).toBeUndefined();
	});

	it('gives up on text more than a QR code holds', () => {
		expect(renderQrCode('x'.repeat(3000))).toBeUndefined();
	});
});
