import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTool } from './tools.js';

describe('findTool', () => {
  it('finds an executable on PATH and answers null for a missing or non-executable one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'truss-tool-'));
    writeFileSync(join(dir, 'runme'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(dir, 'readme'), 'text', { mode: 0o644 });
    expect(findTool('runme', `/nonexistent:${dir}`)).toBe(join(dir, 'runme'));
    expect(findTool('readme', dir)).toBeNull();
    expect(findTool('nothing-called-this', dir)).toBeNull();
  });
});
