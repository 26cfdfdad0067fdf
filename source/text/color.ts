// Whether output may carry colour: `--no-color`, else FORCE_COLOR, else NO_COLOR
// (https://no-color.org: present and not empty), else the terminal decides. FORCE_COLOR wins
// over NO_COLOR as it does for Node itself.

export type ColorChoice = 'never' | 'always' | 'auto';

export function colorChoice(argv: readonly string[], env: NodeJS.ProcessEnv): ColorChoice {
	if (argv.includes('--no-color')) return 'never';
	const force = env.FORCE_COLOR;
	if (force !== undefined) return force === '0' || force === 'false' ? 'never' : 'always';
	if (env.NO_COLOR) return 'never';
	return 'auto';
}

/**
 * Makes the choice binding for everything loaded afterwards, the guide's renderer included
 * (it reads FORCE_COLOR when it loads), and for programs cc-token starts.
 */
export function applyColorChoice(argv: readonly string[], env: NodeJS.ProcessEnv): ColorChoice {
	const choice = colorChoice(argv, env);
	if (choice === 'never') {
		env.FORCE_COLOR = '0';
		env.NO_COLOR = '1';
	}
	return choice;
}
