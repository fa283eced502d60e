/** Model names, semantic versions and `name@ref` references. */
import { expect } from 'chai';
import { ParameterError } from '../../src/util/errors.js';
import {
  checkModelName,
  compareVersions,
  nextPatch,
  parseModelRef,
  parseVersion,
} from '../../src/registry/names.js';

describe('registry/names', () => {
  it('checkModelName accepts letters, digits, . _ - and refuses everything that could leave the root', () => {
    for (const ok of ['dir5', 'direction-5d', 'GBDT_v2', 'a.b', '0', 'x'.repeat(100)])
      expect(checkModelName(ok)).to.equal(ok);
    for (const bad of [
      '..',
      '.',
      '../a',
      'a/..',
      'a/b',
      'a\\b',
      'C:x',
      'a\0b',
      ' a',
      '-a',
      '.a',
      'a..b',
      'x'.repeat(101),
      'champion.json',
    ])
      expect(() => checkModelName(bad), JSON.stringify(bad)).to.throw(ParameterError, /is not allowed/);
    expect(() => checkModelName(5)).to.throw(ParameterError, /must be a string, got number/);
  });

  it('versions are MAJOR.MINOR.PATCH, ordered numerically, bumped by patch', () => {
    expect(parseVersion('1.10.0')).to.deep.equal([1, 10, 0]);
    for (const bad of ['1.0', '01.0.0', '1.0.0-rc1', 'v1.0.0', '1.0.0 ', ''])
      expect(() => parseVersion(bad), bad).to.throw(ParameterError, /MAJOR\.MINOR\.PATCH/);
    expect(['1.0.10', '1.0.9', '0.9.99', '1.10.0', '1.2.0'].sort(compareVersions)).to.deep.equal([
      '0.9.99',
      '1.0.9',
      '1.0.10',
      '1.2.0',
      '1.10.0',
    ]);
    expect(nextPatch([])).to.equal('1.0.0');
    expect(nextPatch(['1.0.0', '1.0.9', '1.0.10'])).to.equal('1.0.11');
    expect(nextPatch(['2.0.0', '1.9.9'])).to.equal('2.0.1');
  });

  it('parseModelRef reads name, name@version, name@champion, name@latest; a bare name means the champion', () => {
    expect(parseModelRef('dir5')).to.deep.equal({ name: 'dir5', ref: 'champion', explicit: false });
    expect(parseModelRef('dir5@1.0.2')).to.deep.equal({ name: 'dir5', ref: '1.0.2', explicit: true });
    expect(parseModelRef('dir5@champion').ref).to.equal('champion');
    expect(parseModelRef('dir5@latest').ref).to.equal('latest');
    expect(() => parseModelRef('dir5@best')).to.throw(ParameterError, /got "best"/);
    expect(() => parseModelRef('../x@1.0.0')).to.throw(ParameterError, /not allowed/);
  });
});
