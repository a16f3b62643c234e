// Opens the single-file Allure report in headless Chromium (Debian's, no browser download) and checks, in one go:
//  - the overview: the Environment widget lists what the framework wrote to environment.properties (host profile,
//    kernel, CPUs, JDK: the keys and their values), the Categories widget lists telvirt's categories
//    (categories.json) and nothing else, every failure sorted, and the Trend widget has at least two builds;
//  - one test's page: the headline parameters (loss, p50, p99, MOS with a number, SLO) and any others asked for,
//    and its figure's boxplot (the "Tear down" fixture that FigureReport writes), loaded;
//  - that the report requested nothing outside its own file.
// Saves a screenshot of each. Exit code 0 when all of it is shown, 1 naming what is missing, 2 on a wrong call.
import { chromium } from 'playwright-core';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

// RunReporting.headline: the numbers at the top of every measured test's page
const HEADLINE = ['loss', 'p50', 'p99', 'MOS', 'SLO'];
// RunReporting.environment: what every measured run records (xen.* on Xen besides)
const ENVIRONMENT = ['telvirt.host', 'kernel', 'cpus', 'java'];

const { values: options } = parseArgs({
  options: {
    report: { type: 'string', default: 'allure-report/index.html' },
    results: { type: 'string', default: 'allure-results' },
    suite: { type: 'string' },
    test: { type: 'string' },
    parameter: { type: 'string', multiple: true, default: [] },
    environment: { type: 'string', multiple: true, default: ENVIRONMENT },
    category: { type: 'string', multiple: true, default: [] },
    'min-builds': { type: 'string', default: '2' },
    screenshot: { type: 'string', default: 'docs/allure-test-page.png' },
    'overview-screenshot': { type: 'string', default: 'docs/allure-overview.png' },
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
const minBuilds = Number.parseInt(options['min-builds'], 10);

const missing = [];
const results = resolve(options.results);
const environment = readProperties(join(results, 'environment.properties'));
const definedCategories = readCategories(join(results, 'categories.json'));

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

  await page.goto(`file://${report}#`);
  await overview(page);
  await page.screenshot({ path: options['overview-screenshot'], fullPage: true });
  console.log(`screenshot: ${resolve(options['overview-screenshot'])}`);

  await page.goto(`file://${report}#suites`);
  await testPage(page);

  if (outside.length > 0) {
    missing.push(`the report made requests beyond its own file: ${outside.join(', ')}`);
  }
} finally {
  await browser.close();
}
if (missing.length > 0) {
  for (const what of missing) console.error(`MISSING: ${what}`);
  process.exit(1);
}
console.log('everything shown');

/** The Environment, Categories and Trend widgets of the overview page. */
async function overview(page) {
  const widget = id => page.locator(`.widget[data-id="${id}"]`);
  for (const id of ['environment', 'categories', 'history-trend', 'summary']) {
    await widget(id).waitFor({ timeout: 15000 });
  }

  // Environment: each key the framework writes, with the value it wrote
  const showAll = widget('environment').getByText('Show all', { exact: true });
  if (await showAll.count() > 0) await showAll.click();
  const rows = await widget('environment').locator('.table__row').evaluateAll(found => found.map(row =>
    [...row.querySelectorAll('.table__col')].map(col => col.innerText.trim())));
  const shown = new Map(rows.filter(cols => cols.length >= 2).map(([key, ...values]) => [key, values.join(' ')]));
  if (environment === null) {
    missing.push(`${join(options.results, 'environment.properties')}: not written (no run measured)`);
  }
  for (const key of options.environment) {
    const expected = environment?.get(key);
    if (environment !== null && expected === undefined) {
      missing.push(`environment.properties has no ${key}`);
    } else if (!shown.has(key)) {
      missing.push(`Environment widget: ${key} not listed`);
    } else if (expected !== undefined && !shown.get(key).includes(expected)) {
      missing.push(`Environment widget: ${key} shows "${shown.get(key)}", environment.properties has "${expected}"`);
    }
  }
  console.log(`environment: ${[...shown].map(([key, value]) => `${key}=${value}`).join('; ') || '(none)'}`);

  // Categories: telvirt's own, every failed or broken test in one, nothing of Allure's defaults
  const categories = await widget('categories').locator('a.table__row').evaluateAll(found => found
    .map(row => [...row.querySelectorAll('.table__col')].map(col => col.innerText.trim()))
    .filter(cols => cols.length >= 2)
    .map(([name, count]) => ({ name, count: Number.parseInt(count, 10) || 0 })));
  if (definedCategories === null) {
    missing.push(`${join(options.results, 'categories.json')}: not written`);
  } else {
    console.log(`categories defined: ${definedCategories.join(', ')}`);
  }
  const unsorted = await failedOrBroken(page);
  const sorted = categories.reduce((sum, category) => sum + category.count, 0);
  for (const category of categories) {
    if (definedCategories !== null && !definedCategories.includes(category.name)) {
      missing.push(`Categories widget: "${category.name}" is not one of categories.json's`);
    }
  }
  for (const name of options.category) {
    if (!categories.some(category => category.name === name)) {
      missing.push(`Categories widget: "${name}" not shown`);
    }
  }
  if (unsorted > 0 && sorted < unsorted) {
    missing.push(`Categories widget: ${unsorted} tests failed or broke, ${sorted} are in a category`);
  }
  if (categories.length === 0 && options.category.length === 0 && unsorted === 0) {
    missing.push('Categories widget: nothing shown (no test failed, so no category has a member)');
  }
  console.log(`categories shown: ${categories.map(c => `${c.name} (${c.count})`).join(', ') || '(none)'}`
    + `; failed or broken tests: ${unsorted}`);

  // Trend: one slice per build in the history
  const builds = await widget('history-trend').locator('.history-trend__chart .slice').count();
  if (builds < minBuilds) {
    missing.push(`Trend widget: ${builds} builds, at least ${minBuilds} wanted (build the report after each run,`
      + ' keeping allure-history/)');
  }
  console.log(`trend: ${builds} builds`);
}

/** Failed plus broken tests, as the Suites widget counts them for the suites it lists. */
async function failedOrBroken(page) {
  return page.locator('.widget[data-id="suites"] .bar__fill_status_failed, '
    + '.widget[data-id="suites"] .bar__fill_status_broken').evaluateAll(bars => bars
    .reduce((sum, bar) => sum + (Number.parseInt(bar.innerText, 10) || 0), 0));
}

/** One test's page: its headline and other parameters, its figure's boxplot. */
async function testPage(page) {
  await page.getByText(options.suite, { exact: true }).click();
  await page.getByText(options.test, { exact: true }).first().click();
  const result = page.locator('.test-result');
  await result.waitFor();
  let boxplot = null;
  try {
    await page.getByText('Tear down', { exact: true }).click({ timeout: 10000 });
    await page.locator('.step__title', { hasText: 'boxplot of' }).first().click({ timeout: 10000 });
    await page.locator('.attachment-row__name', { hasText: 'boxplot:' }).first().click({ timeout: 10000 });
    await page.waitForFunction(() => {
      const image = document.querySelector('.attachment-row__content img');
      return image && image.complete && image.naturalWidth > 0;
    }, null, { timeout: 15000 });
    boxplot = await page.locator('.attachment-row__content img').first()
      .evaluate(image => `${image.naturalWidth} x ${image.naturalHeight} px`);
  } catch (notThere) {
    missing.push(`test page: the figure's boxplot (Tear down, "boxplot of ...") not shown: ${notThere.message.split('\n')[0]}`);
  }
  const text = await result.innerText();
  const asked = [...HEADLINE, ...options.parameter];
  for (const name of asked) {
    if (!text.includes(`${name}:`)) missing.push(`test page: parameter ${name} not listed`);
  }
  const mos = text.match(/(?:^|\n)\s*MOS:\s*(\S+)/);
  if (mos && !/^\d+(\.\d+)?$/.test(mos[1])) {
    missing.push(`test page: MOS is "${mos[1]}", not a rating`);
  }
  const slo = text.match(/(?:^|\n)\s*SLO:\s*([^\n]+)/);
  // the page scrolls inside its pane: a window as tall as the result shows all of it, boxplot included
  const height = await result.evaluate(element => element.scrollHeight);
  await page.setViewportSize({ width: 1600, height: Math.min(8000, Math.max(1300, height + 100)) });
  await result.evaluate(element => element.scrollIntoView({ block: 'start' }));
  await result.screenshot({ path: options.screenshot });
  console.log(`test page: boxplot ${boxplot ?? 'not shown'}; MOS ${mos ? mos[1] : '(none)'}; SLO ${slo ? slo[1].trim() : '(none)'}`);
  console.log(`parameters checked: ${asked.join(', ')}`);
  console.log(`screenshot: ${resolve(options.screenshot)}`);
}

function readProperties(file) {
  if (!existsSync(file)) return null;
  const properties = new Map();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = line.match(/^\s*([^#!=:\s][^=:]*?)\s*[=:]\s*(.*)$/);
    if (match) properties.set(match[1].replace(/\\(.)/g, '$1'), match[2].replace(/\\(.)/g, '$1').trim());
  }
  return properties;
}

function readCategories(file) {
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')).map(category => category.name);
}
