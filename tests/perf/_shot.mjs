import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking','--disable-component-update','--disable-sync','--no-first-run'] });
const [,, url, out, w, h, action] = process.argv;
const p = await b.newPage({ viewport: { width: +w, height: +(h||900) } });
const errs = [];
p.on('pageerror', e => errs.push(e.message)); p.on('console', m => { if (m.type()==='error') errs.push(m.text()); });
await p.goto(url); await p.waitForSelector('body[data-ready="1"]');
await p.waitForTimeout(800);
if (action) { await p.getByRole('button', { name: new RegExp(action) }).first().click(); await p.waitForTimeout(+(process.argv[8]||700)); }
const stage = p.locator('.stage').first();
if (await stage.count()) await stage.screenshot({ path: out }); else await p.screenshot({ path: out });
console.log(JSON.stringify(errs));
await b.close();
