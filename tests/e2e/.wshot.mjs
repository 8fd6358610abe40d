import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const [,, url, out, w, h] = process.argv;
const p = await b.newPage({ viewport: { width: +w, height: +(h || 900) } });
const errs = [];
p.on('pageerror', (e) => errs.push(e.message));
await p.goto(url);
await p.waitForSelector('body[data-ready="1"]').catch(()=>{});
await p.waitForTimeout(1500);
const dims = await p.evaluate(() => {
  const r = (s) => { const e = document.querySelector(s); return e ? Math.round(e.getBoundingClientRect().height) : null; };
  return { body: Math.ceil(document.body.getBoundingClientRect().height), text: r('.w-text'), stage: r('.w-stage'), fig: r('figure.stage'), time: r('.time-controls'), goal: r('.w-goal'), insp: r('.inspector, .k-inspector, [class*=inspector]'), form: r('.w-form'), foot: r('.embed-footer') };
});
console.log(JSON.stringify(dims), JSON.stringify(errs));
await p.screenshot({ path: out, fullPage: true });
await b.close();
