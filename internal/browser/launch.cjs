// Starts the headless Chromium that the Node scripts drive (print.cjs and
// the tests' scripts): playwright-core from the node_modules of root, the
// Chromium at chromium, kept off the network and without the sandbox it
// cannot have as root.
'use strict';

const path = require('node:path');
const { createRequire } = require('node:module');

const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];

// launch takes the scripts' input ({root, chromium, …}) and resolves to
// playwright's Browser.
function launch(cfg) {
  const req = createRequire(path.join(cfg.root, 'package.json'));
  const { chromium } = req('playwright-core');
  return chromium.launch({ executablePath: cfg.chromium, headless: true, args });
}

module.exports = { launch };
