/**
 * `poolcheck sizes --html/--svg`: the plan drawn. The drawing names every stage's size and, at
 * each skip connection, the same fix the text plan gives (or that none exists), coloured by it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.js';
import { planSvg, stageFix } from '../src/html/sizes.js';
import { parseStep, planSizes, type DownStep, type UpStep } from '../src/sizes/plan.js';

const dir = mkdtempSync(path.join(tmpdir(), 'poolcheck-sizes-html-'));

function plan(input: number[], down: string[], up: string[] = []) {
  return planSizes(input, down.map((s) => parseStep(s) as DownStep), up.map((s) => parseStep(s) as UpStep));
}

describe('the drawn size plan', () => {
  it('draws 65 → 32 → 64 with the outputSize that restores 65', () => {
    const p = plan([65], ['pool:k2,s2']);
    expect(stageFix(p.up[0]!)).toEqual({ verdict: 'restorable', label: '✓ pass outputSize [65]' });
    const svg = planSvg(p);
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('>input 65<');
    expect(svg).toContain('>32<');
    expect(svg).toContain('>64, want 65<');
    expect(svg).toContain('class="fix fix-restorable"');
    expect(svg).toContain('✓ pass outputSize [65]');
  });

  it('marks an exact way up, an output_padding fix and a crop differently', () => {
    const p = plan([65], ['conv:k3,s2,p1', 'pool:k2,s2'], ['convT:k4,s2,p1', 'convT:k4,s2,p1']);
    const fixes = p.up.map(stageFix);
    expect(fixes).toEqual([
      { verdict: 'restorable', label: '✓ pass output_padding [1]' },
      { verdict: 'broken', label: '✗ crop 1' },
    ]);
    const svg = planSvg(p);
    expect(svg).toContain('class="fix fix-broken"');
    expect(svg).toContain('✗ crop 1');
    expect(stageFix(plan([64], ['pool:k2,s2']).up[0]!)).toEqual({ verdict: 'exact', label: '✓ exact' });
  });

  it('draws a way down PyTorch refuses in red with the reason, and no way up', () => {
    const svg = planSvg(plan([65], ['pool:k2,s2,p2']));
    expect(svg).toContain('✗ padding 2 is more than half the kernel 2');
    expect(svg).not.toContain('class="fix');
  });

  it('is written by the CLI as a self-contained page and as SVG, with the text plan unchanged', async () => {
    const htmlFile = path.join(dir, 'plan.html');
    const svgFile = path.join(dir, 'plan.svg');
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => { lines.push(String(line)); });
    try {
      expect(await main(['sizes', '65', 'pool:k2,s2', '--html', htmlFile, '--svg', svgFile])).toBe(0);
    } finally {
      log.mockRestore();
      process.exitCode = undefined;
    }
    expect(lines.join('\n')).toContain('max pool k2 s2           65 → 32');
    const page = readFileSync(htmlFile, 'utf8');
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<svg');
    expect(page).toContain('poolcheck sizes 65 pool:k2,s2');
    // Self-contained: nothing is fetched from anywhere.
    expect(page).not.toMatch(/<script|<link|src=|url\(http|@import/i);
    expect(readFileSync(svgFile, 'utf8')).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg /);
  });
});
