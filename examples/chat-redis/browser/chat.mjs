// Opens the chat page twice in headless Chromium, as two users in two
// browser contexts, sends a message from one and waits for it in the other.
// Prints one JSON line with what each page saw; exits 1 on any failure.
//
//   node chat.mjs URL [SCREENSHOT.png]
import { chromium } from 'playwright-core';

const [url, screenshot] = process.argv.slice(2);
if (!url) {
  console.error('usage: node chat.mjs URL [SCREENSHOT.png]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // Debian's Chromium as root, on a machine without outside network: no
  // sandbox, no GPU, and none of the background calls home.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const timeout = 30_000;

try {
  const open = async (name) => {
    const page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(timeout);
    page.on('console', (m) => console.error(`[${name}] console: ${m.text()}`));
    await page.goto(`${url}?name=${name}`);
    const status = page.locator('#status[data-state="open"]');
    await status.waitFor();
    return { page, instance: await status.getAttribute('data-instance') };
  };
  const alice = await open('alice');
  const bob = await open('bob');

  const text = `hello bob, from alice ${Date.now()}`;
  await alice.page.fill('#text', text);
  await alice.page.click('#send');
  // Bob's page shows it: it went through Redis, whichever instances they are on.
  const seen = bob.page.locator('#messages li[data-type="message"]', { hasText: `alice: ${text}` });
  await seen.waitFor();
  const reply = `hi alice ${Date.now()}`;
  await bob.page.fill('#text', reply);
  await bob.page.press('#text', 'Enter');
  await alice.page.locator('#messages li', { hasText: `bob: ${reply}` }).waitFor();

  if (screenshot) await bob.page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({
    alice_instance: alice.instance,
    bob_instance: bob.instance,
    bob_saw: await seen.textContent(),
  }));
} catch (err) {
  console.error(String(err));
  process.exitCode = 1;
} finally {
  await browser.close();
}
