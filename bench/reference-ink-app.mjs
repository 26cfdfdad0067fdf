// The reference for the guide's start-up: the smallest Ink app that draws one line, run the
// way most Ink apps run, unbundled, from node_modules.
import {render, Text} from 'ink';
import {createElement} from 'react';

render(createElement(Text, null, 'Reference: one line of text'));
