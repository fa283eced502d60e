/**
 * The feature contract helper catches what it promises to: each broken feature below violates one
 * clause and `runFeatureContract` must throw naming it; a correct one passes.
 */
import { expect } from 'chai';
import { checkPeriod, rollingMean } from '../../src/features/rolling.js';
import type { FeatureDefinition } from '../../src/features/types.js';
import { runFeatureContract } from './feature-contract.js';

interface P {
  period: number;
}

const sma: FeatureDefinition<P> = {
  name: 'test_sma',
  description: 'SMA of close',
  defaults: { period: 5 },
  validate: (p) => void checkPeriod('test_sma', 'period', p.period),
  outputs: (p) => [`sma_${p.period}`],
  lookback: (p) => p.period - 1,
  compute: (s, p) => [rollingMean(s.close, p.period)],
};

describe('checkFeatureContract / runFeatureContract', function () {
  it('passes a correct feature (rolling mean)', function () {
    runFeatureContract(sma, { period: 5 });
  });

  it('fails a feature that reads the next row (non-causal)', function () {
    const peek: FeatureDefinition<P> = {
      ...sma,
      compute: (s, p) => {
        const m = rollingMean(s.close, p.period);
        for (let t = p.period - 1; t + 1 < m.length; t++) m[t] += 1e-3 * s.close[t + 1];
        return [m];
      },
    };
    let error: unknown;
    try {
      runFeatureContract(peek, { period: 5 });
    } catch (e) {
      error = e;
    }
    expect(error, 'a fast-check failure').to.be.instanceOf(Error);
    expect(String((error as Error).cause)).to.match(/changed from .* when rows after/);
  });

  it('fails a feature whose declared lookback is off by one', function () {
    expect(() => runFeatureContract({ ...sma, lookback: (p) => p.period }, { period: 5 })).to.throw(
      /first non-NaN index/,
    );
  });

  it('fails a feature that returns a shorter array', function () {
    const short: FeatureDefinition<P> = {
      ...sma,
      compute: (s, p) => [rollingMean(s.close, p.period).slice(1)],
    };
    expect(() => runFeatureContract(short, { period: 5 })).to.throw(/length/);
  });

  it('fails a feature that mutates its input', function () {
    const mutate: FeatureDefinition<P> = {
      ...sma,
      compute: (s, p) => {
        if (s.close.length > 0) s.close[0] = 1;
        return [rollingMean(s.close, p.period)];
      },
    };
    expect(() => runFeatureContract(mutate, { period: 5 })).to.throw(/must not mutate close/);
  });

  it('fails a feature whose validate accepts a bad period or does not echo it', function () {
    expect(() => runFeatureContract({ ...sma, validate: () => undefined }, { period: 5 })).to.throw(
      /validate/,
    );
    const mute: FeatureDefinition<P> = {
      ...sma,
      validate: (p) => {
        if (!Number.isInteger(p.period) || p.period < 1) throw new RangeError('bad period');
      },
    };
    expect(() => runFeatureContract(mute, { period: 5 })).to.throw(/echoes/);
  });

  it('fails a feature that stays NaN forever after a NaN input', function () {
    const sticky: FeatureDefinition<P> = {
      ...sma,
      compute: (s, p) => {
        const m = rollingMean(s.close, p.period);
        let seen = false;
        for (let t = 0; t < m.length; t++) {
          if (Number.isNaN(s.close[t])) seen = true;
          if (seen) m[t] = NaN;
        }
        return [m];
      },
    };
    expect(() => runFeatureContract(sticky, { period: 5 })).to.throw(/finite again/);
  });
});
