// Loaded by mocha (see .mocharc.json) before any test file: all dates in tests are UTC days.
process.env.TZ = 'UTC';
