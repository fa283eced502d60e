import fs from 'node:fs';
import { expect } from 'chai';
import { VERSION } from '../src/index.js';

describe('quantbook package', () => {
  it('VERSION equals the version in package.json', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    expect(VERSION).to.equal(pkg.version);
  });
});
