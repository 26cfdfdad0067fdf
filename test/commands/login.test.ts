// `cc-token login` run in-process with its own environment, streams and store: which API key
// it signs in with, by the same rules as the guide. Unknown keys make the preflight stop at
// once and name the key it used, so no browser or person is needed.
import {PassThrough} from 'node:stream';
import {afterEach, beforeEach, describe, expect, test} from 'vitest';
import {run} from '../../source/commands/login.js';
import {fileStore} from '../../source/store/index.js';
import {saveProfile} from '../../source/store/write-store.js';
import {setUpEmulatorServer} from '../helpers/emulator.js';
import {failure} from '../helpers/failure.js';
import {makeTempStore, type TempStore} from '../helpers/temp-store.js';

const storedKey = '0a0a0a0a-1111-4222-8333-444444444444';
const envKey = '0b0b0b0b-1111-4222-8333-444444444444';
const flagKey = '0c0c0c0c-1111-4222-8333-444444444444';

const emulator = setUpEmulatorServer();
let store: TempStore;

beforeEach(async () => {
	store = makeTempStore();
	await saveProfile(store.location, 'default', {apiKey: storedKey});
});
afterEach(() => store.remove());

function io(env: Record<string, string>) {
	let stderr = '';
	return {
		io: {
			env: {...emulator.env, ...env},
			stdin: new PassThrough(),
			stdout: {write: () => true},
			stderr: {
				write: (text: string) => {
					stderr += text;
					return true;
				},
			},
			location: store.location,
			store: fileStore(store.location),
		},
		stderr: () => stderr,
	};
}

describe('login resolves its API key in-process', () => {
	test.each([
		['an empty CC_CLIENT_ID: the stored key', [], {CC_CLIENT_ID: ''}, storedKey],
		['no variable: the stored key', [], {}, storedKey],
		['CC_CLIENT_ID over the stored key', [], {CC_CLIENT_ID: envKey}, envKey],
		['--client-id over both', ['--client-id', flagKey], {CC_CLIENT_ID: envKey}, flagKey],
	])('%s', async (_, args, env, used) => {
		const error = await failure(run(['--no-browser', ...args], io(env).io));
		expect(error.code).toBe('unknown_api_key');
		expect(error.message).toContain(used);
	});

	test('nothing anywhere: exit 2, "No API key given"', async () => {
		store.remove();
		store = makeTempStore();
		const error = await failure(run([], io({CC_CLIENT_ID: ''}).io));
		expect(error.code).toBe('usage');
		expect(error.exitCode).toBe(2);
	});
});
