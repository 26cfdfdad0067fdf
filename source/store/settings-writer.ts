// conf writes the settings file: one Conf instance per file, cc-token's checks around it.
// - Before: the folder is ours and 0700 (prepareFolder, under the lock), and the file, if any,
//   is ours, a regular file and not a link (checkBeforeWrite), because conf's writer follows a
//   link and gives the new file the old one's owner. In a folder only we can write to, no one
//   else can plant anything at the name of its temp file either.
// - conf reads the file too (when it starts, and before each write): through the one parser of
//   the format, so a byte order mark is read past. It never decides what a damaged file holds:
//   what it is handed has passed cc-token's own read and check (a corrupt file is moved aside
//   there, bytes intact), and conf's clearInvalidConfig stays off.
// - After: the folder is flushed, so the rename survives a power cut (conf flushes the file only).
// conf is loaded here, at the first write, never on the read path (`cc-token token`).
import {parse} from 'node:path';
import type Conf from 'conf';
import type {Options} from 'conf';
import {platformOf, type StoreLocation} from './location.js';
import {parseSettings, type StoreDocument, settingsText, storeFormatVersion} from './profile.js';
import {checkBeforeWrite, fileInUseWaitMs, retry, syncFolder} from './settings-file.js';

/**
 * conf's migrations, one per format after the first, keyed by the format as a version ('2.0.0'
 * for format 2); each ends by setting `version` to its format. Format 1 is the only one so far,
 * so there are none yet. conf keeps its progress under `__internal__` in the file; here it
 * reads it from the format's own `version` (deserialize) and never writes it (serialize): one
 * version, the one the lock-free reader checks. Migrations run when conf starts on a file, under
 * the lock; the reader never loads conf, so a format 2 reader must read format 1 as well.
 */
const migrations: NonNullable<Options<StoreDocument>['migrations']> = {};

function deserialize(text: string): StoreDocument {
	const document = parseSettings(text) as StoreDocument;
	if (typeof document?.version === 'number') {
		document.__internal__ = {migrations: {version: `${document.version}.0.0`}};
	}
	return document;
}

function serialize({__internal__: _progress, ...document}: StoreDocument): string {
	return settingsText(document);
}

const confs = new Map<string, Conf<StoreDocument>>();

function confOf(
	Writer: typeof Conf,
	location: StoreLocation,
	fileExists: boolean,
): Conf<StoreDocument> {
	let conf = confs.get(location.file);
	if (!conf) {
		const {name, ext} = parse(location.file);
		conf = new Writer<StoreDocument>({
			// conf's own folder for this project name is cc-token's default one (platform.ts).
			projectName: 'cc-token',
			cwd: location.dir,
			configName: name,
			fileExtension: ext.slice(1),
			configFileMode: 0o600,
			serialize,
			deserialize,
			// Migrations bring a file there is up to the current format. A new file is written in it
			// at once: started on no file, conf would first write its bare bookkeeping, which a
			// reader at that moment would take for a corrupt file.
			...(fileExists && {projectVersion: `${storeFormatVersion}.0.0`, migrations}),
		});
		confs.set(location.file, conf);
	}
	return conf;
}

/**
 * Under SNAP, conf skips its atomic writer and writes the file in place, so a reader could
 * catch it half-written (and move it aside as corrupt): cc-token lost sign-ins so once. conf
 * did that because the writer it used then chowned every temp file, which a strictly confined
 * snap refuses (conf pull request 82). Its writer today (atomically) changes the owner only when
 * the old file's differs, which cc-token refuses anyway (checkBeforeWrite), and lets EPERM there
 * pass unless run as root. So conf does not see SNAP while it runs: each call into it is
 * synchronous, so nothing else in the process can look at the environment meanwhile. (conf also
 * writes in place when the rename fails with EXDEV, which a rename within one folder does not.)
 */
function withoutSnap<T>(run: () => T): T {
	const snap = process.env.SNAP;
	if (snap === undefined) return run();
	delete process.env.SNAP;
	try {
		return run();
	} finally {
		process.env.SNAP = snap;
	}
}

/**
 * Replaces the settings file with `document`, through conf: temp file, fsync, rename, then the
 * folder flushed here. Call under the store's lock, after prepareFolder and a checked read.
 * Raw file errors come out as they are, for the caller to word.
 */
export async function writeSettings(
	location: StoreLocation,
	document: StoreDocument,
): Promise<void> {
	const {default: Writer} = await import('conf');
	const fileExists = checkBeforeWrite(location);
	// conf's writer (atomically) waits out EPERM, EBUSY and EACCES itself, but for 1 s per step,
	// spinning (conf gives it no longer): a scan can hold the file longer than that, and a
	// refresh token Constant Contact has just rotated exists nowhere else. So the whole write is
	// tried again, waiting in between, for as long as a save waits anywhere in cc-token.
	await retry(platformOf(location), fileInUseWaitMs.write, () =>
		withoutSnap(() => {
			// A copy: conf adds its bookkeeping to what it is given.
			confOf(Writer, location, fileExists).store = {...document};
		}),
	);
	try {
		syncFolder(location);
	} catch {
		// The file is in place; only its durability across a power cut is less certain.
	}
}
