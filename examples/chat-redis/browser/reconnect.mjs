// Opens the chat page in headless Chromium, waits for the connection to be
// cut (the function's timeout: close code 1006) and for the page to
// reconnect, and reports the instance before and after, the close code the
// page saw, and the cookies the browser kept. Prints one JSON line; exits 1
// on any failure.
//
//   node reconnect.mjs URL [HOST_RESOLVER_RULES]
//
// Certificates are verified: a page served with a certificate Chromium
// does not trust fails to load. To trust a local CA, the caller adds it to
// the NSS database in $HOME/.pki/nssdb (certutil), as a user would.
import { chromium } from 'playwright-core';

const [url, rules] = process.argv.slice(2);
if (!url) {
  console.error('usage: node reconnect.mjs URL [HOST_RESOLVER_RULES]');
  process.exit(2);
}

const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
if (rules) args.push(`--host-resolver-rules=${rules}`);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args,
});
const timeout = 60_000;

try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  page.on('console', (m) => console.error(`console: ${m.text()}`));
  await page.goto(`${url}?name=alice`);
  const status = page.locator('#status');
  const open = page.locator('#status[data-state="open"]');
  await open.waitFor();
  const before = await open.getAttribute('data-instance');
  await page.locator('#status[data-state="closed"]').waitFor();
  const cut = await status.textContent();
  await open.waitFor();
  const after = await open.getAttribute('data-instance');
  const cookies = (await context.cookies()).map((c) => ({ name: c.name, http_only: c.httpOnly, secure: c.secure }));
  console.log(JSON.stringify({ before, after, cut, cookies }));
} catch (err) {
  console.error(String(err));
  process.exitCode = 1;
} finally {
  await browser.close();
}
