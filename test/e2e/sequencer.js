/**
 * Jest's own order (failed first, then slowest first), except that the log scan of the browser
 * tests runs after every other spec: it reads the logs they made.
 */
const Sequencer = require('@jest/test-sequencer').default;

const LAST = /[\\/]log-scan\.e2e-spec\.ts$/;

class LogScanLastSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [...sorted.filter((test) => !LAST.test(test.path)), ...sorted.filter((test) => LAST.test(test.path))];
  }
}

module.exports = LogScanLastSequencer;
