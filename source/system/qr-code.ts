// A QR code a phone can scan straight off the terminal, for signing in on another device.
// Each text line carries two rows of modules in half blocks. Light modules are the ones drawn,
// so on the usual dark terminal the code shows dark on light, the way scanners expect it.
import {create, type QRCode} from 'qrcode';

// The standard's quiet zone: scanners need this much light border to find the code.
const quietZone = 4;

function qrModules(text: string): QRCode['modules'] | undefined {
	try {
		return create(text, {errorCorrectionLevel: 'L'}).modules;
	} catch {
		return undefined;
	}
}

function halfBlock(topLight: boolean, bottomLight: boolean): string {
	if (topLight) return bottomLight ? '█' : '▀';
	return bottomLight ? '▄' : ' ';
}

/**
 * The code as text lines, or undefined when it would be wider than maxWidth columns or the
 * text is more than a QR code holds (about 2.9 KB).
 */
export function renderQrCode(text: string, options: {maxWidth?: number} = {}): string | undefined {
	const modules = qrModules(text);
	if (!modules) return undefined;
	const width = modules.size + 2 * quietZone;
	if (options.maxWidth !== undefined && width > options.maxWidth) return undefined;
	// Rows and columns in the drawing; the quiet zone is light, and the half row below the
	// bottom border (when the height is odd) is left dark, outside the code.
	const isLight = (row: number, column: number): boolean => {
		if (row >= width) return false;
		const moduleRow = row - quietZone;
		const moduleColumn = column - quietZone;
		const inside =
			moduleRow >= 0 &&
			moduleRow < modules.size &&
			moduleColumn >= 0 &&
			moduleColumn < modules.size;
		return !inside || !modules.get(moduleRow, moduleColumn);
	};
	const lines: string[] = [];
	for (let row = 0; row < width; row += 2) {
		let line = '';
		for (let column = 0; column < width; column++) {
			line += halfBlock(isLight(row, column), isLight(row + 1, column));
		}
		lines.push(line);
	}
	return lines.join('\n');
}
