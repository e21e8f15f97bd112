#!/usr/bin/env node
// npx resolves `selfeval` to this file through node_modules/.bin; the CLI itself lives in the project.
require('../../bin/selfeval.js');
