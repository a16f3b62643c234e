// Opens the single-file Allure report in headless Chromium (Debian's, no browser download), goes to
// one test's page, opens its figure's boxplot (the "Tear down" fixture that FigureReport writes),
// checks that the image loaded and that the given parameters are listed, and saves a screenshot.
// Exit code 0 when all of it is shown, 1 with the reason otherwise.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    report: { type: 'string', default: 'allure-report/index.html' },
    suite: { type: 'string' },
    test: { type: 'string' },
    parameter: { type: 'string', multiple: true, default: [] },
    screenshot: { type: 'string', default: 'docs/allure-report.png' },
    chromium: { type: 'string', default: process.env.CHROMIUM ?? '/usr/bin/chromium' },
  },
});
for (const required of ['suite', 'test']) {
  if (!options[required]) {
    console.error(`--${required} is required (the suite and the test whose page to open)`);
    process.exit(2);
  }
}
const report = resolve(options.report);
if (!existsSync(report)) {
  console.error(`no report at ${report}: build it with mvn -N -Pallure-report`);
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: options.chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1600, height: 1300 } });
  const outside = [];
  page.on('request', request => {
    if (!/^(file|data|blob):/.test(request.url())) outside.push(request.url());
  });
  await page.goto(`file://${report}#suites`);
  await page.getByText(options.suite, { exact: true }).click();
  await page.getByText(options.test, { exact: true }).first().click();
  const result = page.locator('.test-result');
  await result.waitFor();
  await page.getByText('Tear down', { exact: true }).click();
  await page.locator('.step__title', { hasText: 'boxplot of' }).first().click();
  await page.locator('.attachment-row__name', { hasText: 'boxplot:' }).first().click();
  await page.waitForFunction(() => {
    const image = document.querySelector('.attachment-row__content img');
    return image && image.complete && image.naturalWidth > 0;
  }, null, { timeout: 15000 });
  const [width, height] = await page.locator('.attachment-row__content img').first()
    .evaluate(image => [image.naturalWidth, image.naturalHeight]);
  const text = await result.innerText();
  const missing = options.parameter.filter(name => !text.includes(`${name}:`));
  await result.screenshot({ path: options.screenshot });
  console.log(`boxplot shown: ${width} x ${height} px; parameters listed: ${options.parameter.join(', ') || '(none asked)'}`);
  console.log(`screenshot: ${resolve(options.screenshot)}`);
  if (missing.length > 0) {
    console.error(`parameters not listed on the page: ${missing.join(', ')}`);
    process.exitCode = 1;
  }
  if (outside.length > 0) {
    console.error(`the report made requests beyond its own file: ${outside.join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
}
