/**
 * `npm run bench`: every benchmark, printing figures (never a timed test). Each part prints a
 * markdown table, its reference tool and the ratio.
 */
import { availableParallelism, cpus } from 'node:os';
import { runHuntBench } from './hunt.js';
import { runHuntPerfBench } from './hunt-perf.js';
import { runTriageBench } from './triage.js';
import { runEvtxBench } from './evtx.js';
import { runIocBench } from './ioc.js';
import { runReaderBench } from './readers.js';
import { runReportBench } from './report.js';
import { runSweepBench } from './sweep.js';
import { runHostileInputBench } from './hostile-input.js';
import { pacedSecondsFrom, runServeBench } from './serve.js';
import { runSyslogBench } from './syslog.js';
import { attackSamplesDir } from './shared-path.js';

const args = process.argv.slice(2);
// `serve --minutes N`: the serve bench's sustained run lasts N minutes (memory flatness).
const only = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--minutes');
const want = (name: string): boolean => only.length === 0 || only.includes(name);

console.log(`# cellwatch benchmarks — ${new Date().toISOString()}, node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'cpu'})`);
if (want('evtx')) await runEvtxBench(attackSamplesDir);
if (want('readers')) await runReaderBench();
if (want('hunt')) await runHuntBench();
if (want('hunt-perf')) await runHuntPerfBench();
if (want('triage')) await runTriageBench();
if (want('ioc')) await runIocBench();
if (want('report')) await runReportBench();
if (want('sweep')) await runSweepBench();
if (want('hostile')) await runHostileInputBench();
if (want('serve')) await runServeBench(undefined, pacedSecondsFrom(args));
if (want('syslog')) await runSyslogBench();
