#!/usr/bin/env node
// The built CLI; `npm ci` builds it (the `prepare` script).
import '../dist/cli/run.js';
