import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-background-networking'] });
const p = await b.newPage({ viewport: { width: +(process.argv[3] || 390), height: 844 } });
await p.goto(process.argv[2]); await p.waitForSelector('body[data-ready="1"]');
await p.locator('details.tools-drawer > summary').first().click(); await p.waitForTimeout(800);
const r = await p.evaluate(() => {
  const W = document.documentElement.clientWidth; const out = [];
  for (const el of document.querySelectorAll('body *')) { const rc = el.getBoundingClientRect(); if (rc.right > W + 1) out.push(el.tagName + '.' + el.className + ' ' + Math.round(rc.right)); }
  return [document.documentElement.scrollWidth - W, out.slice(0, 12)];
});
console.log(JSON.stringify(r, null, 1)); await b.close();
