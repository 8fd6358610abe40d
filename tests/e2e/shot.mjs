// A screenshot of the stage (or the whole page) for a person to look at, outside the test run:
//   node tests/e2e/shot.mjs URL OUT.png WIDTH [HEIGHT] [BUTTON-REGEX] [WAIT-MS]
// SCHEME=dark for the dark theme, FULL=1 for the whole page instead of the stage.
// Prints the page's errors as JSON (an empty list when there were none).
import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const [,, url, out, w, h, action, wait] = process.argv;
const p = await b.newPage({ viewport: { width: +w, height: +(h || 900) }, colorScheme: process.env.SCHEME === 'dark' ? 'dark' : 'light' });
const errs = [];
p.on('pageerror', (e) => errs.push(e.message));
p.on('console', (m) => { if (m.type() === 'error') errs.push(m.text()); });
await p.goto(url);
await p.waitForSelector('body[data-ready="1"]');
await p.waitForTimeout(800);
if (action) { await p.getByRole('button', { name: new RegExp(action) }).first().click(); await p.waitForTimeout(+(wait || 700)); }
const stage = p.locator('.stage').first();
if (!process.env.FULL && (await stage.count())) await stage.screenshot({ path: out }); else await p.screenshot({ path: out, fullPage: true });
console.log(JSON.stringify(errs));
await b.close();
