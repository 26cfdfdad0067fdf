// The field component on its own: ink-text-input inside, our additions around it.
import {render, Text, useInput} from 'ink';
import {useRef, useState} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {FieldInput, TextField} from '../../source/guide/components/text-field.js';
import {filterStdin} from '../../source/guide/input/filtered-stdin.js';
import {FakeStdout, FakeTerminalInput} from '../helpers/render-guide.js';

const turns = async (count: number) => {
	for (let turn = 0; turn < count; turn += 1) await new Promise((resolve) => setImmediate(resolve));
};

let cleanUp: (() => void) | undefined;
afterEach(() => {
	cleanUp?.();
	cleanUp = undefined;
});

/** Another key handler, drawn after the field. */
function Beside({seen, submitted}: {seen: string[]; submitted: {current: number}}) {
	useInput((_input, key) => {
		if (key.return) seen.push(`the other handler saw Enter after ${submitted.current} submits`);
	});
	return null;
}

/** A field, and a key handler that comes in later and so sees each key after the field's. */
function Harness({seen, showBeside}: {seen: string[]; showBeside: {current?: () => void}}) {
	const [value, setValue] = useState('');
	const [beside, setBeside] = useState(false);
	showBeside.current = () => setBeside(true);
	const submitted = useRef(0);
	return (
		<FieldInput.Provider
			value={{
				change: (_field, next) => setValue(next),
				submit: () => {
					submitted.current += 1;
					seen.push(`submitted ${value}`);
				},
			}}
		>
			<TextField name="apiKey" label="API key" value={value} focused />
			<Text>{value}</Text>
			{beside ? <Beside seen={seen} submitted={submitted} /> : null}
		</FieldInput.Provider>
	);
}

describe('the text field', () => {
	it('submits once every key handler has seen the Enter, so none of them takes it as its own', async () => {
		const terminal = new FakeTerminalInput();
		const stdin = filterStdin(terminal as unknown as NodeJS.ReadStream);
		const seen: string[] = [];
		const showBeside: {current?: () => void} = {};
		const instance = render(<Harness seen={seen} showBeside={showBeside} />, {
			stdout: new FakeStdout(80, 10) as unknown as NodeJS.WriteStream,
			stdin: stdin as unknown as NodeJS.ReadStream,
			debug: true,
			patchConsole: false,
		});
		cleanUp = () => {
			instance.unmount();
			stdin.close();
		};
		await turns(4);
		terminal.emit('data', 'key');
		await turns(12);
		showBeside.current?.();
		await turns(12);
		terminal.emit('data', '\r');
		await turns(12);
		expect(seen).toEqual(['the other handler saw Enter after 0 submits', 'submitted key']);
	});
});
