/**
 * The PE reader on tiny PEs built by scripts/tiny-pe (version strings, imphash, DLL flag) and under
 * seeded mutation (bounded): damaged files give a reason, never an exception or a hang.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { buildTinyPe } from '../../scripts/tiny-pe.js';
import { seededRandom } from '../../scripts/seeded-random.js';
import { readPeInfo } from '../../src/sweep/pe/pe-info.js';
import { renamedTool, loadPublicTools } from '../../src/sweep/public-tools.js';

const version = { CompanyName: 'Sysinternals - www.sysinternals.com', InternalName: 'PsExec', OriginalFilename: 'psexec.c', ProductName: 'Sysinternals PsExec' };
const imports = [{ dll: 'ADVAPI32.dll', functions: ['OpenSCManagerW', 'CreateServiceW'] }, { dll: 'ws2_32.DLL', functions: ['connect'] }];

test('version strings and imphash of a PE', () => {
  const info = readPeInfo(buildTinyPe({ version, imports }))!;
  assert.equal(info.problem, '');
  assert.deepEqual(info.version, version);
  const expected = createHash('md5').update('advapi32.openscmanagerw,advapi32.createservicew,ws2_32.connect').digest('hex');
  assert.equal(info.imphash, expected);
  assert.equal(info.isDll, false);
});

test('not a PE: undefined; truncated PE: a reason, not an exception', () => {
  assert.equal(readPeInfo(Buffer.from('MZ just text, no PE header here, padded out to sixty-four bytes or so....')), undefined);
  const pe = buildTinyPe({ version, imports });
  const cut = readPeInfo(pe.subarray(0, 0x1f0))!;
  assert.match(cut.problem, /section table|past the end|not in any section/);
});

test('renamed tools: PsExec as svchost.exe is a finding, psexec.exe and PsExec64.exe are not', () => {
  const tools = loadPublicTools();
  const info = readPeInfo(buildTinyPe({ version, imports }))!;
  assert.equal(renamedTool(tools, info, 'svchost.exe')?.tool.tool, 'PsExec');
  assert.equal(renamedTool(tools, info, 'svchost.exe')?.field, 'OriginalFilename');
  assert.equal(renamedTool(tools, info, 'PsExec.exe'), undefined);
  assert.equal(renamedTool(tools, info, 'PsExec64.exe'), undefined);
  const vpn = readPeInfo(buildTinyPe({ version: { ProductName: 'SoftEther VPN', OriginalFilename: 'vpnbridge.exe' } }))!;
  assert.equal(renamedTool(tools, vpn, 'taskhost.exe')?.tool.tool, 'SoftEther VPN');
  assert.equal(renamedTool(tools, vpn, 'vpnbridge.exe'), undefined);
  const plain = readPeInfo(buildTinyPe({ version: { ProductName: 'Notepad++', OriginalFilename: 'notepad++.exe' } }))!;
  assert.equal(renamedTool(tools, plain, 'np.exe'), undefined);
});

test('renamed tools by imphash when the version resource is stripped', () => {
  const info = readPeInfo(buildTinyPe({ version: {}, imports }))!;
  const tools = [{ tool: 'Test tool', names: ['testtool'], products: [], imphashes: [info.imphash], attack: [], level: 'high' as const }];
  assert.deepEqual(renamedTool(tools, info, 'update.exe')?.field, 'imphash');
  assert.equal(renamedTool(tools, info, 'testtool.exe'), undefined);
});

test('fuzz: 3000 seeded mutations of a PE never throw', () => {
  const base = buildTinyPe({ version, imports });
  const rand = seededRandom(7);
  let damaged = 0;
  for (let i = 0; i < 3000; i++) {
    const m = Buffer.from(base);
    const flips = 1 + Math.floor(rand() * 8);
    for (let k = 0; k < flips; k++) {
      // Headers and tables are where a reader can go wrong: aim most flips there.
      const at = rand() < 0.7 ? Math.floor(rand() * 0x200) : Math.floor(rand() * m.length);
      m[at] = rand() < 0.5 ? Math.floor(rand() * 256) : 0xff;
    }
    const cut = rand() < 0.2 ? m.subarray(0, Math.floor(rand() * m.length)) : m;
    const info = readPeInfo(cut);
    if (info?.problem) damaged++;
  }
  assert.ok(damaged > 0, 'some mutations must be reported as damage');
});
