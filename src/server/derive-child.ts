// Runs as a child process of the server (see derive-in-child.ts): builds a runtime once, which
// derives and stores every cached value, and closes it. Failures are the server's own start to report.
import { loadConfig } from '../config.ts';
import { silentLogger } from '../core/logging/logger.ts';
import { CoachRuntime } from '../runtime.ts';

try {
  CoachRuntime.create(loadConfig(process.env), silentLogger).close();
} catch {
  // The server's own start meets the same problem and says what it is.
}
