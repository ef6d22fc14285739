import { test } from 'node:test';
import assert from 'node:assert/strict';
import { visibleLine, visibleText } from '../../src/text/visible-controls.js';

test('escape sequences, C1 controls, DEL and bidi overrides are shown, not sent', () => {
  assert.equal(visibleLine('WEB01\x1b[2K\x1b[1Aclean'), 'WEB01\\x1b[2K\\x1b[1Aclean');
  assert.equal(visibleLine('a\u009b31mb\x7f'), 'a\\x9b31mb\\x7f');
  assert.equal(visibleLine('invoice\u202etxt.exe'), 'invoice\\u202etxt.exe');
  assert.equal(visibleLine('bell\x07 back\x08'), 'bell\\x07 back\\x08');
});

test('visibleLine shows line breaks; visibleText keeps line feeds but not carriage returns', () => {
  assert.equal(visibleLine('one\r\ntwo\tthree'), 'one\\x0d\\x0atwo\\x09three');
  assert.equal(visibleText('one\ntwo\r overwritten'), 'one\ntwo\\x0d overwritten');
});

test('ordinary text, Windows paths and non-Latin names are left alone', () => {
  for (const s of ['C:\\Windows\\System32\\inetsrv\\w3wp.exe', 'Zugriff verweigert – 東京', 'user@corp.example']) {
    assert.equal(visibleLine(s), s);
  }
});
